/**
 * What the audit can decide about a condition, and what it cannot.
 *
 * A request the audit asks about is only partly known: it knows the opt-in tag (the target lacks
 * it), and, for a request that puts the opt-in key on a node, the request's tag keys. Every other
 * condition key (MFA, source IP, principal tags, other resource tags, ...) depends on a request the
 * audit has not seen: such a condition is "unknown", and a grant that rests on it is reported with
 * `conditional: true`, never allowed or dropped silently.
 *
 * Decided:
 * - `<service>:ResourceTag/K` (ssm:resourceTag/K, aws:ResourceTag/K, ec2:ResourceTag/K, ...) with K
 *   the opt-in key, on a target that lacks the opt-in tag: positive operators listing only accepted
 *   values are false (the grant reaches opted-in nodes only); IfExists, negated operators,
 *   ForAllValues and `Null = true` are true (they let an untagged node through). A positive operator
 *   that lists a value that is not an accepted one (or a pattern, or a policy variable) is unknown:
 *   it reaches nodes whose K tag has another value, which are not opted in either.
 * - `aws:TagKeys`, when the request's tag keys are exactly the opt-in key (in its own case, or in
 *   another case: EC2 keeps both as different tags, while IAM reads tag keys in condition keys
 *   ignoring case).
 * - `BoolIfExists ssm:SessionDocumentAccessCheck = true`: it narrows the session documents, not the
 *   nodes, so a session on an untagged node can satisfy it.
 */
import type { ConditionEntry } from "../policy-input";
import { globMatches } from "../glob";

export type Truth = true | false | "unknown";

export interface OptInTag {
  key: string;
  /** Accepted values; undefined: any value of the key opts a node in. */
  values?: string[];
  /** Values compared ignoring case (a profile's `ignoreCase` match). */
  ignoreCase: boolean;
}

/** What the audit knows of the request it asks about. */
export interface World {
  id: string;
  /** The target (and every other resource of the request) lacks this opt-in tag. */
  lacksTag?: OptInTag;
  /** The request's aws:TagKeys is this one key; `exactCase` false: the key written in another case. */
  tagKeys?: { key: string; exactCase: boolean };
  /** BoolIfExists ssm:SessionDocumentAccessCheck = true can be satisfied. */
  sessionDocumentCheck?: boolean;
  /** Who makes the request, when known (SCPs are asked per principal): decides aws:PrincipalArn and aws:PrincipalAccount. */
  principal?: { arn: string; account?: string };
}

interface Operator {
  set?: "any" | "all";
  base: string;
  ifExists: boolean;
  negated: boolean;
}

function parseOperator(op: string): Operator {
  let rest = op;
  let set: Operator["set"];
  const m = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (m) {
    set = m[1].toLowerCase() === "foranyvalue" ? "any" : "all";
    rest = rest.slice(m[0].length);
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -"IfExists".length);
  return { set, base: rest, ifExists, negated: /Not/.test(rest) };
}

const RESOURCE_TAG = /^[a-z0-9-]+:resourcetag\/(.+)$/i;
/** A policy variable other than the literal ones (${*}, ${?}, ${$}). */
const VARIABLE = /\$\{(?![*?$]\})[^}]*\}/;
const literal = (v: string) => v.replace(/\$\{([*?$])\}/g, "$1");

/** Could a node whose K tag has this value be outside the opt-in? (A value it would compare as accepted is not.) */
function reachesOtherValues(base: string, value: string, tag: OptInTag): boolean {
  if (!tag.values) return false;
  if (VARIABLE.test(value)) return true;
  const v = literal(value);
  const b = base.toLowerCase();
  const accepted = (x: string) => tag.values!.some((a) => (tag.ignoreCase ? a.toLowerCase() === x.toLowerCase() : a === x));
  if (b === "stringequals") return !accepted(v);
  if (b === "stringequalsignorecase")
    // Matches every case of v: within the opt-in only if the opt-in ignores case too, or v has no case.
    return !accepted(v) || (!tag.ignoreCase && v.toLowerCase() !== v.toUpperCase());
  if (b === "stringlike") return /[*?]/.test(value.replace(/\$\{[*?$]\}/g, "")) || !accepted(v);
  return true;
}

function onLackingTag(c: ConditionEntry, op: Operator, tag: OptInTag): Truth {
  if (op.base.toLowerCase() === "null") {
    // Null = true: "the key is absent", as on an untagged node; Null = false needs some K tag.
    return c.values.every((v) => v.toLowerCase() === "true") ? true : "unknown";
  }
  if (op.ifExists || op.set === "all") return true;
  // ForAnyValue over an absent key is false; over a K tag of another value, a negated one may hold.
  if (op.set === "any" && op.negated) return "unknown";
  if (op.negated) return true;
  if (!/^string/i.test(op.base)) return "unknown";
  // A positive operator: false on an untagged node; on a node whose K has another value, maybe.
  return c.values.some((v) => reachesOtherValues(op.base, v, tag)) ? "unknown" : false;
}

/** `Null` on a key the request has: "false" (the key is present) holds, "true" does not. */
const nullOnPresentKey = (c: ConditionEntry): Truth =>
  c.values.every((v) => v.toLowerCase() === "false") ? true : c.values.every((v) => v.toLowerCase() === "true") ? false : "unknown";

function onTagKeys(c: ConditionEntry, op: Operator, keys: NonNullable<World["tagKeys"]>): Truth {
  const b = op.base.toLowerCase();
  if (b === "null") return nullOnPresentKey(c);
  // A single-valued operator on a multivalued key: IAM's result is not one to rely on.
  if (!op.set) return "unknown";
  const positive = b.replace(/not/, "");
  let matches: Truth;
  if (c.values.some((v) => VARIABLE.test(v))) matches = "unknown";
  else if (positive === "stringequals") matches = keys.exactCase && c.values.some((v) => literal(v) === keys.key);
  else if (positive === "stringequalsignorecase") matches = c.values.some((v) => literal(v).toLowerCase() === keys.key.toLowerCase());
  else if (positive === "stringlike") {
    if (keys.exactCase) matches = c.values.some((v) => globMatches(v, keys.key));
    else {
      // The key in another case: a pattern that matches it in every case (say "*") matches for sure.
      const variants = [keys.key, keys.key.toLowerCase(), keys.key.toUpperCase()];
      const all = c.values.some((v) => variants.every((k) => globMatches(v, k)));
      matches = all ? true : c.values.some((v) => /[*?]/.test(v) && globMatches(v, keys.key, true)) ? "unknown" : false;
    }
  } else return "unknown";
  if (matches === "unknown") return "unknown";
  // One key in the request: ForAnyValue and ForAllValues agree.
  return op.negated ? !matches : matches;
}

/**
 * A single-valued key whose value is known (aws:PrincipalArn, aws:PrincipalAccount): the string and
 * ARN operators, plain or negated, IfExists (the key exists) alike; set operators, policy variables
 * and other operators are unknown.
 */
function onKnownValue(c: ConditionEntry, op: Operator, value: string): Truth {
  const b = op.base.toLowerCase();
  if (b === "null") return nullOnPresentKey(c);
  if (op.set || c.values.some((v) => VARIABLE.test(v))) return "unknown";
  const positive = b.replace("not", "");
  let matches: boolean;
  if (positive === "stringequals") matches = c.values.some((v) => literal(v) === value);
  else if (positive === "stringequalsignorecase") matches = c.values.some((v) => literal(v).toLowerCase() === value.toLowerCase());
  // ArnEquals and ArnLike both read * and ? as wildcards (IAM User Guide, "ARN condition operators").
  else if (positive === "stringlike" || positive === "arnlike" || positive === "arnequals")
    matches = c.values.some((v) => globMatches(v, value));
  else return "unknown";
  return op.negated ? !matches : matches;
}

/** One condition entry in a world: true, false, or unknown (the audit cannot decide it). */
export function evalCondition(c: ConditionEntry, world: World): Truth {
  const op = parseOperator(c.operator);
  const key = c.key.toLowerCase();
  const tagKey = RESOURCE_TAG.exec(c.key)?.[1];
  if (world.lacksTag && tagKey !== undefined && tagKey.toLowerCase() === world.lacksTag.key.toLowerCase())
    return onLackingTag(c, op, world.lacksTag);
  if (world.tagKeys && key === "aws:tagkeys") return onTagKeys(c, op, world.tagKeys);
  if (world.sessionDocumentCheck && key === "ssm:sessiondocumentaccesscheck" && op.base.toLowerCase() === "bool" && op.ifExists && !op.set)
    return c.values.every((v) => v.toLowerCase() === "true") ? true : "unknown";
  if (world.principal && key === "aws:principalarn") return onKnownValue(c, op, world.principal.arn);
  if (world.principal?.account && key === "aws:principalaccount") return onKnownValue(c, op, world.principal.account);
  return "unknown";
}

/** Every entry of a statement's Condition must hold: false wins, then unknown (with the entries left undecided). */
export function evalConditions(conditions: ConditionEntry[], world: World): { truth: Truth; undecided: ConditionEntry[] } {
  const undecided: ConditionEntry[] = [];
  for (const c of conditions) {
    const t = evalCondition(c, world);
    if (t === false) return { truth: false, undecided: [] };
    if (t === "unknown") undecided.push(c);
  }
  return { truth: undecided.length ? "unknown" : true, undecided };
}

export const conditionText = (c: ConditionEntry) =>
  `${c.operator} ${c.key} = ${c.values.length === 1 ? c.values[0] : `[${c.values.join(", ")}]`}`;
