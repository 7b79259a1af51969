/**
 * Service control policies in the audit, as AWS Organizations evaluates them (AWS Organizations
 * User Guide, "SCP evaluation"): the SCPs attached to the root, to each OU on the account's path and
 * to the account itself are levels; at every level, some SCP must allow the request, and an
 * explicit Deny in any SCP of any level blocks it. SCPs grant nothing: a request still needs the
 * identity policy's Allow (evaluate.ts). They do not apply to service-linked roles nor to the
 * management account's principals.
 *
 * Conditions are decided in the request's world plus the principal (aws:PrincipalArn,
 * aws:PrincipalAccount: what the guardrail's ArnNotLike exception reads); any other condition makes
 * the request conditional, never allowed or blocked silently.
 */
import { type PolicyDoc, type PolicyStatement, statementName } from "../policy-input";
import type { Probe } from "./categories";
import { conditionText, evalConditions } from "./conditions";
import { allowPairs, denyCovers, namesAction } from "./statements";

/** The facts table's entries this evaluation rests on: SCP_FACTS (src/model/facts.ts). */

export interface ScpPolicy {
  /** How reports name it: the policy's name and id (from describe-policy or iam-collect), or its file. */
  name: string;
  doc: PolicyDoc;
}

/** The SCPs attached at one level: the root, an OU, the account (or the command line's --scp files). */
export interface ScpLevel {
  /** "root r-abcd", "OU ou-abcd-11111111 (Prod)", "account 111122223333", "--scp". */
  target: string;
  policies: ScpPolicy[];
  /** No file of this level allows anything: AWS attaches FullAWSAccess to every level by default, and the audit assumed it. */
  assumedFullAccess?: boolean;
}

/** The SCPs that govern one account, root first; or why none do. */
export interface ScpScope {
  levels: ScpLevel[];
  /** The account is the organisation's management account: SCPs do not apply to it. */
  management?: boolean;
}

export type ScpVerdict = { blocked: string } | { blocked?: undefined; reasons: string[] };

const FULL_ACCESS: PolicyStatement = {
  index: 0,
  sid: "FullAWSAccess",
  effect: "Allow",
  action: ["*"],
  resource: ["*"],
  conditions: [],
  hasPrincipal: false,
  raw: { Effect: "Allow", Action: "*", Resource: "*" },
};

const named = (policy: ScpPolicy, s: PolicyStatement) => `${statementName(s)} of SCP ${policy.name}`;

/**
 * May the principal make this request (action on the grant's [pattern, target] pairs) as far as the
 * SCPs go? Blocked (with the policy that blocks it), or allowed with what the audit could not decide.
 */
export function scpVerdict(
  scope: ScpScope,
  principal: { arn: string; account?: string },
  probe: Probe,
  pairs: [string, string][],
): ScpVerdict {
  const world = { ...probe.world, principal };
  const reasons: string[] = [];
  for (const level of scope.levels)
    for (const policy of level.policies)
      for (const s of policy.doc.statements) {
        if (s.effect !== "Deny" || s.hasPrincipal || !namesAction(s, probe.action) || !denyCovers(s, pairs)) continue;
        const { truth, undecided } = evalConditions(s.conditions, world);
        if (truth === true) return { blocked: `denied by ${named(policy, s)} (${level.target})` };
        if (truth === "unknown")
          reasons.push(`unless ${named(policy, s)} (${level.target}) denies it (${undecided.map(conditionText).join("; ")})`);
      }
  for (const level of scope.levels) {
    const statements = level.assumedFullAccess
      ? [{ policy: { name: "FullAWSAccess (assumed)", doc: { statements: [FULL_ACCESS], raw: {} } }, s: FULL_ACCESS }]
      : level.policies.flatMap((policy) => policy.doc.statements.map((s) => ({ policy, s })));
    let allowed = false;
    const maybe: string[] = [];
    for (const { policy, s } of statements) {
      if (s.effect !== "Allow" || s.hasPrincipal || !namesAction(s, probe.action)) continue;
      const covers = denyCovers(s, pairs);
      if (
        !covers &&
        !allowPairs(
          s,
          pairs.map(([, t]) => t),
        ).length
      )
        continue;
      const { truth, undecided } = evalConditions(s.conditions, world);
      if (truth === false) continue;
      if (truth === true && covers) {
        allowed = true;
        break;
      }
      maybe.push(
        `${named(policy, s)} (${level.target}) allows it only ${[...(covers ? [] : ["on some of the resources"]), ...(undecided.length ? [`when ${undecided.map(conditionText).join("; ")}`] : [])].join(", ")}`,
      );
    }
    if (allowed) continue;
    if (!maybe.length) return { blocked: `no SCP of ${level.target} allows ${probe.action}` };
    reasons.push(maybe.join("; or "));
  }
  return { reasons };
}
