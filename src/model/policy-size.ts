import { LIMITS } from "../profile/limits";
import { type Env, type List, type Str, concatLists, listOf } from "./expr";
import type { Statement } from "./policy";
import { evalDocument, policyChars } from "./policy-document";

/**
 * Sizing and splitting. IAM counts a managed policy's characters after Terraform has encoded it, in
 * the partition it is created in; the model sizes every policy in the partition with the longest
 * name, so that a policy that fits here fits everywhere.
 */
export const LONGEST_PARTITION = "aws-us-gov";

/** The parts of a resource list that can go to different statements: list items and concatenated lists. */
function units(l: List): List[] {
  if (l.kind === "list") return l.items.map((x: Str) => listOf(x));
  if (l.kind === "concat") return l.lists.flatMap(units);
  return [l];
}

const fits = (statements: Statement[], env: Env, limit: number) => policyChars(evalDocument(statements, env)) <= limit;

/** A statement too large for one policy, cut into statements of consecutive resources that each fit. */
function chunk(s: Statement, env: Env, limit: number): Statement[] {
  if (fits([s], env, limit)) return [s];
  const out: Statement[] = [];
  let current: List[] = [];
  const make = (parts: List[], i: number): Statement => ({
    ...s,
    sid: i === 0 ? s.sid : `${s.sid}${i + 1}`,
    resources: concatLists(parts),
  });
  for (const u of units(s.resources)) {
    const next = [...current, u];
    if (current.length > 0 && !fits([make(next, out.length)], env, limit)) {
      out.push(make(current, out.length));
      current = [u];
    } else current = next;
  }
  if (current.length) out.push(make(current, out.length));
  return out;
}

/**
 * Groups statements into as few managed policies as fit, deterministically: statements keep their
 * order, each goes to the first policy it fits in, and a statement too large for any policy is cut
 * by its resources first. A statement whose single resource list is still too large stays whole
 * (generate then reports the policy over the limit).
 */
export function splitStatements(statements: Statement[], env: Env, limit: number = LIMITS.managedPolicyChars): Statement[][] {
  const parts: Statement[][] = [];
  for (const s of statements.flatMap((x) => chunk(x, env, limit))) {
    const part = parts.find((p) => fits([...p, s], env, limit));
    if (part) part.push(s);
    else parts.push([s]);
  }
  return parts;
}

/** Characters of each part's policy, as Terraform renders it in the longest partition. */
export function partSizes(parts: Statement[][], env: Env): number[] {
  return parts.map((p) => policyChars(evalDocument(p, { ...env, partition: LONGEST_PARTITION })));
}
