/**
 * What one statement names for a request: the action (Action or NotAction), the [Resource pattern,
 * target] pairs an Allow names, and whether a Deny names every resource of such pairs. Shared by
 * the identity-policy evaluator (evaluate.ts) and SCPs (scp.ts).
 */
import type { PolicyStatement } from "../policy-input";
import { actionMatches, patternsIntersect, resourceCovers, resourcesIntersect } from "./match";

export const namesAction = (s: PolicyStatement, action: string) =>
  s.action ? s.action.some((p) => actionMatches(p, action)) : !(s.notAction ?? []).some((p) => actionMatches(p, action));

/** The [pattern, target] pairs an Allow names: its Resource patterns against the targets, or the targets NotResource leaves. */
export function allowPairs(s: PolicyStatement, targets: string[]): [string, string][] {
  if (s.resource) return s.resource.flatMap((r) => targets.filter((t) => resourcesIntersect(r, t)).map((t): [string, string] => [r, t]));
  if (s.notResource) {
    const excluded = (t: string) => (t === "*" ? s.notResource!.includes("*") : s.notResource!.some((n) => resourceCovers(n, t)));
    return targets.filter((t) => !excluded(t)).map((t): [string, string] => [t, t]);
  }
  return [];
}

/** Does a Deny name every resource of these pairs? */
export function denyCovers(d: PolicyStatement, pairs: [string, string][]): boolean {
  if (d.resource) return pairs.every(([r, t]) => d.resource!.some((x) => resourceCovers(x, r) || resourceCovers(x, t)));
  if (d.notResource)
    return pairs.every(
      ([r, t]) => !d.notResource!.some((n) => (t === "*" ? n === "*" : patternsIntersect(n, t) && patternsIntersect(n, r))),
    );
  return false;
}
