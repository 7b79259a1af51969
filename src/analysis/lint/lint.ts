import { hasWildcard } from "../glob";
import type { PolicySource } from "../sources";
import { RULES, RULE_FAMILIES, ruleById } from "./rules";
import { type ActionInfo, actionInfo } from "./service-reference";
import { type Finding, type LintContext, type RawFinding, type Severity, severityRank } from "./types";

const ruleOrder = new Map(RULES.map((r, i) => [r.id, i]));

/** Lints one policy document against every rule. */
export async function lintSource(source: PolicySource): Promise<Finding[]> {
  const facts = await Promise.all(
    source.doc.statements.map(async (statement) => {
      const exact = (statement.action ?? []).filter((a) => a !== "*" && !hasWildcard(a));
      const infos = await Promise.all(exact.map((a) => actionInfo(a)));
      const unique = new Map<string, ActionInfo>();
      for (const i of infos) if (i) unique.set(i.name, i);
      return { statement, exactActions: [...unique.values()] };
    }),
  );
  const ctx: LintContext = { source, doc: source.doc, facts };
  const raw: RawFinding[] = [];
  for (const family of RULE_FAMILIES) for await (const r of await family.check(ctx)) raw.push(r);
  const findings = raw.map((r): Finding => {
    const f: Finding = {
      ruleId: r.ruleId,
      severity: ruleById.get(r.ruleId)!.severity,
      file: source.file,
      statement: { index: r.statement.index, ...(r.statement.sid ? { sid: r.statement.sid } : {}) },
      at: r.at,
      message: r.message,
      fix: r.fix,
    };
    if (source.address) f.address = source.address;
    const line = source.lineOf(r.statement.index);
    if (line !== undefined) f.line = line;
    return f;
  });
  return findings.sort(
    (a, b) => a.statement.index - b.statement.index || ruleOrder.get(a.ruleId)! - ruleOrder.get(b.ruleId)! || a.at.localeCompare(b.at),
  );
}

export async function lintSources(sources: PolicySource[]): Promise<Finding[]> {
  const out: Finding[] = [];
  // One push per finding: spreading hundreds of thousands of arguments overflows the call stack.
  for (const s of sources) for (const f of await lintSource(s)) out.push(f);
  return out;
}

export const atOrAbove = (findings: Finding[], threshold: Severity) =>
  findings.filter((f) => severityRank(f.severity) >= severityRank(threshold));
