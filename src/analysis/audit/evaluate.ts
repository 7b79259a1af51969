/**
 * The audit's evaluator: IAM's identity-policy logic for the requests of categories.ts, as pure
 * functions over plain data. For one principal and one request:
 *
 * 1. every Allow statement of every policy that applies (its own, its groups') whose Action (or
 *    NotAction) names the action, whose Resource (or NotResource) can name a target, and whose
 *    condition is not false in the request's world, grants it, conditionally when the condition is
 *    unknown;
 * 2. a Deny statement of any of those policies, or of the permissions boundary, that names the
 *    action and every resource the Allow grants cancels it when its condition holds, and makes it
 *    conditional when its condition is unknown (a Deny that names only some of them leaves it);
 * 3. with a permissions boundary, the boundary must allow the action as well (intersection); a
 *    boundary missing from the file makes every grant conditional.
 *
 * Results per policy document and request are memoised, so an account of thousands of principals
 * that share managed policies evaluates each policy once.
 */
import { type ConditionEntry, type PolicyDoc, type PolicyStatement, statementName } from "../policy-input";
import type { Category, Path, Probe } from "./categories";
import { conditionText, evalConditions } from "./conditions";
import { arnMatches } from "./match";
import { allowPairs, denyCovers, namesAction } from "./statements";
import { scpVerdict } from "./scp";
import { accountOf } from "./trust";
import type { Entities, PolicyRef, Principal, PrincipalType } from "./principals";

/** A statement that matches a request: the [its resource pattern, target] pairs it names. */
interface Hit {
  statement: PolicyStatement;
  truth: true | "unknown";
  undecided: ConditionEntry[];
  pairs: [string, string][];
}

interface DocProbe {
  allows: Hit[];
  /** Deny statements naming the action whose condition is not false; which resources they cover depends on the Allow. */
  denies: Hit[];
}

const docCache = new WeakMap<PolicyDoc, Map<string, DocProbe>>();
/** What most documents hold for most requests: one shared answer, read only, not an object per document and request. */
const NO_HIT: DocProbe = Object.freeze({ allows: Object.freeze([]) as unknown as Hit[], denies: Object.freeze([]) as unknown as Hit[] });

function docProbe(doc: PolicyDoc, probe: Probe): DocProbe {
  let byProbe = docCache.get(doc);
  if (!byProbe) docCache.set(doc, (byProbe = new Map()));
  let hit = byProbe.get(probe.id);
  if (hit) return hit;
  hit = { allows: [], denies: [] };
  for (const s of doc.statements) {
    if (s.hasPrincipal || !namesAction(s, probe.action)) continue;
    const { truth, undecided } = evalConditions(s.conditions, probe.world);
    if (truth === false) continue;
    if (s.effect === "Deny") hit.denies.push({ statement: s, truth, undecided, pairs: [] });
    else {
      const pairs = allowPairs(s, probe.targets);
      if (pairs.length) hit.allows.push({ statement: s, truth, undecided, pairs });
    }
  }
  if (!hit.allows.length && !hit.denies.length) hit = NO_HIT;
  byProbe.set(probe.id, hit);
  return hit;
}

export interface Grant {
  ref: PolicyRef;
  statement: PolicyStatement;
  conditional: boolean;
  /** Why it is conditional: each condition or Deny the audit could not decide. */
  reasons: string[];
  pairs: [string, string][];
}

const undecidedText = (cs: ConditionEntry[]) => cs.map(conditionText).join("; ");

/** Every grant of one request to one principal that no Deny certainly cancels. */
export function grantsFor(p: Principal, probe: Probe): Grant[] {
  const allows: { ref: PolicyRef; hit: Hit }[] = [];
  const denies: { label: string; hit: Hit }[] = [];
  for (const ref of p.policies) {
    const d = docProbe(ref.doc, probe);
    for (const hit of d.allows) allows.push({ ref, hit });
    for (const hit of d.denies) denies.push({ label: ref.label, hit });
  }
  if (!allows.length) return [];
  const boundaryReasons: string[] = [];
  if (p.boundary) {
    if (!p.boundary.doc) boundaryReasons.push(`the permissions boundary ${p.boundary.label} is not in the file`);
    else {
      const b = docProbe(p.boundary.doc, probe);
      if (!b.allows.length) return [];
      for (const hit of b.denies) denies.push({ label: `${p.boundary.label} (permissions boundary)`, hit });
      if (b.allows.every((h) => h.truth === "unknown"))
        boundaryReasons.push(
          `the permissions boundary ${p.boundary.label} allows it only when ${b.allows.map((h) => undecidedText(h.undecided)).join(", or ")}`,
        );
    }
  }
  const out: Grant[] = [];
  for (const { ref, hit } of allows) {
    const reasons = ref.missing
      ? [`${ref.label} is not in the file: what it grants is unknown`]
      : hit.undecided.map((c) => `Allow condition ${conditionText(c)}`);
    let cancelled = false;
    for (const d of denies) {
      if (!denyCovers(d.hit.statement, hit.pairs)) continue;
      if (d.hit.truth === true) {
        cancelled = true;
        break;
      }
      reasons.push(`unless the Deny ${statementName(d.hit.statement)} of ${d.label} applies (${undecidedText(d.hit.undecided)})`);
    }
    if (cancelled) continue;
    reasons.push(...boundaryReasons);
    out.push({ ref, statement: hit.statement, conditional: reasons.length > 0, reasons, pairs: hit.pairs });
  }
  return out;
}

/**
 * The principal's own Denies of a request that something else allows (a trust policy that names
 * it): certain, or undecided with the reasons, or none.
 */
export function denialOf(p: Principal, probe: Probe): { certain: boolean; reasons: string[] } {
  const pairs = probe.targets.map((t): [string, string] => [t, t]);
  const reasons: string[] = [];
  for (const ref of p.policies)
    for (const d of docProbe(ref.doc, probe).denies) {
      if (!denyCovers(d.statement, pairs)) continue;
      if (d.truth === true) return { certain: true, reasons: [] };
      reasons.push(`unless the Deny ${statementName(d.statement)} of ${ref.label} applies (${undecidedText(d.undecided)})`);
    }
  return { certain: false, reasons };
}

export interface AuditFinding {
  principal: string;
  principalName: string;
  principalType: PrincipalType;
  category: Category;
  /** A condition (or Deny, or boundary) the audit could not decide stands between the principal and this. */
  conditional: boolean;
  /** The policy (managed policy ARN, or `NAME (inline, OWNER ARN)`) and the statement that grant it. */
  via: [string, string];
  /** The group the policy comes from. */
  group?: string;
  /** The category's actions this statement grants. */
  actions: string[];
  /** The statement's resources that name the targets. */
  resources: string[];
  /** Why it is conditional. */
  undecided?: string[];
  /** What else the reader should know (say, a grant that holds only with the opt-in key in another case). */
  notes?: string[];
  /** escalate: entities of the account it can change (the first ten), and how many. */
  targets?: string[];
  targetCount?: number;
}

/** The entities of one type a statement's Resource (or NotResource) names, sorted; shared by every principal that holds it. */
const namedCache = new WeakMap<PolicyStatement, Map<string, string[]>>();
const USERNAME = /\$\{aws:username\}/i;

function namedBy(s: PolicyStatement, p: Principal, type: string, pool: string[]): string[] {
  const patterns = s.resource ?? s.notResource ?? [];
  // ${aws:username} is the user's name; a role has none, so a Resource built on it names nothing.
  const name = patterns.some((x) => USERNAME.test(x)) ? (p.type === "user" ? p.name : "\u0000") : undefined;
  const key = `${type}\u0000${name ?? ""}`;
  let byKey = namedCache.get(s);
  if (!byKey) namedCache.set(s, (byKey = new Map()));
  let hit = byKey.get(key);
  if (!hit) {
    const own = (x: string) => (name === undefined ? x : x.replace(/\$\{aws:username\}/gi, name));
    const resolved = patterns.map(own);
    hit = (
      s.resource
        ? pool.filter((arn) => resolved.some((r) => arnMatches(r, arn)))
        : pool.filter((arn) => !resolved.some((n) => arnMatches(n, arn)))
    ).sort();
    byKey.set(key, hit);
  }
  return hit;
}

/** Entities of the account an escalation can act on, as the grant's resources and the certain Denies leave them. */
function escalationTargets(p: Principal, grant: Grant, probe: Probe, path: Path, entities: Entities): string[] {
  const type = path.entityType ?? "";
  const pool =
    type === "user"
      ? entities.users
      : type === "group"
        ? entities.groups
        : type === "role"
          ? entities.roles
          : type === "policy"
            ? entities.policies
            : [];
  let targets = namedBy(grant.statement, p, type, pool);
  if (path.othersOnly && targets.includes(p.arn)) targets = targets.filter((a) => a !== p.arn);
  const certainDenies = [...p.policies.map((r) => r.doc), ...(p.boundary?.doc ? [p.boundary.doc] : [])]
    .flatMap((doc) => docProbe(doc, probe).denies)
    .filter((d) => d.truth === true);
  if (!certainDenies.length) return targets;
  const denied = new Set(certainDenies.flatMap((d) => namedBy(d.statement, p, type, pool)));
  return targets.filter((a) => !denied.has(a));
}

const resourceText = (s: PolicyStatement, pairs: [string, string][]) =>
  s.resource ? [...new Set(pairs.map(([r]) => r))] : [`every resource but ${(s.notResource ?? []).join(", ")}`];

/** A category the principal's identity policies grant, but the SCPs of its account block on every path. */
export interface BlockedFinding {
  principal: string;
  principalName: string;
  principalType: PrincipalType;
  category: Category;
  /** What blocks it: the SCP and statement that deny it, or the level where no SCP allows it. */
  by: string[];
}

/** Every finding of one principal: one per category and granting statement. Categories SCPs block go to `blocked`. */
export function evaluatePrincipal(p: Principal, paths: Path[], entities: Entities, blocked?: BlockedFinding[]): AuditFinding[] {
  type Draft = AuditFinding & {
    unconditional: boolean;
    allTargets?: Map<string, string[][]>;
    keyAsWritten?: boolean;
    keyOtherCase?: boolean;
  };
  const byKey = new Map<string, Draft>();
  const blockers = new Map<Category, Set<string>>();
  for (const path of paths) {
    let per = path.probes.map((probe) => grantsFor(p, probe));
    if (per.some((g) => !g.length)) continue;
    // escalate: a grant counts only where it can change some entity.
    const targetsOf = new Map<Grant, string[]>();
    if (path.category === "escalate") {
      for (const grant of per[0]) targetsOf.set(grant, escalationTargets(p, grant, path.probes[0], path, entities));
      per[0] = per[0].filter((g) => targetsOf.get(g)!.length);
      if (!per[0].length) continue;
    }
    if (p.scp) {
      const scp = p.scp;
      const by: string[] = [];
      const allowed = per.map((gs, i) =>
        gs.flatMap((g): Grant[] => {
          const v = scpVerdict(scp, { arn: p.arn, account: accountOf(p.arn) }, path.probes[i], g.pairs);
          if (v.blocked !== undefined) return (by.push(v.blocked), []);
          if (!v.reasons.length) return [g];
          const kept: Grant = { ...g, conditional: true, reasons: [...g.reasons, ...v.reasons] };
          if (targetsOf.has(g)) targetsOf.set(kept, targetsOf.get(g)!);
          return [kept];
        }),
      );
      if (allowed.some((g) => !g.length)) {
        const set = blockers.get(path.category) ?? new Set<string>();
        for (const b of by) set.add(b);
        blockers.set(path.category, set);
        continue;
      }
      per = allowed;
    }
    // A path of several requests (SendCommand: the node and a document) is as conditional as its weakest part.
    const others = per.slice(1).flatMap((gs) => (gs.every((g) => g.conditional) ? gs[0].reasons : []));
    for (const grant of per[0]) {
      const targets = targetsOf.get(grant);
      const reasons = [...new Set([...grant.reasons, ...others])];
      const key = `${path.category}\u0000${grant.ref.label}\u0000${grant.ref.group ?? ""}\u0000${grant.statement.index}`;
      let f = byKey.get(key);
      if (!f) {
        f = {
          principal: p.arn,
          principalName: p.name,
          principalType: p.type,
          category: path.category,
          conditional: true,
          via: [grant.ref.label, grant.ref.missing ? "(not in the file)" : statementName(grant.statement)],
          ...(grant.ref.group ? { group: grant.ref.group } : {}),
          actions: [],
          resources: [],
          unconditional: false,
        };
        byKey.set(key, f);
      }
      for (const a of path.actions) if (!f.actions.includes(a)) f.actions.push(a);
      for (const r of resourceText(grant.statement, grant.pairs)) if (!f.resources.includes(r)) f.resources.push(r);
      if (!reasons.length) f.unconditional = true;
      else f.undecided = [...new Set([...(f.undecided ?? []), ...reasons])];
      const keys = path.probes[0].world.tagKeys;
      if (keys?.exactCase) f.keyAsWritten = true;
      else if (keys) f.keyOtherCase = true;
      // Paths of one statement often name the very same (shared, sorted) list: keep each list once, by entity type.
      if (targets) {
        const lists = (f.allTargets ??= new Map()).get(path.entityType ?? "") ?? [];
        if (!lists.includes(targets)) f.allTargets.set(path.entityType ?? "", [...lists, targets]);
      }
    }
  }
  const findings = [...byKey.values()].map(({ unconditional, allTargets, keyAsWritten, keyOtherCase, ...f }) => {
    const out: AuditFinding = { ...f, conditional: !unconditional };
    if (keyOtherCase && !keyAsWritten)
      out.notes = [
        "only with the opt-in key written in another case: a Deny here compares tag keys case-sensitively, while IAM reads the key in condition keys ignoring case",
      ];
    if (unconditional) delete out.undecided;
    if (allTargets) {
      // Each list is sorted: the first ten of the union are among the first ten of each. Types do not overlap.
      const lists = [...allTargets.values()];
      out.targets = [...new Set(lists.flat().flatMap((l) => l.slice(0, 10)))].sort().slice(0, 10);
      out.targetCount = lists.reduce((n, same) => n + (same.length === 1 ? same[0].length : new Set(same.flat()).size), 0);
    }
    return out;
  });
  for (const [category, by] of blockers)
    if (!findings.some((f) => f.category === category))
      blocked?.push({ principal: p.arn, principalName: p.name, principalType: p.type, category, by: [...by].sort() });
  return findings;
}
