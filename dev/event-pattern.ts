/**
 * A matcher of Amazon EventBridge event patterns, for the subset of the documented syntax that
 * scoped-ssm's patterns use (Amazon EventBridge User Guide: "Creating Amazon EventBridge event
 * patterns" and "Content filtering in event patterns"):
 * - a pattern is an object whose fields name fields of the event; nested objects descend;
 * - a leaf is an array of matchers: literal strings, numbers, booleans or null (equal values), or
 *   the content filters { "equals-ignore-case": s }, { "prefix": s }, { "exists": bool };
 * - every field of the pattern must match (AND), any matcher of a leaf may (OR);
 * - where the event holds an array, the pattern matches when any element does (for an object
 *   pattern over an array of objects: when one element matches it whole, which is EventBridge's
 *   reading for patterns of one field per array, as scoped-ssm's are);
 * - { "exists": false } matches when the field is absent, { "exists": true } when present (leaves only);
 * - "$or": [p1, p2, ...] matches when any of the patterns matches at that level.
 * Anything else is refused, so that a pattern this matcher does not understand fails loudly.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every value found at `field` of `node`, reading through arrays. */
function valuesAt(node: Json | undefined, field: string): Json[] {
  if (node === undefined || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, field));
  if (typeof node !== "object") return [];
  const v = node[field];
  if (v === undefined) return [];
  return Array.isArray(v) ? v.flat(Infinity as 1) : [v];
}

function leafMatches(matcher: Json, values: Json[]): boolean {
  if (matcher === null || typeof matcher !== "object") return values.some((v) => v === matcher);
  if (Array.isArray(matcher)) throw new Error("a matcher cannot be an array");
  const [op, arg] = Object.entries(matcher)[0] ?? [];
  if (Object.keys(matcher).length !== 1) throw new Error(`a content filter has one operator: ${JSON.stringify(matcher)}`);
  const strings = values.filter((v): v is string => typeof v === "string");
  switch (op) {
    case "equals-ignore-case":
      if (typeof arg !== "string") throw new Error("equals-ignore-case takes a string");
      return strings.some((v) => v.toLowerCase() === arg.toLowerCase());
    case "prefix":
      if (typeof arg !== "string") throw new Error("prefix takes a string");
      return strings.some((v) => v.startsWith(arg));
    case "exists":
      if (typeof arg !== "boolean") throw new Error("exists takes a boolean");
      return arg ? values.length > 0 : values.length === 0;
    default:
      throw new Error(`content filter ${op} is not supported by this matcher`);
  }
}

/** Whether the object pattern matches the node (an event, or a part of it). */
function objectMatches(pattern: { [key: string]: Json }, node: Json | undefined): boolean {
  return Object.entries(pattern).every(([field, p]) => {
    if (field === "$or") {
      if (!Array.isArray(p)) throw new Error("$or takes an array of patterns");
      return p.some((branch) => objectMatches(branch as { [key: string]: Json }, node));
    }
    const values = valuesAt(node, field);
    if (Array.isArray(p)) {
      if (p.length === 0) throw new Error(`empty matcher list at ${field}`);
      return p.some((m) => leafMatches(m, values));
    }
    if (p === null || typeof p !== "object") throw new Error(`pattern field ${field} must be an array or an object`);
    // A nested pattern: an absent field matches only where every leaf below accepts absence.
    if (values.length === 0) return objectMatches(p, undefined);
    return values.some((v) => objectMatches(p, v));
  });
}

export function eventMatches(pattern: object, event: object): boolean {
  return objectMatches(pattern as { [key: string]: Json }, event as Json);
}
