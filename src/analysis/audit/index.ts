/**
 * `scoped-ssm audit`: who in an account can run commands on nodes that lack the opt-in tag, put the
 * tag on a node, read every command's output, or change permissions to do so. Reads the output of
 * `aws iam get-account-authorization-details`; evaluates with the project's own evaluator
 * (evaluate.ts) on the MIT service reference, never with a simulator.
 */
import { CATEGORIES, type Category, loadPaths } from "./categories";
import type { OptInTag } from "./conditions";
import { type AuditFinding, type BlockedFinding, evaluatePrincipal } from "./evaluate";
import { principalsOf } from "./principals";
import { type AccountAudit, byPrincipal as reachByPrincipal, reachOf } from "./reach";
import type { AuditReport } from "./audit-report";
import type { ScpScope } from "./scp";
import { readAuthorizationDetails } from "./read-details";

export type { AuditFinding, BlockedFinding } from "./evaluate";
export type { AuditReport, ScpSummary } from "./audit-report";
export type { ScpScope } from "./scp";
export type { OptInTag } from "./conditions";
export type { AccountAudit, Reach, ReachGroup } from "./reach";
export { CATEGORIES, CATEGORY_SUMMARY, type Category } from "./categories";

const categoryOrder = (c: Category) => CATEGORIES.indexOf(c);
const byPrincipal = (a: AuditFinding, b: AuditFinding) =>
  a.principal.localeCompare(b.principal) ||
  categoryOrder(a.category) - categoryOrder(b.category) ||
  a.via[0].localeCompare(b.via[0]) ||
  (a.group ?? "").localeCompare(b.group ?? "") ||
  a.via[1].localeCompare(b.via[1], "en", { numeric: true });

/** One account's audit, with the principals and roles that reach across accounts needs. */
export async function auditAccount(raw: unknown, file: string, tag: OptInTag, scp?: ScpScope): Promise<AccountAudit> {
  const details = readAuthorizationDetails(raw, file);
  const { principals, unresolved, entities } = principalsOf(details);
  // SCPs govern every principal of a member account but its service-linked roles.
  if (scp && !scp.management) for (const p of principals) if (!p.serviceLinked) p.scp = scp;
  const blockedByScp: BlockedFinding[] = [];
  const paths = await loadPaths({ partition: details.partition, account: details.account ?? "*", tag });
  const findings: AuditFinding[] = [];
  const serviceLinked: AuditFinding[] = [];
  const administrators: string[] = [];
  for (const p of principals) {
    const own = evaluatePrincipal(p, paths, entities, blockedByScp);
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
    ...(scp
      ? {
          scp: {
            levels: scp.levels.map((l) => ({
              target: l.target,
              policies: l.policies.map((x) => x.name),
              ...(l.assumedFullAccess ? { assumedFullAccess: true } : {}),
            })),
            ...(scp.management ? { management: true } : {}),
          },
        }
      : {}),
    blockedByScp: blockedByScp.sort(
      (a, b) => a.principal.localeCompare(b.principal) || categoryOrder(a.category) - categoryOrder(b.category),
    ),
    unresolved,
    reach: [],
  };
  const own: AccountAudit = { report, principals, roles: details.roles };
  report.reach = reachByPrincipal(reachOf([own], tag));
  return own;
}

export async function audit(raw: unknown, file: string, tag: OptInTag, scp?: ScpScope): Promise<AuditReport> {
  return (await auditAccount(raw, file, tag, scp)).report;
}
