/**
 * Who can become a role that has findings: the principals of the audited accounts that its trust
 * policy admits and, where IAM requires it, whose own policies allow sts:AssumeRole on it (trust.ts
 * says when). What the role can do, they can do through it.
 */
import { CATEGORIES, type Category, worlds } from "./categories";
import type { Principal } from "./principals";
import type { RoleDetail } from "./read-details";
import type { OptInTag } from "./conditions";
import { denialOf, grantsFor } from "./evaluate";
import { statementName } from "../policy-input";
import { accountOf, admits } from "./trust";
import { scpVerdict } from "./scp";
import type { AccountAudit } from "./audit-report";
import type { Reach, ReachGroup } from "./reach-types";

export type { AccountAudit } from "./audit-report";
export type { Reach, ReachGroup } from "./reach-types";

/** One step: `from` can assume `to` (how, and what the audit could not decide about it). */
type Step = Omit<Reach, "principal" | "principalName" | "principalType" | "role" | "roleName" | "categories" | "chain"> & {
  from: Principal;
  to: RoleDetail;
};

/**
 * Every principal of these accounts that can become a role of theirs with findings (itself
 * excepted): directly, or through a chain of roles (A assumes B, which assumes C), followed to a
 * fixed point. Each principal and role once, by the shortest chain (unconditional first, among
 * chains of one length); cycles end because a role is reached once.
 */
export function reachOf(audits: AccountAudit[], tag: OptInTag): Reach[] {
  const none = worlds(tag).none;
  const everyone = audits.flatMap((a) => a.principals.filter((p) => !p.serviceLinked));
  const byArn = new Map(everyone.map((p) => [p.arn.toLowerCase(), p]));
  // Whose own policies allow sts:AssumeRole on anything at all: asked once each, not once per role.
  // Only they can use a trust policy that names their account (or anyone), so only they are indexed by account.
  const anyRole = { id: "sts:AssumeRole|any role", action: "sts:AssumeRole", targets: ["arn:*:iam::*:role/*"], world: none };
  const mayAssume = everyone.filter((p) => grantsFor(p, anyRole).length > 0);
  const byAccount = new Map<string | undefined, Principal[]>();
  for (const p of mayAssume) {
    const account = accountOf(p.arn);
    const list = byAccount.get(account);
    if (list) list.push(p);
    else byAccount.set(account, [p]);
  }
  const mayAssumeArns = new Set(mayAssume.map((p) => p.arn));

  const roles = new Map<string, { role: RoleDetail; categories: Category[] }>();
  for (const { report, roles: rs } of audits) {
    // Each account's findings by principal, once: not a scan of them per role.
    const found = new Map<string, Set<Category>>();
    for (const f of report.findings) {
      const set = found.get(f.principal);
      if (set) set.add(f.category);
      else found.set(f.principal, new Set([f.category]));
    }
    for (const role of rs) {
      const own = found.get(role.arn);
      roles.set(role.arn, { role, categories: own ? CATEGORIES.filter((c) => own.has(c)) : [] });
    }
  }

  /**
   * The principals of the audited accounts that the role's trust policy can admit: by name, or
   * through their account (or anyone) when their own policies allow sts:AssumeRole at all.
   */
  const candidates = (role: RoleDetail): Principal[] => {
    const out = new Set<Principal>();
    for (const e of role.trust) {
      if (e.kind === "principal") {
        const p = byArn.get(e.principal.toLowerCase());
        if (p) out.add(p);
      } else if (e.kind === "account") for (const p of byAccount.get(e.principal) ?? []) out.add(p);
      else if (e.kind === "anyone") for (const p of mayAssume) out.add(p);
    }
    return [...out];
  };

  /** Who can assume the role in one step: the best way for each. */
  const stepsInto = (role: RoleDetail): Step[] => {
    const best = new Map<string, Step>();
    const keep = (s: Step) => {
      const seen = best.get(s.from.arn);
      if (!seen || (seen.conditional && !s.conditional)) best.set(s.from.arn, s);
    };
    const probe = { id: `sts:AssumeRole|${role.arn}`, action: "sts:AssumeRole", targets: [role.arn], world: none };
    for (const p of candidates(role)) {
      if (p.arn === role.arn) continue;
      for (const { by, entry } of admits(role.trust, p.arn)) {
        // The SCPs of the principal's account govern its sts:AssumeRole call.
        const scp = p.scp ? scpVerdict(p.scp, { arn: p.arn, account: accountOf(p.arn) }, probe, [[role.arn, role.arn]]) : { reasons: [] };
        if (scp.blocked !== undefined) continue;
        if (by === "name" && accountOf(p.arn) === accountOf(role.arn)) {
          // The trust policy grants it; only the principal's own Deny can still stop it.
          const denial = denialOf(p, probe);
          if (denial.certain) continue;
          const undecided = [...entry.conditions, ...denial.reasons, ...scp.reasons];
          keep({ from: p, to: role, trustedBy: by, conditional: undecided.length > 0, undecided });
          continue;
        }
        if (!mayAssumeArns.has(p.arn)) continue;
        for (const g of grantsFor(p, probe)) {
          const undecided = [...entry.conditions, ...g.reasons, ...scp.reasons];
          keep({
            from: p,
            to: role,
            trustedBy: by,
            via: [g.ref.label, statementName(g.statement)],
            conditional: undecided.length > 0,
            undecided,
          });
        }
      }
    }
    return [...best.values()];
  };

  // Backwards from the roles with findings: the steps into them, then into the roles that can take those steps, to a fixed point.
  const from = new Map<string, Step[]>();
  const asked = new Set<string>();
  const queue = [...roles.values()].filter((r) => r.categories.length).map((r) => r.role);
  while (queue.length) {
    const role = queue.pop()!;
    if (asked.has(role.arn)) continue;
    asked.add(role.arn);
    for (const step of stepsInto(role)) {
      const steps = from.get(step.from.arn);
      if (steps) steps.push(step);
      else from.set(step.from.arn, [step]);
      const next = roles.get(step.from.arn);
      if (next && !asked.has(next.role.arn)) queue.push(next.role);
    }
  }

  // Forwards from each principal, one layer of roles at a time: the first layer that reaches a role is its shortest chain.
  const out: Reach[] = [];
  for (const p of everyone) {
    if (!from.has(p.arn)) continue;
    const reached = new Map<string, Step[]>([[p.arn, []]]);
    let layer = [p.arn];
    while (layer.length) {
      const next = new Map<string, Step[]>();
      for (const arn of layer)
        for (const step of from.get(arn) ?? []) {
          if (reached.has(step.to.arn)) continue;
          const chain = [...reached.get(arn)!, step];
          const seen = next.get(step.to.arn);
          if (!seen || (seen.some((s) => s.conditional) && !chain.some((s) => s.conditional))) next.set(step.to.arn, chain);
        }
      for (const [arn, chain] of next) reached.set(arn, chain);
      layer = [...next.keys()];
    }
    for (const [arn, chain] of reached) {
      const target = roles.get(arn);
      if (!chain.length || !target?.categories.length) continue;
      const [first] = chain;
      const undecided = chain.flatMap((s, i) => (i === 0 ? s.undecided : s.undecided.map((u) => `to assume ${s.to.name}: ${u}`)));
      out.push({
        principal: p.arn,
        principalName: p.name,
        principalType: p.type,
        role: arn,
        roleName: target.role.name,
        categories: target.categories,
        trustedBy: first.trustedBy,
        ...(first.via ? { via: first.via } : {}),
        ...(chain.length > 1 ? { chain: chain.slice(0, -1).map((s) => s.to.arn) } : {}),
        conditional: undecided.length > 0,
        undecided,
      });
    }
  }
  return out.sort((a, b) => a.role.localeCompare(b.role) || a.principal.localeCompare(b.principal));
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
