/**
 * An audit of several accounts at once (one `get-account-authorization-details` file each, as a
 * script collects them across an organisation): every account's report, then one table that shows
 * where in the organisation each category stands.
 */
import { CATEGORIES, CATEGORY_SUMMARY, type Category } from "./categories";
import type { AuditReport } from "./audit-report";
import { textTable } from "../../emit/text";
import type { OptInTag } from "./conditions";
import { type AccountAudit, type ReachGroup, byPrincipal, reachOf } from "./reach";
import {
  type AuditFormat,
  type ReportContext,
  code,
  formatJson,
  formatMarkdown,
  formatSarif,
  formatText,
  jsonOf,
  md,
  plural,
  reachText,
  summary,
} from "./report";
import { accountOf } from "./trust";

/** Per account, principals per category (and how many only conditionally); then the organisation's totals. */
export function organisationSummary(reports: AuditReport[]) {
  const accounts = reports.map((r) => ({
    account: r.account ?? "(not named)",
    file: r.file,
    summary: summary(r.findings),
    administrators: r.administrators.length,
  }));
  const totals = Object.fromEntries(
    CATEGORIES.map((c) => [
      c,
      {
        principals: accounts.reduce((n, a) => n + a.summary[c].principals, 0),
        accounts: accounts.filter((a) => a.summary[c].principals > 0).length,
      },
    ]),
  ) as Record<Category, { principals: number; accounts: number }>;
  return { accounts, totals, administrators: accounts.reduce((n, a) => n + a.administrators, 0) };
}

const cell = (s: { principals: number; conditionalOnly: number }) =>
  `${s.principals}${s.conditionalOnly ? ` (${s.conditionalOnly} cond.)` : ""}`;

/** Principals of one audited account that can assume a role with findings in another. */
export function crossAccountReach(audits: AccountAudit[], tag: OptInTag): ReachGroup[] {
  return byPrincipal(reachOf(audits, tag).filter((x) => accountOf(x.principal) !== accountOf(x.role)));
}

function organisationText(reports: AuditReport[], ctx: ReportContext, across: ReachGroup[]): string {
  const o = organisationSummary(reports);
  const lines = [
    `organisation: ${plural(reports.length, "account")}; principals per category in each (cond.: only conditionally)`,
    ...textTable(
      [
        ["account", ...CATEGORIES, "administrators", "file"],
        ...o.accounts.map((a) => [a.account, ...CATEGORIES.map((c) => cell(a.summary[c])), String(a.administrators), a.file]),
        ["all", ...CATEGORIES.map((c) => String(o.totals[c].principals)), String(o.administrators), ""],
      ],
      "  ",
    ),
    ...CATEGORIES.map((c) => `  ${c}: ${plural(o.totals[c].accounts, "account")} of ${reports.length}: ${CATEGORY_SUMMARY[c]}`),
  ];
  if (across.length) lines.push("", "across accounts:", ...reachText(across).map((l) => `  ${l}`));
  return `${reports.map((r) => formatText(r, ctx)).join("\n")}\n${lines.join("\n")}\n`;
}

function organisationJson(reports: AuditReport[], across: ReachGroup[]): string {
  const o = { ...organisationSummary(reports), crossAccount: across };
  return `${JSON.stringify({ organisation: o, accounts: reports.map(jsonOf) }, null, 2)}\n`;
}

function organisationMarkdown(reports: AuditReport[], ctx: ReportContext, across: ReachGroup[]): string {
  const o = organisationSummary(reports);
  const head = [
    `### scoped-ssm audit: ${plural(reports.length, "account")}`,
    "",
    `| Account | ${CATEGORIES.join(" | ")} | Administrators |`,
    `|---|${CATEGORIES.map(() => "---:|").join("")}---:|`,
    ...o.accounts.map((a) => `| ${code(a.account)} | ${CATEGORIES.map((c) => md(cell(a.summary[c]))).join(" | ")} | ${a.administrators} |`),
    `| all | ${CATEGORIES.map((c) => o.totals[c].principals).join(" | ")} | ${o.administrators} |`,
    "",
    ...(across.length
      ? [
          "**Across accounts**, principals that can assume a role with findings in another account:",
          "",
          ...across.flatMap((g) =>
            g.roles.map(
              (x) =>
                `- ${g.principalType} ${code(g.principal)} can assume ${code(x.role)}${x.chain ? ` through ${x.chain.map(code).join(", ")}` : ""}: ${x.categories.join(", ")}${x.conditional ? ` (conditional: ${md(x.undecided.join("; "))})` : ""}`,
            ),
          ),
          "",
        ]
      : []),
  ];
  return `${head.join("\n")}\n${reports.map((r) => formatMarkdown(r, ctx).replace(/^### /, "#### ")).join("\n")}`;
}

/** The audit of one account as before; of several, every account's report and the organisation's view. */
export function formatReports(format: AuditFormat, reports: AuditReport[], ctx: ReportContext, across: ReachGroup[]): string {
  if (format === "sarif") return formatSarif(reports, ctx);
  if (reports.length === 1) {
    const [r] = reports;
    return format === "json" ? formatJson(r) : format === "markdown" ? formatMarkdown(r, ctx) : formatText(r, ctx);
  }
  return format === "json"
    ? organisationJson(reports, across)
    : format === "markdown"
      ? organisationMarkdown(reports, ctx, across)
      : organisationText(reports, ctx, across);
}
