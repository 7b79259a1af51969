/**
 * The access report of a profile: every request of the catalogue, decided by the IAM simulator
 * against the policy the profile's module renders (default inputs, in the partition of the profile's
 * regions, else aws), as Markdown.
 * Development tooling: it simulates with an AGPL library, so nothing in src/ may import it.
 */
import { buildModule } from "../../src/model/module";
import { type PolicyDocument, envFor, evalPolicy } from "../../src/model/policy-document";
import type { Profile } from "../../src/profile/schema";
import { generatedNotice } from "../../src/model/generated";
import { mdCode, mdText } from "../../src/emit/markdown";
import { type Decision, SimulationRefused, simulate } from "../simulate";
import { FACTS, type Fact, type FactId } from "../../src/model/facts";
import { sessionDocuments } from "../../src/model/policy";
import { GROUPS } from "./catalogue";
import { type ReportRequest, placeholders, reportPartition, reportRequests } from "./resolve";

export const ACCESS_REPORT_FILE = "ACCESS.md";
export const ACCESS_REPORT_COMMAND = "npm run access-report";

/** "NotSimulated": the simulator refused a row that rests on documentation it does not model. */
export type RowDecision = Decision | "NotSimulated";

export interface MatrixRow extends ReportRequest {
  decision: RowDecision;
}

/** The policy the report decides against: the module's, at its default inputs, applied in the principal's account. */
export function reportPolicy(p: Profile): PolicyDocument {
  const model = buildModule(p);
  return evalPolicy(model, envFor(model, reportPartition(p), {}, placeholders(p).values.account));
}

export async function accessMatrix(p: Profile, policy: PolicyDocument = reportPolicy(p)): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  // One at a time: the order of the rows never depends on timing.
  for (const r of reportRequests(p)) rows.push({ ...r, decision: await decide(policy, r) });
  return rows;
}

/** The simulator's decision, or NotSimulated for a marked row it refuses. */
export async function decide(policy: object, r: ReportRequest): Promise<RowDecision> {
  try {
    return await simulate([policy], r);
  } catch (e) {
    // Marked rows only: anywhere else a refusal is a defect of the catalogue and must surface.
    if (e instanceof SimulationRefused && unsimulated(r).length) return "NotSimulated";
    throw e;
  }
}

export const accessReportHeader = (profileName: string) =>
  `<!-- ${generatedNotice({ from: `profile "${profileName}"`, change: "the profile", command: ACCESS_REPORT_COMMAND })} -->`;

const DECISION_TEXT: Record<RowDecision, string> = {
  NotSimulated: "not simulated",
  Allowed: "**allowed**",
  ExplicitlyDenied: "denied (explicit)",
  ImplicitlyDenied: "denied (implicit)",
};

/** A tag or context value as the reader should see it: quoted when spaces or control characters would hide it. */
const shown = (s: string) => (s === "" || /^\s|\s$|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) ? JSON.stringify(s) : s);

function requestDetails(r: ReportRequest): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r.resourceTags ?? {})) parts.push(`tag ${mdCode(`${shown(k)}=${shown(v)}`)}`);
  for (const [k, v] of Object.entries(r.context ?? {}))
    parts.push(mdCode(`${k}=${Array.isArray(v) ? `[${v.map(shown).join(", ")}]` : shown(v as string)}`));
  if (r.sharedByOwner) parts.push("shared with the principal by its owner");
  return parts.join(", ") || "none";
}

function profileSummary(p: Profile): string[] {
  const values = p.tag.values.map((v) => mdCode(shown(v))).join(", ");
  const docs = (d: string[]) => (d.length === 0 ? "none" : d.map((n) => mdCode(n)).join(", "));
  const targets = [p.ec2Instances && "EC2 instances", p.hybridNodes && "hybrid nodes"].filter(Boolean).join(" and ");
  const reads = !p.readActions
    ? "not granted"
    : p.listCommandInvocations
      ? "granted, with ssm:ListCommandInvocations (every command's output)"
      : "granted, without ssm:ListCommandInvocations";
  return [
    `- opt-in tag ${mdCode(shown(p.tag.key))} = ${values} (${p.tag.match === "exact" ? "case-sensitive" : "ignoring case"}), on ${targets}`,
    `- Run Command documents: ${docs(p.runCommand === false ? [] : p.runCommand.documents)}; session documents: ${docs(sessionDocuments(p))}`,
    `- read actions: ${reads}; opt-in tag: ${p.protectTag ? "protected by an explicit deny" : "not protected"}`,
  ];
}

/** AWS's own sources disagree on the fact: the report says so on the row. */
const isContested = (f: FactId) => "contested" in FACTS[f];

/** The facts behind the marked rows: those the simulator cannot model. */
const unsimulated = (r: ReportRequest): FactId[] => (r.rests ?? []).filter((f) => !FACTS[f].simulated);

export function renderAccessReport(p: Profile, rows: MatrixRow[]): string {
  const { values } = placeholders(p);
  const lines = [
    accessReportHeader(p.name),
    "",
    `# Access report: ${mdText(p.name)}`,
    "",
    "What a principal holding this module's policy may do: each request below was decided by an IAM policy",
    `simulator against the policy the module renders with its default inputs, in the ${mdCode(values.partition!)} partition.`,
    `The principal is in account ${mdCode(values.account!)}; resources are in region ${mdCode(values.region!)}.`,
    "The module's defaults come from the profile:",
    "",
    ...profileSummary(p),
    "",
    "Called with other inputs (`tag_key`, `tag_values`, the document lists), the module decides accordingly.",
    "",
    "Decisions:",
    "",
    "- **allowed**: this policy allows the request.",
    "- denied (explicit): a Deny statement of this policy matches; no other policy can allow the request.",
    "- denied (implicit): nothing in this policy allows the request; another policy of the principal could.",
    "- †: the row rests on documented behaviour the simulator does not model (listed at the end).",
    "",
    `Regenerate with \`${ACCESS_REPORT_COMMAND}\` after changing the profile; a test fails while this file is stale.`,
  ];
  for (const g of GROUPS) {
    const inGroup = rows.filter((r) => r.group === g.id);
    if (!inGroup.length) continue;
    lines.push("", `## ${g.title}`, "", g.note, "", "| request | action | resource | tags / context | decision |", "|---|---|---|---|---|");
    for (const r of inGroup) {
      const mark = unsimulated(r).length
        ? ` † ${unsimulated(r)
            .map((f) => `[${f}](#${f})${isContested(f) ? " (**contested**)" : ""}`)
            .join(", ")}`
        : "";
      lines.push(
        `| ${mdText(r.request)} | ${mdCode(r.action)} | ${mdCode(r.resource)} | ${requestDetails(r)} | ${DECISION_TEXT[r.decision]}${mark} |`,
      );
    }
  }
  const marked = [...new Set(rows.flatMap(unsimulated))];
  if (marked.length) {
    lines.push(
      "",
      "## Rows marked †",
      "",
      "Their meaning in AWS rests on documented behaviour that the simulator does not model: it decided them from the",
      'policy\'s text (or, where its service data disagrees with the documentation, refused them: "not simulated").',
      "The documentation, not the simulator, is the authority for them:",
      "",
    );
    for (const f of marked) {
      const fact: Fact = FACTS[f];
      const contested = (fact.contested ?? []).map((c) => ` Contested: [${mdText(c.title)}](${c.url}) ${mdText(c.says)}.`).join("");
      lines.push(`- <a id="${f}"></a>**${f}**: ${mdText(fact.claim)} ([${mdText(fact.source.title)}](${fact.source.url}))${contested}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The ACCESS.md content of a profile. */
export async function accessReport(p: Profile): Promise<string> {
  return renderAccessReport(p, await accessMatrix(p));
}
