import type { List, Pred, Str } from "../model/expr";

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

/** The HCL condition of a plan-time check that the plan's partition is one of these. */
export const partitionCheck = (partitions: readonly string[]): string =>
  `contains([${partitions.map(hclString).join(", ")}], ${hclStr({ kind: "partition" })})`;
