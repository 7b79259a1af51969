import { type Env, evalList, evalStr } from "./expr";
import type { ModuleModel, ModuleVariable } from "./module";
import type { Statement } from "./policy";

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

const uniqueSorted = (xs: string[]) => [...new Set(xs)].sort();

export function evalStatement(s: Statement, env: Env): PolicyDocument["Statement"][number] {
  const out: PolicyDocument["Statement"][number] = {
    Sid: s.sid,
    Effect: s.effect,
    Action: uniqueSorted(s.actions),
    Resource: uniqueSorted(evalList(s.resources, env)),
  };
  if (s.conditions.length) {
    out.Condition = {};
    for (const c of s.conditions) {
      const byKey = (out.Condition[c.test] ??= {});
      byKey[evalStr(c.variable, env)] = uniqueSorted(evalList(c.values, env));
    }
  }
  return out;
}

/** The module's variables at their defaults, with overrides. */
export function envFor(
  model: ModuleModel,
  partition = "aws",
  overrides: Record<string, string | string[]> = {},
): Env {
  const vars: Record<string, string | string[]> = {};
  for (const v of model.variables as ModuleVariable[]) {
    if (typeof v.default === "string" || Array.isArray(v.default)) vars[v.name] = v.default;
  }
  return { partition, vars: { ...vars, ...overrides } };
}

/** The concrete policy the module renders for the given inputs. */
export function evalPolicy(model: ModuleModel, env: Env): PolicyDocument {
  return { Version: "2012-10-17", Statement: model.policy.statements.map((s) => evalStatement(s, env)) };
}

/** Characters IAM counts against the managed-policy limit: the JSON without whitespace. */
export function policyChars(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}
