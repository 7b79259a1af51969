import { type Bindings, bindList, bindStr } from "../model/bind";
import type { Check, Rule } from "../model/checks";
import { type List, type Str, evalList, evalStr } from "../model/expr";
import { envFor } from "../model/policy-document";
import type { ModuleVariable } from "../model/module";
import { type Statement, groupByOperator } from "../model/policy";
import { ROLE_VAR } from "../model/role";
import { type ResolvedStackSetParameter, type StackSetModel, stackSetParameters, templateBindings } from "../model/stackset";
import { profileNotice } from "../model/generated";

/**
 * The CloudFormation renderer: the account module's policies as AWS::IAM::ManagedPolicy resources,
 * and its role as AWS::IAM::Role. The model's expressions are partially evaluated (model/bind.ts):
 * each module variable the template takes as a parameter becomes a variable named after that
 * parameter, the others their values; what is left renders as CloudFormation: a variable alone as
 * { Ref }, a string built of literals, the partition, the account and variables as Fn::Sub (any other
 * "${" written "${!", so that CloudFormation leaves policy variables such as ${aws:userid} for IAM).
 */

export type CfnValue = string | number | boolean | CfnValue[] | { [key: string]: CfnValue };

/** The text of an Fn::Sub for a string expression. */
function subText(e: Str): string {
  switch (e.kind) {
    case "lit":
      return e.value.split("${").join("${!");
    case "partition":
      return "${AWS::Partition}";
    case "account":
      return "${AWS::AccountId}";
    case "var":
      return `\${${e.name}}`;
    case "join":
      return e.parts.map(subText).join("");
    default:
      throw new Error(`CloudFormation has no function for a model expression of kind ${e.kind}`);
  }
}

/** A string expression, its variables already bound to the template's parameters. */
export function cfnStr(e: Str): CfnValue {
  switch (e.kind) {
    case "lit":
      return e.value;
    case "var":
      return { Ref: e.name };
    case "partition":
      return { Ref: "AWS::Partition" };
    case "account":
      return { Ref: "AWS::AccountId" };
    default:
      return { "Fn::Sub": subText(e) };
  }
}

/** A list expression, its variables already bound: items, or { Ref } of a list parameter. */
export function cfnList(e: List): CfnValue {
  switch (e.kind) {
    case "list":
      return e.items.map(cfnStr);
    case "listVar":
      return { Ref: e.name };
    default:
      // A map over a parameter's list, or a concatenation with one: CloudFormation maps no lists.
      throw new Error(`CloudFormation has no function for a model list of kind ${e.kind}`);
  }
}

/**
 * The policy document as JSON text for one Fn::Sub. JSON keys take no intrinsic function (the opt-in
 * key stands in the condition key ssm:resourceTag/KEY), and CloudFormation can neither escape a value
 * for JSON nor map a list: so the document is a string, and every part of it that depends on a module
 * variable is a parameter that carries its JSON text (StackSetParameter.jsonOf), computed by Terraform
 * from the same model expression. The rest is literal JSON, the partition and the account.
 */
interface JsonParams {
  str: Map<string, string>;
  list: Map<string, string>;
}

const subLiteral = (jsonText: string) => jsonText.split("${").join("${!");
const exprKey = (e: Str | List) => JSON.stringify(e);

/** The inside of a JSON string (no quotes) for a string expression. */
function strBody(e: Str, params: JsonParams): string {
  const param = params.str.get(exprKey(e));
  if (param) return `\${${param}}`;
  switch (e.kind) {
    case "lit":
      return subLiteral(JSON.stringify(e.value).slice(1, -1));
    case "partition":
    case "account":
      return subText(e);
    case "join":
      return e.parts.map((x) => strBody(x, params)).join("");
    default:
      throw new Error(`the template has no parameter for the model expression ${exprKey(e)}`);
  }
}

/** A JSON array for a list expression; IAM reads lists as sets: literal items once, in a stable order. */
function listJson(e: List, params: JsonParams): string {
  const param = params.list.get(exprKey(e));
  if (param) return `\${${param}}`;
  if (e.kind !== "list") throw new Error(`the template has no parameter for the model list ${exprKey(e)}`);
  const items = [...new Set(e.items.map((x) => `"${strBody(x, params)}"`))].sort();
  return `[${items.join(",")}]`;
}

/** A policy statement as JSON text, or nothing when its resources come out empty (as the model leaves it out). */
function statementJson(s: Statement, b: Bindings, params: JsonParams): string | undefined {
  const resources = bindList(s.resources, b);
  if (resources.kind === "list" && resources.items.length === 0) return undefined;
  const fields = [
    `"Sid":${subLiteral(JSON.stringify(s.sid))}`,
    `"Effect":"${s.effect}"`,
    `"Action":${subLiteral(JSON.stringify([...new Set(s.actions)].sort()))}`,
    `"Resource":${listJson(resources, params)}`,
  ];
  if (s.conditions.length) {
    const operators = groupByOperator(s.conditions).map(
      (g) =>
        `${JSON.stringify(g.test)}:{${g.conditions
          .map((c) => `"${strBody(bindStr(c.variable, b), params)}":${listJson(bindList(c.values, b), params)}`)
          .join(",")}}`,
    );
    fields.push(`"Condition":{${operators.join(",")}}`);
  }
  return `{${fields.join(",")}}`;
}

function documentSub(statements: Statement[], b: Bindings, params: JsonParams): CfnValue {
  const body = statements.map((s) => statementJson(s, b, params)).filter((x): x is string => x !== undefined);
  return { "Fn::Sub": `{"Version":"2012-10-17","Statement":[${body.join(",")}]}` };
}

/** Logical id of the managed policy that holds part i. */
export const cfnPolicyId = (i: number) => (i === 0 ? "Policy" : `Policy${i + 1}`);

/** CloudFormation's parameter type and default for a module variable. */
function parameterType(v: ModuleVariable): { Type: string; Default?: CfnValue; AllowedValues?: string[] } {
  const d = v.default;
  switch (v.type) {
    case "string":
      return { Type: "String", ...(typeof d === "string" ? { Default: d } : {}) };
    case "list(string)":
      // Terraform passes a list joined with commas; an empty list arrives as [""].
      return { Type: "CommaDelimitedList", ...(Array.isArray(d) ? { Default: d.join(",") } : {}) };
    case "bool":
      return { Type: "String", AllowedValues: ["true", "false"], ...(typeof d === "boolean" ? { Default: String(d) } : {}) };
    case "number":
      return { Type: "Number", ...(typeof d === "number" ? { Default: d } : {}) };
    default:
      throw new Error(`a ${v.type} variable (${v.name}) has no CloudFormation parameter type`);
  }
}

/** A Java regular expression (CloudFormation's dialect) matching the whole value, from an anchored JS one. */
const anchored = (pattern: RegExp) =>
  pattern.source.startsWith("^") && pattern.source.endsWith("$") ? pattern.source : `^(?:${pattern.source})$`;

/** One pattern that every one of these (anchored) patterns must match. */
const allOf = (patterns: string[]) => (patterns.length === 1 ? patterns[0] : `^${patterns.map((x) => `(?=${x})`).join("")}[\\s\\S]*$`);

/**
 * The parameter constraints that say what a check of the variable says, where CloudFormation can:
 * AllowedPattern (on each member of a list), MinLength/MaxLength, MinValue/MaxValue. Returns
 * undefined for a check they cannot state (it then holds in Terraform only).
 */
function constraintOf(c: Check, list: boolean): { patterns: string[]; min?: number; max?: number } | undefined {
  switch (c.kind) {
    case "matches":
    case "allMatch":
      return { patterns: [anchored(c.pattern)] };
    case "lengthBetween":
      return list ? undefined : { patterns: [], min: c.min, max: c.max };
    case "allLengthAtMost":
      // Java counts UTF-16 units where Terraform counts characters: a bound Terraform also checks.
      return { patterns: [`^[\\s\\S]{0,${c.max}}$`] };
    case "noPrefixIgnoringCase":
      return { patterns: [`^(?!(?i)${c.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})[\\s\\S]*$`] };
    case "numberBetween":
      return { patterns: [], min: c.min, max: c.max };
    case "emptyOr": {
      const inner = constraintOf(c.check, list);
      if (!inner) return undefined;
      const lengths = inner.min !== undefined || inner.max !== undefined ? [`^[\\s\\S]{${inner.min ?? 0},${inner.max ?? ""}}$`] : [];
      return { patterns: [`^$|${allOf([...lengths, ...inner.patterns])}`] };
    }
    case "all": {
      const parts = c.checks.map((x) => constraintOf(x, list));
      if (parts.some((x) => !x)) return undefined;
      return parts.reduce<{ patterns: string[]; min?: number; max?: number }>(
        (acc, x) => ({ patterns: [...acc.patterns, ...x!.patterns], min: x!.min ?? acc.min, max: x!.max ?? acc.max }),
        { patterns: [] },
      );
    }
    default:
      return undefined;
  }
}

/** The parameter's constraints from its variable's rules, with the rules' words. */
function parameterConstraints(p: ResolvedStackSetParameter): Record<string, CfnValue> {
  const list = p.source.type === "list(string)";
  const patterns: string[] = [];
  const out: Record<string, CfnValue> = {};
  const messages: string[] = [];
  for (const r of p.source.validations) {
    const c = constraintOf(r.check, list);
    if (!c) continue;
    patterns.push(...c.patterns);
    const [min, max] = p.source.type === "number" ? ["MinValue", "MaxValue"] : ["MinLength", "MaxLength"];
    if (c.min !== undefined) out[min] = c.min;
    if (c.max !== undefined) out[max] = c.max;
    messages.push(r.message);
  }
  // Terraform's empty list arrives as [""], which a list's pattern must then accept.
  const empty = list && !(Array.isArray(p.source.default) && p.source.default.length > 0) ? ["^$"] : [];
  if (patterns.length) out.AllowedPattern = [...empty, allOf(patterns)].join("|");
  if (messages.length) out.ConstraintDescription = messages.join(" ");
  return out;
}

/** Java patterns of JSON text that cannot break out of its place in the document: a string's inside, an array of strings. */
const JSON_STRING_BODY = '(?:[^"\\\\\\x00-\\x1f]|\\\\["\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*';
const JSON_STRING_ARRAY = `^\\[(?:"${JSON_STRING_BODY}"(?:,"${JSON_STRING_BODY}")*)?\\]$`;

/**
 * A JSON-text parameter: a String, its default the JSON of the expression at the module's defaults.
 * Its pattern keeps it in its place in the document; the variable's own rules (lengths of the
 * unescaped value) are Terraform's, where the StackSet module checks them as the account module does.
 */
function jsonParameter(p: ResolvedStackSetParameter & { jsonOf: Str | List }, model: StackSetModel): Record<string, CfnValue> {
  const env = envFor(model);
  const isList = ["list", "listVar", "map", "concat"].includes(p.jsonOf.kind);
  const value = isList ? JSON.stringify(evalList(p.jsonOf as List, env)) : JSON.stringify(evalStr(p.jsonOf as Str, env)).slice(1, -1);
  const nonEmpty = p.source.validations.some((r) => JSON.stringify(r.check).includes('"nonEmptyList"'));
  const noAws = p.source.validations.some((r) => JSON.stringify(r.check).includes('"noPrefixIgnoringCase"'));
  return {
    Type: "String",
    Description: p.description ?? p.source.description,
    Default: value,
    AllowedPattern: isList
      ? nonEmpty
        ? `^(?!\\[\\]$)${JSON_STRING_ARRAY.slice(1)}`
        : JSON_STRING_ARRAY
      : `^${noAws ? "(?!(?i)aws:)" : ""}${JSON_STRING_BODY}$`,
    ...(!isList ? { MinLength: 1 } : {}),
    ConstraintDescription: `JSON text of ${p.variable} (written by the StackSet module): ${p.source.validations.map((r) => r.message).join(" ")}`,
  };
}

function parameters(model: StackSetModel): Record<string, CfnValue> {
  return Object.fromEntries(
    stackSetParameters(model).map((p) => {
      if (p.jsonOf) return [p.name, jsonParameter({ ...p, jsonOf: p.jsonOf }, model)];
      const { Type, Default, AllowedValues } = parameterType(p.source);
      return [
        p.name,
        {
          Type,
          Description: p.description ?? p.source.description,
          ...(AllowedValues ? { AllowedValues } : {}),
          ...(Default !== undefined ? { Default } : {}),
          ...parameterConstraints(p),
          ...(p.noEcho ? { NoEcho: true } : {}),
        },
      ];
    }),
  );
}

/**
 * A rule's assertion in the rule functions CloudFormation allows in Rules (the template reference's
 * "Rules" page), for the checks a rule can state; a list parameter holds [""] when Terraform's list is empty.
 */
function ruleAssert(c: Check, param: (variable: string) => string): CfnValue {
  switch (c.kind) {
    case "nonEmptyString":
      return { "Fn::Not": [{ "Fn::Equals": [{ Ref: param(c.str) }, ""] }] };
    case "nonEmptyList":
      return { "Fn::Not": [{ "Fn::Contains": [{ Ref: param(c.list) }, ""] }] };
    default:
      throw new Error(`a ${c.kind} check has no CloudFormation rule`);
  }
}

/** The role's preconditions as one rule that holds when the role is created. */
function roleRule(checks: Rule[], createRole: string, param: (variable: string) => string): Record<string, CfnValue> {
  return {
    RuleCondition: { "Fn::Equals": [{ Ref: createRole }, "true"] },
    Assertions: checks.map((r) => ({ Assert: ruleAssert(r.check, param), AssertDescription: r.message })),
  };
}

/** The template, with its parameters from the model. */
export function cloudFormationTemplate(model: StackSetModel): Record<string, CfnValue> {
  const account = model.account;
  const b = templateBindings(model);
  const param = (variable: string) => {
    const bound = b(variable);
    if (!("variable" in bound)) throw new Error(`module variable ${variable} has no template parameter`);
    return bound.variable;
  };
  const roleNames = cfnList(bindList(account.attachments.forEach, b));
  const jsonParams: JsonParams = { str: new Map(), list: new Map() };
  for (const p of stackSetParameters(model))
    if (p.jsonOf)
      ("kind" in p.jsonOf && ["list", "listVar", "map", "concat"].includes(p.jsonOf.kind) ? jsonParams.list : jsonParams.str).set(
        exprKey(p.jsonOf),
        p.name,
      );
  const resources: Record<string, CfnValue> = {};
  account.policy.parts.forEach((part, i) => {
    resources[cfnPolicyId(i)] = {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        ManagedPolicyName: cfnStr(bindStr(part.name, b)),
        Description: account.policy.description,
        PolicyDocument: documentSub(part.statements, b, jsonParams),
        Roles: { "Fn::If": ["HasRoles", roleNames, { Ref: "AWS::NoValue" }] },
      },
    };
  });
  const role = account.role;
  resources.PlatformRole = {
    Type: "AWS::IAM::Role",
    Condition: "CreateRole",
    Properties: {
      RoleName: cfnStr(bindStr(role.name, b)),
      Description: role.description,
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: role.trust.map((t) => ({
          Sid: t.sid,
          Effect: "Allow",
          Principal: { AWS: cfnList(bindList(t.principals, b)) },
          Action: t.actions,
          Condition: Object.fromEntries(
            groupByOperator(t.conditions).map((g) => [
              g.test,
              Object.fromEntries(
                g.conditions.map((c) => [(bindStr(c.variable, b) as { value: string }).value, cfnList(bindList(c.values, b))]),
              ),
            ]),
          ),
        })),
      },
      MaxSessionDuration: { Ref: param(ROLE_VAR.maxSessionDuration) },
      PermissionsBoundary: {
        "Fn::If": ["HasPermissionsBoundary", { Ref: param(ROLE_VAR.permissionsBoundaryArn) }, { Ref: "AWS::NoValue" }],
      },
      ManagedPolicyArns: account.policy.parts.map((_, i) => ({ Ref: cfnPolicyId(i) })),
    },
  };
  const createRole = param(ROLE_VAR.createRole);
  return {
    // The first key: its line carries the generated-file mark (JSON has no comments).
    Description: `${profileNotice(model.profile.name)} Policies of profile ${model.profile.name}.`.slice(0, 1024),
    AWSTemplateFormatVersion: "2010-09-09",
    Parameters: parameters(model),
    // Rule functions only (template reference, "Rules"): Fn::Join and the like make CloudFormation refuse the template.
    Rules: { RoleNeedsExternalIdAndPrincipals: roleRule(role.checks, createRole, param) },
    Conditions: {
      HasRoles: { "Fn::Not": [{ "Fn::Equals": [{ "Fn::Join": ["", roleNames] }, ""] }] },
      CreateRole: { "Fn::Equals": [{ Ref: createRole }, "true"] },
      HasPermissionsBoundary: { "Fn::Not": [{ "Fn::Equals": [{ Ref: param(ROLE_VAR.permissionsBoundaryArn) }, ""] }] },
    },
    Resources: resources,
    Outputs: {
      ...Object.fromEntries(
        account.policy.parts.map((_, i) => [
          `${cfnPolicyId(i)}Arn`,
          { Description: `ARN of managed policy ${i + 1}.`, Value: { Ref: cfnPolicyId(i) } },
        ]),
      ),
      RoleArn: { Condition: "CreateRole", Description: "ARN of the platform's role.", Value: { "Fn::GetAtt": ["PlatformRole", "Arn"] } },
    },
  };
}

export function renderCloudFormation(model: StackSetModel): string {
  return `${JSON.stringify(cloudFormationTemplate(model), null, 2)}\n`;
}
