/**
 * `scoped-ssm audit`: who in an account can run commands on nodes that lack the opt-in tag, put the
 * tag on a node, read every command's output, or change permissions to do so. Reads the output of
 * `aws iam get-account-authorization-details`; evaluates with the project's own evaluator
 * (evaluate.ts) on the MIT service reference, never with a simulator.
 */
import { CATEGORIES, type Category, loadPaths } from "./categories";
import type { OptInTag } from "./conditions";
import { type AuditFinding, evaluatePrincipal } from "./evaluate";
import { type Unresolved, principalsOf } from "./principals";
import { type AccountAudit, type ReachGroup, byPrincipal as reachByPrincipal, reachOf } from "./reach";
import { readAuthorizationDetails } from "./read-details";

export type { AuditFinding } from "./evaluate";
export type { OptInTag } from "./conditions";
export type { AccountAudit, Reach, ReachGroup } from "./reach";
export { CATEGORIES, CATEGORY_SUMMARY, type Category } from "./categories";

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
  /** Principals of this account that can assume one of its roles with findings, each with those roles. */
  reach: ReachGroup[];
}

const categoryOrder = (c: Category) => CATEGORIES.indexOf(c);
const byPrincipal = (a: AuditFinding, b: AuditFinding) =>
  a.principal.localeCompare(b.principal) ||
  categoryOrder(a.category) - categoryOrder(b.category) ||
  a.via[0].localeCompare(b.via[0]) ||
  (a.group ?? "").localeCompare(b.group ?? "") ||
  a.via[1].localeCompare(b.via[1], "en", { numeric: true });

/** One account's audit, with the principals and roles that reach across accounts needs. */
export async function auditAccount(raw: unknown, file: string, tag: OptInTag): Promise<AccountAudit> {
  const details = readAuthorizationDetails(raw, file);
  const { principals, unresolved, entities } = principalsOf(details);
  const paths = await loadPaths({ partition: details.partition, account: details.account ?? "*", tag });
  const findings: AuditFinding[] = [];
  const serviceLinked: AuditFinding[] = [];
  const administrators: string[] = [];
  for (const p of principals) {
    const own = evaluatePrincipal(p, paths, entities);
    (p.serviceLinked ? serviceLinked : findings).push(...own);
    if (!p.serviceLinked && CATEGORIES.every((c) => own.some((f) => f.category === c && !f.conditional))) administrators.push(p.arn);
  }
  const report: AuditReport = {
    file,
    ...(details.account ? { account: details.account } : {}),
    partition: details.partition,
    tag,
    counts: {
      users: details.users.length,
      roles: details.roles.length,
      groups: details.groups.length,
      policies: details.policies.size,
      serviceLinkedRoles: principals.filter((p) => p.serviceLinked).length,
    },
    findings: findings.sort(byPrincipal),
    serviceLinked: serviceLinked.sort(byPrincipal),
    administrators: administrators.sort(),
    unresolved,
    reach: [],
  };
  const own: AccountAudit = { report, principals, roles: details.roles };
  report.reach = reachByPrincipal(reachOf([own], tag));
  return own;
}

export async function audit(raw: unknown, file: string, tag: OptInTag): Promise<AuditReport> {
  return (await auditAccount(raw, file, tag)).report;
}
