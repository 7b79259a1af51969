import { statementName } from "../policy-input";
import { type Finding, SEVERITIES, type Severity } from "./types";

export function summary(findings: Finding[]): Record<Severity, number> {
  const out = { error: 0, warning: 0, note: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function summaryLine(findings: Finding[], policies: number): string {
  const s = summary(findings);
  const of = `in ${plural(policies, "policy document")}`;
  if (!findings.length) return `no findings ${of}`;
  return `${SEVERITIES.map((k) => plural(s[k], k)).join(", ")} ${of}`;
}

/** Findings grouped by statement, each with its message and fix. */
export function formatText(findings: Finding[], policies: number): string {
  const lines: string[] = [];
  let group = "";
  const idWidth = Math.max(0, ...findings.map((f) => f.ruleId.length));
  for (const f of findings) {
    const where = `${f.file}${f.line !== undefined ? `:${f.line}` : ""}${f.address ? ` ${f.address}` : ""}`;
    const header = `${where}  ${statementName(f.statement)}`;
    if (header !== group) {
      if (group) lines.push("");
      lines.push(header);
      group = header;
    }
    lines.push(`  ${f.severity.padEnd(7)}  ${f.ruleId.padEnd(idWidth)}  ${f.at}`);
    const indent = " ".repeat(11);
    lines.push(`${indent}${f.message}`, `${indent}fix: ${f.fix}`);
  }
  if (lines.length) lines.push("");
  lines.push(summaryLine(findings, policies));
  return `${lines.join("\n")}\n`;
}

export function formatJson(findings: Finding[], policies: number): string {
  return `${JSON.stringify({ policies, summary: summary(findings), findings }, null, 2)}\n`;
}
