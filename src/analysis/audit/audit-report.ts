/** The audit's report of one account, as every format and the organisation's view read it. */
import type { OptInTag } from "./conditions";
import type { AuditFinding, BlockedFinding } from "./evaluate";
import type { Principal, Unresolved } from "./principals";
import type { ReachGroup } from "./reach-types";
import type { RoleDetail } from "./read-details";

/** What SCPs the account was audited under: each level root first, or that SCPs do not apply to it. */
export interface ScpSummary {
  levels: { target: string; policies: string[]; assumedFullAccess?: boolean }[];
  /** The management account: SCPs do not apply to its principals. */
  management?: boolean;
}

export interface AuditReport {
  file: string;
  account?: string;
  partition: string;
  tag: OptInTag;
  counts: { users: number; roles: number; groups: number; policies: number; serviceLinkedRoles: number };
  findings: AuditFinding[];
  /** Findings of service-linked roles, reported apart: only AWS assumes them, and no one can change their policies. */
  serviceLinked: AuditFinding[];
  /** Principals with an unconditional finding in every category. */
  administrators: string[];
  unresolved: Unresolved[];
  /** With --baseline: only what is new is reported; how many findings the previous report already held. */
  baseline?: { file: string; accountInBaseline: boolean; known: number; new: number };
  /** The AWS Organizations organisation it belongs to (iam-collect). */
  organization?: string;
  /** The RCPs of its path, root first: read and reported, not evaluated (they cover no EC2 or SSM action). */
  rcp?: { target: string; policies: string[] }[];
  /** The SCPs the account was audited under (none: identity policies only). */
  scp?: ScpSummary;
  /** Categories a principal's identity policies grant but its SCPs block on every path, with what blocks them. */
  blockedByScp: BlockedFinding[];
  /** Principals of this account that can assume one of its roles with findings, each with those roles. */
  reach: ReachGroup[];
}

/** One account's audit, with what reach needs beyond the report. */
export interface AccountAudit {
  report: AuditReport;
  principals: Principal[];
  roles: RoleDetail[];
}
