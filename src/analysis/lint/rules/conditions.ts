import { arnsIntersect } from "../../glob";
import type { ConditionEntry, PolicyStatement } from "../../policy-input";
import { type ActionInfo, isGlobalKey, keyMatches } from "../service-reference";
import type { RawFinding, RuleFamily } from "../types";

const BASE_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
];
const OPERATOR = new RegExp(`^(?:(?:ForAnyValue|ForAllValues):)?(?:${BASE_OPERATORS.join("|")})(?:IfExists)?$|^Null$`, "i");

const LIKE = /^(?:(?:ForAnyValue|ForAllValues):)?String(?:Not)?Like(?:IfExists)?$/i;
/** A wildcard of a Like operator; policy variables such as ${aws:userid} are values, not wildcards. */
const hasLikeWildcard = (v: string) => /[*?]/.test(v.replace(/\$\{[^}]*\}/g, ""));

/** Condition keys the reference lists for the action, or for the resource types the statement names. */
function keyApplies(a: ActionInfo, s: PolicyStatement, key: string): boolean {
  if (isGlobalKey(key) || a.conditionKeys.some((k) => keyMatches(k, key))) return true;
  const named =
    s.resource && !s.resource.includes("*") ? a.resourceTypes.filter((t) => s.resource!.some((r) => arnsIntersect(r, t.arn))) : [];
  const types = named.length ? named : a.resourceTypes;
  return types.some((t) => t.conditionKeys.some((k) => keyMatches(k, key)));
}

function notApplicable(s: PolicyStatement, c: ConditionEntry, actions: ActionInfo[]): RawFinding | undefined {
  // Null tests whether a key is present, and IfExists passes when it is not: both are meant for absent keys.
  if (/^Null$|IfExists$/i.test(c.operator)) return undefined;
  const missing = actions.filter((a) => !keyApplies(a, s, c.key)).map((a) => a.name);
  if (!missing.length) return undefined;
  const negated = /Not/.test(c.operator.replace(/^For(?:Any|All)Value:/, ""));
  const them = missing.length > 1 ? "them" : "it";
  const effect = negated
    ? `${c.operator} on a missing key holds, so the condition restricts nothing for ${them}`
    : `the condition never holds for ${them}, so this statement never ${s.effect === "Allow" ? "grants" : "denies"} ${them}`;
  return {
    ruleId: "condition-key-not-applicable",
    statement: s,
    at: c.key,
    message: `${c.key} is not in the request context of ${missing.join(", ")} (the service reference lists it neither for ${missing.length > 1 ? "these actions" : "the action"} nor for ${missing.length > 1 ? "their" : "its"} resource types): ${effect}.`,
    fix: `Move ${missing.join(", ")} to a statement without this condition, or use a condition key that applies to ${them}.`,
  };
}

export const conditionRules: RuleFamily = {
  rules: [
    {
      id: "unknown-condition-operator",
      severity: "error",
      summary: "A condition operator IAM does not know.",
      help: "IAM refuses a policy with an unknown condition operator.",
    },
    {
      id: "condition-key-not-applicable",
      severity: "error",
      summary: "A condition key that is never in the request of an action of the statement.",
      help: "The service reference lists the condition keys of each action and resource type; any other key (global keys aside) is absent from the request, so a condition on it never holds (or, negated, always holds). E.g. ssm:resourceTag/K on ssm:DescribeInstanceInformation, which has no resource.",
    },
    {
      id: "stringlike-without-wildcard",
      severity: "warning",
      summary: "StringLike with a value that holds no wildcard.",
      help: "Without * or ? StringLike compares like StringEquals but reads the value as a pattern; tag values are not patterns. Prefer StringEquals.",
    },
  ],
  *check({ facts }) {
    for (const { statement: s, exactActions } of facts) {
      const seenOps = new Set<string>();
      for (const c of s.conditions) {
        if (!OPERATOR.test(c.operator)) {
          if (!seenOps.has(c.operator))
            yield {
              ruleId: "unknown-condition-operator",
              statement: s,
              at: c.operator,
              message: `${c.operator} is not an IAM condition operator; IAM refuses the policy.`,
              fix: "Use an operator such as StringEquals, optionally with ForAnyValue:/ForAllValues: and IfExists.",
            };
          seenOps.add(c.operator);
          continue;
        }
        if (exactActions.length) {
          const f = notApplicable(s, c, exactActions);
          if (f) yield f;
        }
        if (LIKE.test(c.operator)) {
          const plain = c.values.filter((v) => !hasLikeWildcard(v));
          if (plain.length)
            yield {
              ruleId: "stringlike-without-wildcard",
              statement: s,
              at: c.key,
              message: `${c.operator} ${c.key} = ${plain.map((v) => JSON.stringify(v)).join(", ")}: no wildcard, so this is an exact comparison written as a pattern.`,
              fix: `Use ${c.operator.replace(/Like/, "Equals")}.`,
            };
        }
      }
    }
  },
};
