import { oneLine } from "./hcl";

/** Text for a Markdown table cell or paragraph: one line, with Markdown and HTML characters escaped. */
export function mdText(s: string): string {
  return oneLine(s).replace(/[\\`*_{}[\]<>|#!~&]/g, (c) => `\\${c}`);
}

/** Inline code that holds any string: a backtick fence longer than any run inside it. */
export function mdCode(s: string): string {
  const text = oneLine(s).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
