/** What the report says about SCPs: the levels the account was audited under, and what they block. */
import type { AuditReport } from "./audit-report";
import type { BlockedFinding } from "./evaluate";
import { RCP_SERVICES } from "./iam-collect";

const levelText = (l: NonNullable<AuditReport["scp"]>["levels"][number]) =>
  `${l.target}: ${l.policies.length ? l.policies.join(", ") : "none"}${l.assumedFullAccess ? " (none allows anything: evaluated beside FullAWSAccess, which AWS attaches to every root, OU and account by default)" : ""}`;

/** One line per level, root first; or that SCPs do not apply. Then the RCPs, read and not evaluated. */
export function scpLines(r: AuditReport): string[] {
  return [...scpLevelLines(r), ...rcpLines(r)];
}

function rcpLines(r: AuditReport): string[] {
  if (!r.rcp) return [];
  return [
    `RCPs (read, not evaluated: they govern resources of ${RCP_SERVICES.join(", ")}, not EC2 nor SSM; an STS one may still stop a role assumption listed under "through roles"):`,
    ...r.rcp.map((l) => `  ${l.target}: ${l.policies.length ? l.policies.join(", ") : "none"}`),
  ];
}

function scpLevelLines(r: AuditReport): string[] {
  if (!r.scp) return [];
  if (r.scp.management) return ["SCPs: none apply: this is the organisation's management account (SCPs do not affect its principals)"];
  return ["SCPs (every level must allow; a Deny at any level blocks):", ...r.scp.levels.map((l) => `  ${levelText(l)}`)];
}

const byPrincipal = (blocked: BlockedFinding[]) => {
  const groups = new Map<string, BlockedFinding[]>();
  for (const b of blocked) groups.set(b.principal, [...(groups.get(b.principal) ?? []), b]);
  return [...groups.values()];
};

export function blockedText(r: AuditReport): string[] {
  if (!r.blockedByScp.length) return [];
  const lines = ["blocked by SCP (their identity policies grant it; an SCP blocks every path):"];
  for (const group of byPrincipal(r.blockedByScp)) {
    lines.push(`  ${group[0].principalType} ${group[0].principalName} (${group[0].principal})`);
    for (const b of group) {
      lines.push(`    ${b.category}`);
      for (const by of b.by) lines.push(`      ${by}`);
    }
  }
  return lines;
}
