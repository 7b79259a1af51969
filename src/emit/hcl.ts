import type { Check } from "../model/checks";
import type { List, Pred, Str } from "../model/expr";
import type { OutputValue } from "../model/outputs";

/**
 * HCL text for model values. Every user string that reaches HCL passes through here, so that it
 * comes out meaning exactly what the user wrote.
 */

/** Escapes a string for the inside of an HCL quoted string (or a JSON-syntax Terraform string). */
export function escapeHclString(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  // Template sequences: ${ and %{ would be interpolation or directives.
  return out.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

export const hclString = (s: string): string => `"${escapeHclString(s)}"`;

/** A string for an HCL comment or a one-line Markdown cell: no line breaks, no control characters. */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
}

const PARTITION = "data.aws_partition.current.partition";
const ACCOUNT = "data.aws_caller_identity.current.account_id";
const ITEM = "item";

/** The inside of a template (no quotes) for a string expression. */
function templatePart(e: Str): string {
  return e.kind === "lit" ? escapeHclString(e.value) : `\${${hclStr(e)}}`;
}

export function hclStr(e: Str): string {
  switch (e.kind) {
    case "lit":
      return hclString(e.value);
    case "var":
      return `var.${e.name}`;
    case "partition":
      return PARTITION;
    case "account":
      return ACCOUNT;
    case "item":
      return ITEM;
    case "join":
      return `"${e.parts.map(templatePart).join("")}"`;
    case "first":
      return `${hclList(e.list)}[0]`;
    case "iamLiteral":
      return `replace(${hclStr(e.subject)}, "$", ${hclString("${$}")})`;
  }
}

function hclPred(p: Pred): string {
  const prefixes = `[${p.prefixes.map(hclString).join(", ")}]`;
  const test = `anytrue([for p in ${prefixes} : startswith(lower(${ITEM}), p)])`;
  return p.negate ? `!${test}` : test;
}

export function hclList(e: List): string {
  switch (e.kind) {
    case "list":
      return `[${e.items.map(hclStr).join(", ")}]`;
    case "listVar":
      return `var.${e.name}`;
    case "map":
      return `[for ${ITEM} in ${hclList(e.source)} : ${hclStr(e.each)}${e.where ? ` if ${hclPred(e.where)}` : ""}]`;
    case "concat":
      return `concat(${e.lists.map(hclList).join(", ")})`;
  }
}

/** An HCL literal for a variable default. */
export function hclValue(v: string | string[] | Record<string, string> | boolean | number): string {
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string") return hclString(v);
  if (Array.isArray(v)) return `[${v.map(hclString).join(", ")}]`;
  const entries = Object.entries(v);
  return entries.length ? `{ ${entries.map(([k, x]) => `${hclString(k)} = ${hclString(x)}`).join(", ")} }` : "{}";
}

/**
 * A module variable as a CloudFormation parameter value (a string): a list joined with commas (what
 * a CommaDelimitedList splits), a bool or number as its text.
 */
export function hclParameterValue(v: { name: string; type: string }): string {
  switch (v.type) {
    case "string":
      return `var.${v.name}`;
    case "list(string)":
      return `join(",", var.${v.name})`;
    case "bool":
    case "number":
      return `tostring(var.${v.name})`;
    default:
      throw new Error(`a ${v.type} variable (${v.name}) has no CloudFormation parameter value`);
  }
}

/**
 * The JSON text of a model expression, as a JSON-text parameter of the StackSet template carries it:
 * a string's without its quotes, a list's as an array (jsonencode escapes as JSON does).
 */
export function hclJsonText(e: Str | List): string {
  return ["list", "listVar", "map", "concat"].includes(e.kind)
    ? `jsonencode(${hclList(e as List)})`
    : `trimsuffix(trimprefix(jsonencode(${hclStr(e as Str)}), ${hclString('"')}), ${hclString('"')})`;
}

/** The HCL condition of a plan-time check that the plan's partition is one of these. */
export const partitionCheck = (partitions: readonly string[]): string =>
  `contains([${partitions.map(hclString).join(", ")}], ${hclStr({ kind: "partition" })})`;

const regexOf = (pattern: RegExp) => hclString(pattern.source);

/** A check with `&&` or `||` at its top, which needs parentheses inside another operator. */
const compound = (c: Check) => ["all", "lengthBetween", "numberBetween", "emptyOr"].includes(c.kind);

/** The HCL condition of a plan-time check. */
export function hclCheck(c: Check): string {
  switch (c.kind) {
    case "nonEmptyList":
      return `length(var.${c.list}) > 0`;
    case "nonEmptyString":
      return `var.${c.str} != ""`;
    case "matches":
      return `can(regex(${regexOf(c.pattern)}, var.${c.str}))`;
    case "allMatch":
      return `alltrue([for x in var.${c.list} : can(regex(${regexOf(c.pattern)}, x))])`;
    case "noneMatch":
      return `!anytrue([for x in var.${c.list} : can(regex(${regexOf(c.pattern)}, x))])`;
    case "lengthBetween":
      return `length(var.${c.str}) >= ${c.min} && length(var.${c.str}) <= ${c.max}`;
    case "allLengthAtMost":
      return `alltrue([for v in var.${c.list} : length(v) <= ${c.max}])`;
    case "noPrefixIgnoringCase":
      return `!startswith(lower(var.${c.str}), ${hclString(c.prefix.toLowerCase())})`;
    case "numberBetween":
      return `var.${c.num} >= ${c.min} && var.${c.num} <= ${c.max}`;
    case "emptyOr":
      return `var.${c.str} == "" || ${compound(c.check) ? `(${hclCheck(c.check)})` : hclCheck(c.check)}`;
    case "all":
      return c.checks.map((x) => (x.kind === "emptyOr" ? `(${hclCheck(x)})` : hclCheck(x))).join(" && ");
  }
}

/** The HCL expression of a module output. */
export function hclOutput(v: OutputValue): string {
  switch (v.kind) {
    case "attr":
      return `${v.resource}.${v.attr}`;
    case "tuple":
      return `[${v.items.map(hclOutput).join(", ")}]`;
    case "ifCreated":
      return `try(${v.resource}[0].${v.attr}, null)`;
    case "sortedEach":
      return `sort([for t in ${v.resource} : t.${v.attr}])`;
  }
}
