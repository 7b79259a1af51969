/**
 * The audit's report in four formats: text for a terminal, JSON as data, Markdown for a pull-request
 * comment, SARIF 2.1.0 for code-scanning tools. Every format says the same things: who can do what,
 * through which policy and statement, and what the audit could not decide.
 */
import { ruleName, sarifLog, uriOf } from "../sarif";
import { CATEGORIES, CATEGORY_SUMMARY, type Category } from "./categories";
import type { AuditFinding } from "./evaluate";
import type { AuditReport } from "./audit-report";
import type { ReachGroup } from "./reach";
import { blockedText, scpLines } from "./scp-report";

export const AUDIT_FORMATS = ["text", "json", "markdown", "sarif"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** How findings weigh for --fail-on: unconditional ones are errors, conditional ones warnings, service-linked roles' notes. */
export type AuditLevel = "error" | "warning" | "note";
export const AUDIT_LEVELS: readonly AuditLevel[] = ["error", "warning", "note"];
export const levelOf = (f: AuditFinding, serviceLinked: boolean): AuditLevel =>
  serviceLinked ? "note" : f.conditional ? "warning" : "error";

export function failsOn(report: AuditReport, threshold: AuditLevel): boolean {
  const rank = (l: AuditLevel) => AUDIT_LEVELS.length - AUDIT_LEVELS.indexOf(l);
  const levels = [...report.findings.map((f) => levelOf(f, false)), ...report.serviceLinked.map((f) => levelOf(f, true))];
  return levels.some((l) => rank(l) >= rank(threshold));
}

/** Per category: how many principals, and how many of them only conditionally. */
export function summary(findings: AuditFinding[]): Record<Category, { principals: number; conditionalOnly: number }> {
  const out = {} as Record<Category, { principals: number; conditionalOnly: number }>;
  for (const c of CATEGORIES) {
    const byPrincipal = new Map<string, boolean>();
    for (const f of findings.filter((x) => x.category === c))
      byPrincipal.set(f.principal, (byPrincipal.get(f.principal) ?? true) && f.conditional);
    out[c] = { principals: byPrincipal.size, conditionalOnly: [...byPrincipal.values()].filter(Boolean).length };
  }
  return out;
}

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
const tagText = (r: AuditReport) =>
  `${r.tag.key} = ${r.tag.values ? r.tag.values.join(", ") : "(any value)"}${r.tag.ignoreCase ? " (values compared ignoring case)" : ""}`;
const shortActions = (actions: string[], max = 4) =>
  actions.length <= max ? actions.join(", ") : `${actions.slice(0, max).join(", ")} and ${actions.length - max} more`;
export const who = (f: Pick<AuditFinding, "principalType" | "principalName">) => `${f.principalType} ${f.principalName}`;
const viaText = (f: AuditFinding) => `${f.via[0]} ${f.via[1]}${f.group ? `, through group ${f.group}` : ""}`;

function byPrincipal(findings: AuditFinding[]): AuditFinding[][] {
  const groups = new Map<string, AuditFinding[]>();
  for (const f of findings) groups.set(f.principal, [...(groups.get(f.principal) ?? []), f]);
  return [...groups.values()];
}

function textBlock(findings: AuditFinding[], administrators: Set<string>): string[] {
  const lines: string[] = [];
  const width = Math.max(...CATEGORIES.map((c) => c.length));
  for (const group of byPrincipal(findings)) {
    const first = group[0];
    lines.push(
      "",
      `${who(first)} (${first.principal})${administrators.has(first.principal) ? ": administrator (every category, unconditionally)" : ""}`,
    );
    for (const f of group) {
      const pad = " ".repeat(width + 4);
      lines.push(`  ${f.category.padEnd(width)}  ${f.conditional ? "conditional: " : ""}${shortActions(f.actions)}`);
      lines.push(`${pad}via ${viaText(f)}`);
      if (f.resources.length && !(f.resources.length === 1 && f.resources[0] === "*")) lines.push(`${pad}on ${f.resources.join(", ")}`);
      if (f.targets)
        lines.push(
          `${pad}can change ${f.targets.map((t) => t.split(":").slice(5).join(":")).join(", ")}${f.targetCount! > f.targets.length ? ` and ${f.targetCount! - f.targets.length} more` : ""}`,
        );
      for (const u of f.undecided ?? []) lines.push(`${pad}undecided: ${u}`);
      for (const n of f.notes ?? []) lines.push(`${pad}note: ${n}`);
    }
  }
  return lines;
}

/** Roles listed per principal in text; JSON lists every one. */
const REACH_ROLES_SHOWN = 5;

const roleName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** Who can assume a role with findings, and so do what it can. */
export function reachText(reach: ReachGroup[]): string[] {
  const lines = ["through roles they can assume (what the role can do, they can do through it):"];
  for (const g of reach) {
    lines.push(`  ${g.principalType} ${g.principalName} (${g.principal})`);
    for (const x of g.roles.slice(0, REACH_ROLES_SHOWN)) {
      lines.push(`    can assume role ${x.roleName} (${x.role}): ${x.conditional ? "conditional: " : ""}${x.categories.join(", ")}`);
      if (x.chain) lines.push(`      through ${[g.principalName, ...x.chain.map(roleName), x.roleName].join(" -> ")}`);
      lines.push(
        `      ${x.chain ? "first step: " : ""}${x.trustedBy === "name" ? "its trust policy names it" : "its trust policy trusts the account"}${x.via ? `; allowed by ${x.via[0]} ${x.via[1]}` : ""}`,
      );
      for (const u of x.undecided) lines.push(`      undecided: ${u}`);
    }
    if (g.roles.length > REACH_ROLES_SHOWN)
      lines.push(`    and ${g.roles.length - REACH_ROLES_SHOWN} more roles with findings (--format json lists them)`);
  }
  return lines;
}

export const baselineText = (b: NonNullable<AuditReport["baseline"]>) =>
  b.accountInBaseline
    ? `baseline ${b.file}: only what is new: ${plural(b.new, "new finding")}; ${plural(b.known, "finding")} already there left out`
    : `baseline ${b.file}: the account is not in it: every finding is new`;

export interface ReportContext {
  /** Where the opt-in tag came from: "profile cado-response", "--tag-key". */
  tagSource: string;
  version: string;
}

export function formatText(r: AuditReport, ctx: ReportContext): string {
  const lines = [
    `audit ${r.file}: account ${r.account ?? "(not named in the file)"} (${r.partition}): ${plural(r.counts.users, "user")}, ${plural(r.counts.roles, "role")}, ${plural(r.counts.groups, "group")}, ${plural(r.counts.policies, "managed policy", "managed policies")}`,
    `opt-in tag ${tagText(r)} (${ctx.tagSource})`,
  ];
  if (r.baseline) lines.push(baselineText(r.baseline));
  lines.push(...scpLines(r));
  const admins = new Set(r.administrators);
  lines.push(...textBlock(r.findings, admins));
  if (r.serviceLinked.length) {
    lines.push(
      "",
      `service-linked roles (only an AWS service assumes them, and no one can change their policies; reported apart${r.scp && !r.scp.management ? "; SCPs do not apply to them" : ""}):`,
    );
    lines.push(...textBlock(r.serviceLinked, admins).map((l) => (l ? `  ${l}` : l)));
  }
  if (r.blockedByScp.length) lines.push("", ...blockedText(r));
  if (r.reach.length) lines.push("", ...reachText(r.reach));
  if (r.unresolved.length) {
    lines.push("", "not in the file:");
    for (const u of r.unresolved) lines.push(`  ${u.missing}: ${u.problem} (${u.principal})`);
  }
  const s = summary(r.findings);
  lines.push("", "summary:");
  for (const c of CATEGORIES)
    lines.push(
      `  ${c.padEnd(12)} ${plural(s[c].principals, "principal")}${s[c].conditionalOnly ? ` (${s[c].conditionalOnly} only conditionally)` : ""}: ${CATEGORY_SUMMARY[c]}`,
    );
  const names = new Map(r.findings.map((f) => [f.principal, who(f)]));
  lines.push(`  administrators: ${r.administrators.length ? r.administrators.map((a) => names.get(a)).join(", ") : "none"}`);
  if (r.reach.length)
    lines.push(
      `  through roles: ${plural(r.reach.length, "principal")} can assume ${plural(new Set(r.reach.flatMap((g) => g.roles.map((x) => x.role))).size, "role")} with findings`,
    );
  if (!r.findings.length && !r.unresolved.length)
    lines.push(r.baseline?.accountInBaseline ? "  nothing new since the baseline" : "  no principal can do any of this");
  return `${lines.join("\n")}\n`;
}

/** The JSON report of one account, as a value (an organisation's report holds one per account). */
export function jsonOf(r: AuditReport): object {
  return {
    file: r.file,
    ...(r.account ? { account: r.account } : {}),
    partition: r.partition,
    tag: { key: r.tag.key, ...(r.tag.values ? { values: r.tag.values } : {}), match: r.tag.ignoreCase ? "ignoreCase" : "exact" },
    counts: r.counts,
    summary: summary(r.findings),
    administrators: r.administrators,
    findings: r.findings,
    serviceLinked: r.serviceLinked,
    reach: r.reach,
    unresolved: r.unresolved,
    ...(r.baseline ? { baseline: r.baseline } : {}),
    ...(r.organization ? { organization: r.organization } : {}),
    ...(r.scp ? { scp: r.scp, blockedByScp: r.blockedByScp } : {}),
    ...(r.rcp ? { rcp: r.rcp } : {}),
  };
}

export const formatJson = (r: AuditReport): string => `${JSON.stringify(jsonOf(r), null, 2)}\n`;

/** Markdown text: every character Markdown or a table would read escaped; no newline. */
export const md = (s: string) => s.replace(/[\\`*_{}[\]<>()#+!|~]/g, "\\$&").replace(/\s+/g, " ");
export const code = (s: string) => (/[`|\n]/.test(s) ? md(s) : `\`${s}\``);

/** GitHub refuses comments over 65,536 characters: the table stops before that. */
const MARKDOWN_LIMIT = 60000;

export function formatMarkdown(r: AuditReport, ctx: ReportContext): string {
  const s = summary(r.findings);
  const out: string[] = [
    `### scoped-ssm audit: account ${r.account ? code(r.account) : "(not named)"}`,
    "",
    `Opt-in tag ${code(r.tag.key)} = ${r.tag.values ? r.tag.values.map(code).join(", ") : "any value"} (${md(ctx.tagSource)}). ${plural(r.counts.users, "user")}, ${plural(r.counts.roles, "role")}, ${plural(r.counts.groups, "group")}, ${plural(r.counts.policies, "managed policy", "managed policies")}.`,
    "",
    "| Category | Principals | Only conditionally | Meaning |",
    "|---|---:|---:|---|",
    ...CATEGORIES.map((c) => `| ${c} | ${s[c].principals} | ${s[c].conditionalOnly} | ${md(CATEGORY_SUMMARY[c])} |`),
    "",
  ];
  const names = new Map(r.findings.map((f) => [f.principal, `${f.principalType} ${code(f.principalName)}`]));
  if (r.administrators.length)
    out.push(`**Administrators** (every category, unconditionally): ${r.administrators.map((a) => names.get(a)).join(", ")}`, "");
  const row = (f: AuditFinding) =>
    `| ${f.principalType} ${code(f.principalName)} | ${f.category} | ${f.conditional ? `yes: ${md((f.undecided ?? []).join("; "))}` : "no"} | ${md(shortActions(f.actions, 3))}${f.notes?.length ? ` (${md(f.notes.join("; "))})` : ""} | ${code(f.via[0])} ${md(f.via[1])}${f.group ? ` (group ${code(f.group)})` : ""} |`;
  const table = (findings: AuditFinding[]) => {
    const lines = ["| Principal | Category | Conditional | Actions | Via |", "|---|---|---|---|---|"];
    let size = out.join("\n").length + lines.join("\n").length;
    for (let i = 0; i < findings.length; i++) {
      const line = row(findings[i]);
      if (size + line.length + 200 > MARKDOWN_LIMIT) {
        lines.push("", `… and ${findings.length - i} more: run \`scoped-ssm audit --format json\` for every finding.`);
        break;
      }
      lines.push(line);
      size += line.length + 1;
    }
    return lines;
  };
  if (r.findings.length) out.push(...table(r.findings), "");
  else if (!r.unresolved.length)
    out.push(r.baseline?.accountInBaseline ? "Nothing new since the baseline." : "No principal can do any of this.", "");
  if (r.serviceLinked.length)
    out.push(
      `<details><summary>Service-linked roles (${r.serviceLinked.length} findings): only an AWS service assumes them</summary>`,
      "",
      ...table(r.serviceLinked),
      "",
      "</details>",
      "",
    );
  if (r.reach.length)
    out.push(
      "**Through roles they can assume** (what the role can do, they can do through it):",
      "",
      "| Principal | Roles | Can assume | Their categories | Conditional |",
      "|---|---:|---|---|---|",
      ...r.reach.map(
        (g) =>
          `| ${g.principalType} ${code(g.principalName)} | ${g.roles.length} | ${g.roles
            .slice(0, REACH_ROLES_SHOWN)
            .map((x) => code(x.roleName))
            .join(
              ", ",
            )}${g.roles.length > REACH_ROLES_SHOWN ? ` and ${g.roles.length - REACH_ROLES_SHOWN} more` : ""} | ${CATEGORIES.filter((c) => g.roles.some((x) => x.categories.includes(c))).join(", ")} | ${g.roles.every((x) => x.conditional) ? "yes" : "no"} |`,
      ),
      "",
    );
  if (r.baseline) out.push(`**${md(baselineText(r.baseline))}**`, "");
  if (r.scp || r.rcp) out.push(...scpLines(r).map((l) => (l.startsWith("  ") ? `- ${md(l.trim())}` : `**${md(l)}**`)), "");
  if (r.blockedByScp.length)
    out.push(
      "**Blocked by SCP** (their identity policies grant it; an SCP blocks every path):",
      "",
      ...r.blockedByScp.map((b) => `- ${b.principalType} ${code(b.principalName)}: ${b.category}: ${md(b.by.join("; "))}`),
      "",
    );
  if (r.unresolved.length)
    out.push("**Not in the file:**", "", ...r.unresolved.map((u) => `- ${code(u.missing)} ${md(u.problem)} (${code(u.principal)})`), "");
  return `${out.join("\n")}`;
}

/** SARIF for one account, or several (one run, each result located in its account's file). */
export function formatSarif(reports: AuditReport | AuditReport[], ctx: ReportContext): string {
  const all = Array.isArray(reports) ? reports : [reports];
  const r = all[0];
  const results = all.flatMap((report) =>
    [...report.findings.map((f) => [f, false] as const), ...report.serviceLinked.map((f) => [f, true] as const)].map(
      ([f, serviceLinked]) => ({
        ruleId: f.category,
        ruleIndex: CATEGORIES.indexOf(f.category),
        level: levelOf(f, serviceLinked),
        message: {
          text: `${who(f)} ${CATEGORY_SUMMARY[f.category]}${f.conditional ? ", if conditions the audit cannot decide hold" : ""}: ${f.actions.join(", ")} via ${viaText(f)}.${f.undecided?.length ? ` Undecided: ${f.undecided.join("; ")}.` : ""}${f.notes?.length ? ` Note: ${f.notes.join("; ")}.` : ""}${serviceLinked ? " A service-linked role: only an AWS service assumes it." : ""}`,
        },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: uriOf(report.file) } },
            logicalLocations: [{ fullyQualifiedName: f.principal, name: f.principalName, kind: "member" }],
          },
        ],
        partialFingerprints: { principalCategoryVia: `${f.principal}|${f.category}|${f.via.join("|")}|${f.group ?? ""}` },
        properties: { ...f, serviceLinked },
      }),
    ),
  );
  const rules = CATEGORIES.map((c) => ({
    id: c,
    name: ruleName(c),
    shortDescription: { text: `A principal ${CATEGORY_SUMMARY[c]}.` },
    help: {
      text: `Opt-in tag ${tagText(r)}. Findings are errors, or warnings when a condition the audit cannot decide stands in the way.`,
    },
    defaultConfiguration: { level: "error" },
  }));
  const log = sarifLog({ name: "scoped-ssm audit", version: ctx.version, rules }, results);
  return `${JSON.stringify(log, null, 2)}\n`;
}
