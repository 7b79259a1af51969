import { terraformJson } from "./checks";
import { type Env, SAMPLE_ACCOUNT, evalList, evalStr } from "./expr";
import { type Statement, groupByOperator } from "./policy";
import type { ModuleVariable } from "./variables";

/** An IAM policy document as AWS reads it (arrays everywhere, for easy comparison). */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string[]>>;
  }[];
}

/**
 * Which statements a policy document keeps. IAM refuses a statement without resources, so one whose
 * Resource comes out empty (its documents all of the other kind, say) is left out: the module does it
 * at plan time, the model when it evaluates.
 */
export interface StatementFilter {
  kind: "nonEmpty";
  element: "Resource";
}

export const WITH_RESOURCES: StatementFilter = { kind: "nonEmpty", element: "Resource" };

export const keeps = (f: StatementFilter, s: PolicyDocument["Statement"][number]): boolean => s[f.element].length > 0;

const uniqueSorted = (xs: string[]) => [...new Set(xs)].sort();

export function evalStatement(s: Statement, env: Env): PolicyDocument["Statement"][number] {
  const out: PolicyDocument["Statement"][number] = {
    Sid: s.sid,
    Effect: s.effect,
    Action: uniqueSorted(s.actions),
    Resource: uniqueSorted(evalList(s.resources, env)),
  };
  if (s.conditions.length)
    out.Condition = Object.fromEntries(
      groupByOperator(s.conditions).map((g) => [
        g.test,
        Object.fromEntries(g.conditions.map((c) => [evalStr(c.variable, env), uniqueSorted(evalList(c.values, env))])),
      ]),
    );
  return out;
}

/** The policy of these statements, less those the filter leaves out (WITH_RESOURCES, as the module). */
export function evalDocument(statements: Statement[], env: Env, filter: StatementFilter = WITH_RESOURCES): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => evalStatement(s, env)).filter((s) => keeps(filter, s)),
  };
}

/** The module's variables at their defaults, with overrides, in this partition and account. */
export function envFor(
  model: { variables: readonly ModuleVariable[] },
  partition = "aws",
  overrides: Record<string, string | string[]> = {},
  account = SAMPLE_ACCOUNT,
): Env {
  const vars: Record<string, string | string[]> = {};
  for (const v of model.variables) {
    if (typeof v.default === "string" || Array.isArray(v.default)) vars[v.name] = v.default;
  }
  return { partition, account, vars: { ...vars, ...overrides } };
}

/** What the evaluators read of a module (ModuleModel has it): its statements, all and by managed policy. */
export interface ModulePolicies {
  policy: { statements: Statement[]; parts: { statements: Statement[]; keep: StatementFilter }[] };
}

/** Every statement the module's policies hold, as one document (what the principal is granted). */
export function evalPolicy(model: ModulePolicies, env: Env): PolicyDocument {
  return evalDocument(model.policy.statements, env);
}

/** Each managed policy the module creates, in order. */
export function evalPolicies(model: ModulePolicies, env: Env): PolicyDocument[] {
  return model.policy.parts.map((p) => evalDocument(p.statements, env, p.keep));
}

/** Characters IAM counts against the managed-policy limit: the JSON as Terraform writes it, no whitespace. */
export function policyChars(doc: PolicyDocument): number {
  return terraformJson(doc).length;
}
