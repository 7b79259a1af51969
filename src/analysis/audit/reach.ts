/**
 * Who can become a role that has findings: the principals of the audited accounts that its trust
 * policy admits and, where IAM requires it, whose own policies allow sts:AssumeRole on it (trust.ts
 * says when). What the role can do, they can do through it.
 */
import { CATEGORIES, worlds } from "./categories";
import type { OptInTag } from "./conditions";
import { denialOf, grantsFor } from "./evaluate";
import { statementName } from "../policy-input";
import { accountOf, admits } from "./trust";
import { scpVerdict } from "./scp";
import type { AccountAudit } from "./audit-report";
import type { Reach, ReachGroup } from "./reach-types";

export type { AccountAudit } from "./audit-report";
export type { Reach, ReachGroup } from "./reach-types";

/** Every principal of these accounts that can assume a role of theirs with findings (itself excepted). */
export function reachOf(audits: AccountAudit[], tag: OptInTag): Reach[] {
  const none = worlds(tag).none;
  const everyone = audits.flatMap((a) => a.principals.filter((p) => !p.serviceLinked));
  // Whose own policies allow sts:AssumeRole on anything at all: asked once each, not once per role.
  const anyRole = { id: "sts:AssumeRole|any role", action: "sts:AssumeRole", targets: ["arn:*:iam::*:role/*"], world: none };
  const mayAssume = new Set(everyone.filter((p) => grantsFor(p, anyRole).length > 0).map((p) => p.arn));
  const out: Reach[] = [];
  for (const { report, roles } of audits) {
    for (const role of roles) {
      const categories = CATEGORIES.filter((c) => report.findings.some((f) => f.principal === role.arn && f.category === c));
      if (!categories.length) continue;
      for (const p of everyone) {
        if (p.arn === role.arn) continue;
        for (const { by, entry } of admits(role.trust, p.arn)) {
          const sameAccount = accountOf(p.arn) === accountOf(role.arn);
          const base = {
            principal: p.arn,
            principalName: p.name,
            principalType: p.type,
            role: role.arn,
            roleName: role.name,
            categories,
            trustedBy: by,
          };
          const probe = { id: `sts:AssumeRole|${role.arn}`, action: "sts:AssumeRole", targets: [role.arn], world: none };
          // The SCPs of the principal's account govern its sts:AssumeRole call.
          const scp = p.scp ? scpVerdict(p.scp, { arn: p.arn, account: accountOf(p.arn) }, probe, [[role.arn, role.arn]]) : { reasons: [] };
          if (scp.blocked !== undefined) continue;
          if (by === "name" && sameAccount) {
            // The trust policy grants it; only the principal's own Deny can still stop it.
            const denial = denialOf(p, probe);
            if (denial.certain) continue;
            const undecided = [...entry.conditions, ...denial.reasons, ...scp.reasons];
            out.push({ ...base, conditional: undecided.length > 0, undecided });
            continue;
          }
          if (!mayAssume.has(p.arn)) continue;
          for (const g of grantsFor(p, probe)) {
            const undecided = [...entry.conditions, ...g.reasons, ...scp.reasons];
            out.push({ ...base, via: [g.ref.label, statementName(g.statement)], conditional: undecided.length > 0, undecided });
          }
        }
      }
    }
  }
  return dedupe(out);
}

/** One line per principal and role: the unconditional way if there is one, else the first. */
function dedupe(reach: Reach[]): Reach[] {
  const best = new Map<string, Reach>();
  for (const r of reach) {
    const key = `${r.principal}\u0000${r.role}`;
    const seen = best.get(key);
    if (!seen || (seen.conditional && !r.conditional)) best.set(key, r);
  }
  return [...best.values()].sort((a, b) => a.role.localeCompare(b.role) || a.principal.localeCompare(b.principal));
}

export function byPrincipal(reach: Reach[]): ReachGroup[] {
  const groups = new Map<string, ReachGroup>();
  for (const { principal, principalName, principalType, ...role } of reach) {
    const g = groups.get(principal) ?? { principal, principalName, principalType, roles: [] };
    g.roles.push(role);
    groups.set(principal, g);
  }
  return [...groups.values()].sort((a, b) => a.principal.localeCompare(b.principal));
}
