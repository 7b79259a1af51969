/**
 * Matching as IAM does, fast enough for an account of thousands of policies: action patterns
 * (case-insensitive wildcards), whether a Resource pattern can name a resource of a target pattern
 * (intersection), and whether a Deny's pattern names every resource an Allow's does (containment).
 * Results are memoised by their strings.
 */
import { arnsIntersect, bothEndsReached, type GlobToken, globTokens } from "../glob";

const actionRegex = new Map<string, RegExp>();

/** Does an Action pattern (`ssm:Send*`, `*`) name this action? */
export function actionMatches(pattern: string, action: string): boolean {
  let re = actionRegex.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    actionRegex.set(pattern, (re = new RegExp(`^${body}$`, "i")));
  }
  return re.test(action);
}

const intersections = new Map<string, boolean>();

/**
 * Can some resource match both patterns? A target "*" stands for the resource of an action that
 * takes no ARN: only a Resource of "*" names it.
 */
export function resourcesIntersect(pattern: string, target: string): boolean {
  if (target === "*") return pattern === "*";
  const key = `${pattern}\u0000${target}`;
  let hit = intersections.get(key);
  if (hit === undefined) intersections.set(key, (hit = arnsIntersect(pattern, target)));
  return hit;
}

/** A policy variable other than the literal ones: its value is not known, so it covers nothing for sure. */
const VARIABLE = /\$\{(?![*?$]\})[^}]*\}/;

const tokensCover = (outer: GlobToken[], inner: GlobToken[]): boolean =>
  bothEndsReached(outer.length, inner.length, (i, j, next) => {
    if (i === outer.length) return;
    const o = outer[i];
    const n = inner[j];
    if (o.t === "any") {
      next(i + 1, j);
      if (n) next(i, j + 1);
    } else if (n && o.t === "one") {
      if (n.t !== "any") next(i + 1, j + 1);
    } else if (n && n.t === "ch" && o.t === "ch" && n.c === o.c) next(i + 1, j + 1);
  });

function arnParts(pattern: string): GlobToken[][] | undefined {
  const parts: GlobToken[][] = [[]];
  for (const t of globTokens(pattern)) {
    if (t.t === "ch" && t.c === ":" && parts.length < 6) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts.length === 6 ? parts : undefined;
}

const containments = new Map<string, boolean>();

/**
 * Does every resource `inner` can name match `outer`? Sound, not complete: when it says yes, it is
 * so; an odd pair of wildcards may get a no that could have been a yes, which keeps an Allow that a
 * Deny might have cancelled (reported, never dropped).
 */
export function resourceCovers(outer: string, inner: string): boolean {
  if (outer === "*") return true;
  if (inner === "*") return false;
  if (outer === inner) return true;
  if (VARIABLE.test(outer)) return false;
  const key = `${outer}\u0000${inner}`;
  let hit = containments.get(key);
  if (hit === undefined) {
    const o = arnParts(outer);
    const n = arnParts(inner);
    hit = o && n ? o.every((part, i) => tokensCover(part, n[i])) : tokensCover(globTokens(outer), globTokens(inner));
    containments.set(key, hit);
  }
  return hit;
}

/** Can some resource match both patterns ("*" matches every one)? */
export function patternsIntersect(a: string, b: string): boolean {
  if (a === "*" || b === "*") return true;
  return resourcesIntersect(a, b);
}

const arnMatchers = new Map<string, RegExp>();

/**
 * Does a Resource pattern name this concrete ARN? Wildcards stay within the first five fields'
 * colons; a policy variable (already substituted where known) stands for any value.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  let re = arnMatchers.get(pattern);
  if (!re) {
    const parts: string[] = [""];
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "$" && pattern[i + 1] === "{" && pattern.indexOf("}", i) > 0) {
        const end = pattern.indexOf("}", i);
        const v = pattern.slice(i + 2, end);
        parts[parts.length - 1] += v === "*" ? "\\*" : v === "?" ? "\\?" : v === "$" ? "\\$" : parts.length < 6 ? "[^:]*" : ".*";
        i = end;
      } else if (c === ":" && parts.length < 6) parts.push("");
      else if (c === "*") parts[parts.length - 1] += parts.length < 6 ? "[^:]*" : ".*";
      else if (c === "?") parts[parts.length - 1] += parts.length < 6 ? "[^:]" : ".";
      else parts[parts.length - 1] += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    arnMatchers.set(pattern, (re = new RegExp(`^${parts.join(":")}$`)));
  }
  return re.test(arn);
}
