/**
 * The access report of a profile: every request of the catalogue, decided by the IAM simulator
 * against the policy the profile's module renders (default inputs, partition aws), as Markdown.
 * Development tooling: it simulates with an AGPL library, so nothing in src/ may import it.
 */
import { buildModule } from "../../src/model/module";
import { type PolicyDocument, envFor, evalPolicy } from "../../src/model/policy-document";
import type { Profile } from "../../src/profile/schema";
import { GENERATED_MARK } from "../../src/render/header";
import { mdCode, mdText } from "../../src/render/markdown";
import { type Decision, simulate } from "../simulate";
import { GROUPS } from "./catalogue";
import { REPORT_PARTITION, type ReportRequest, placeholders, reportRequests } from "./resolve";

export const ACCESS_REPORT_FILE = "ACCESS.md";
export const ACCESS_REPORT_COMMAND = "npm run access-report";

export interface MatrixRow extends ReportRequest {
  decision: Decision;
}

/** The policy the report decides against: the module's, at its default inputs. */
export function reportPolicy(p: Profile): PolicyDocument {
  const model = buildModule(p);
  return evalPolicy(model, envFor(model, REPORT_PARTITION));
}

export async function accessMatrix(p: Profile, policy: PolicyDocument = reportPolicy(p)): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  // One at a time: the order of the rows never depends on timing.
  for (const r of reportRequests(p)) rows.push({ ...r, decision: await simulate([policy], r) });
  return rows;
}

export const accessReportHeader = (profileName: string) =>
  `<!-- ${GENERATED_MARK} from profile "${profileName}". Do not edit: change the profile, then run \`${ACCESS_REPORT_COMMAND}\`. -->`;

const DECISION_TEXT: Record<Decision, string> = {
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
  const docs = (d: false | { documents: string[] }) => (d === false ? "none" : d.documents.map((n) => mdCode(n)).join(", "));
  const targets = [p.ec2Instances && "EC2 instances", p.hybridNodes && "hybrid nodes"].filter(Boolean).join(" and ");
  return [
    `- opt-in tag ${mdCode(shown(p.tag.key))} = ${values} (${p.tag.match === "exact" ? "case-sensitive" : "ignoring case"}), on ${targets}`,
    `- Run Command documents: ${docs(p.runCommand)}; session documents: ${docs(p.sessions)}`,
    `- read actions: ${p.readActions ? "granted" : "not granted"}; opt-in tag: ${p.protectTag ? "protected by an explicit deny" : "not protected"}`,
  ];
}

export function renderAccessReport(p: Profile, rows: MatrixRow[]): string {
  const { values } = placeholders(p);
  const lines = [
    accessReportHeader(p.name),
    "",
    `# Access report: ${mdText(p.name)}`,
    "",
    "What a principal holding this module's policy may do: each request below was decided by an IAM policy",
    "simulator against the policy the module renders with its default inputs, in the `aws` partition.",
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
    "",
    `Regenerate with \`${ACCESS_REPORT_COMMAND}\` after changing the profile; a test fails while this file is stale.`,
  ];
  for (const g of GROUPS) {
    const inGroup = rows.filter((r) => r.group === g.id);
    if (!inGroup.length) continue;
    lines.push("", `## ${g.title}`, "", g.note, "", "| request | action | resource | tags / context | decision |", "|---|---|---|---|---|");
    for (const r of inGroup)
      lines.push(`| ${mdText(r.request)} | ${mdCode(r.action)} | ${mdCode(r.resource)} | ${requestDetails(r)} | ${DECISION_TEXT[r.decision]} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** The ACCESS.md content of a profile. */
export async function accessReport(p: Profile): Promise<string> {
  return renderAccessReport(p, await accessMatrix(p));
}
