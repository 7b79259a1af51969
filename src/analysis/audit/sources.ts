/**
 * What the audit reads, one account source at a time, as plain data that a worker thread can take:
 * a get-account-authorization-details file (split by account when it holds several), or one account
 * folder of an iam-collect organisation. auditSource reads and audits it; what it returns keeps of
 * the principals only what reach across accounts needs (compactForReach), so that memory holds the
 * reports, not every account's policies.
 */
import { type OptInTag } from "./conditions";
import type { AccountAudit, AuditReport } from "./audit-report";
import { auditAccount } from "./index";
import { loadCollectedAccount } from "./iam-collect";
import type { PolicyRef, Principal } from "./principals";
import type { ScpScope } from "./scp";
import { splitByAccount } from "./split-accounts";
import { namesAction } from "./statements";
import { parseJsonText, readText } from "../sources";
import type { PolicyDoc } from "../policy-input";

export type AccountSource =
  | { kind: "file"; file: string; cwd: string; scp?: ScpScope }
  | {
      kind: "collected";
      /** The account's folder (absolute), and how reports name it. */
      folder: string;
      file: string;
      cwd: string;
      scp?: ScpScope;
      rcp?: AuditReport["rcp"];
      organization?: string;
    };

export interface SourceResult {
  audits: AccountAudit[];
  /** Said on stderr: a file split by account. */
  note?: string;
}

export async function auditSource(source: AccountSource, tag: OptInTag): Promise<SourceResult> {
  if (source.kind === "collected") {
    const audit = await auditAccount(loadCollectedAccount(source.folder, source.cwd), source.file, tag, source.scp);
    if (source.rcp) audit.report.rcp = source.rcp;
    if (source.organization) audit.report.organization = source.organization;
    return { audits: [compactForReach(audit)] };
  }
  const parts = splitByAccount(parseAccountJson(readText(source.file, source.cwd), source.file));
  const audits: AccountAudit[] = [];
  for (const part of parts) audits.push(compactForReach(await auditAccount(part.raw, source.file, tag, source.scp)));
  return {
    audits,
    ...(parts.length > 1
      ? {
          note: `${source.file} holds ${parts.length} accounts (${parts.map((p) => p.account).join(", ")}): audited as an organisation, one report per account`,
        }
      : {}),
  };
}

/**
 * An account file's value. The audit names no line of it, so the engine's JSON.parse reads it; only
 * malformed text goes through parseJsonText, for its message (line, column, what the file is
 * instead). parseJsonText maps the line of every value, in script: for an account of hundreds of
 * roles that took half of the audit's time, and most of its garbage.
 */
function parseAccountJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJsonText(text, file).value;
  }
}

const ASSUME = "sts:AssumeRole";

/** A document with only the statements that name sts:AssumeRole (their indexes kept, so reports name them alike). */
function assumeOnly(doc: PolicyDoc, memo: Map<PolicyDoc, PolicyDoc>): PolicyDoc {
  let out = memo.get(doc);
  if (!out) memo.set(doc, (out = { ...doc, statements: doc.statements.filter((s) => namesAction(s, ASSUME)), raw: {} }));
  return out;
}

/**
 * The audit with what reach across accounts needs and no more: each principal's policies cut to
 * their sts:AssumeRole statements (shared documents stay shared), roles to their trust. Both the
 * worker threads and the main thread return this, so that their reports agree.
 */
export function compactForReach(audit: AccountAudit): AccountAudit {
  const memo = new Map<PolicyDoc, PolicyDoc>();
  const refs = new Map<PolicyRef, PolicyRef>();
  const ref = (r: PolicyRef): PolicyRef => {
    let out = refs.get(r);
    if (!out) refs.set(r, (out = { ...r, doc: assumeOnly(r.doc, memo) }));
    return out;
  };
  const principals = audit.principals.map((p): Principal => ({
    ...p,
    // A policy with no statement about sts:AssumeRole plays no part in reach.
    policies: p.policies.map(ref).filter((r) => r.doc.statements.length),
    ...(p.boundary ? { boundary: { label: p.boundary.label, ...(p.boundary.doc ? { doc: assumeOnly(p.boundary.doc, memo) } : {}) } } : {}),
  }));
  const roles = audit.roles.map((r) => ({
    kind: r.kind,
    arn: r.arn,
    name: r.name,
    path: r.path,
    inline: [],
    attached: [],
    trust: r.trust,
  }));
  return { report: audit.report, principals, roles };
}
