/**
 * `audit --baseline PREVIOUS.json`: what is new since a previous JSON report of the audit (one
 * account's, or an organisation's `{ organisation, accounts }`), so that an organisation can adopt
 * the audit before it has fixed everything. A finding is known when the previous report of the same
 * account holds the same principal, category, policy, statement and group at the same level: one
 * that turned from conditional to unconditional (a warning become an error) is new. Lines of reach
 * are known by principal, role and whether they were conditional.
 */
import { isObject } from "../../base/json";
import { InputError } from "../../base/errors";
import type { AuditReport } from "./audit-report";
import type { AuditFinding } from "./evaluate";
import type { ReachGroup } from "./reach-types";

export interface Baseline {
  file: string;
  /** Per account id (or file, for a report that names none): the keys of what it held. */
  known: Map<string, Set<string>>;
  /** Keys of the organisation's cross-account reach. */
  across: Set<string>;
}

const findingKey = (f: Pick<AuditFinding, "principal" | "category" | "via" | "group" | "conditional">, serviceLinked: boolean) =>
  [
    "finding",
    f.principal,
    f.category,
    f.via[0],
    f.via[1],
    f.group ?? "",
    serviceLinked ? "note" : f.conditional ? "warning" : "error",
  ].join("\u0000");
const reachKey = (principal: string, role: string, conditional: boolean) => ["reach", principal, role, String(conditional)].join("\u0000");
const accountKey = (r: { account?: unknown; file?: unknown }) => (typeof r.account === "string" ? r.account : `file ${String(r.file)}`);

export function readBaseline(raw: unknown, file: string): Baseline {
  const fail = (path: string, message: string): never => {
    throw new InputError([{ file, path, message }]);
  };
  const notReport = "is not a JSON report of scoped-ssm audit (`audit --format json`): expected findings and serviceLinked lists";
  const list = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : fail(path, "must be a list"));
  const readFindings = (v: unknown, path: string, serviceLinked: boolean, into: Set<string>) =>
    list(v, path).forEach((f, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(f)) return fail(at, "must be a finding (an object)");
      if (typeof f.principal !== "string") fail(`${at}.principal`, "must be a principal ARN");
      if (typeof f.category !== "string") fail(`${at}.category`, "must be a category");
      if (!Array.isArray(f.via) || f.via.length !== 2 || !f.via.every((x) => typeof x === "string"))
        fail(`${at}.via`, "must be [policy, statement]");
      into.add(
        findingKey(
          {
            principal: f.principal as string,
            category: f.category as AuditFinding["category"],
            via: f.via as [string, string],
            group: typeof f.group === "string" ? f.group : undefined,
            conditional: f.conditional === true,
          },
          serviceLinked,
        ),
      );
    });
  const readReach = (v: unknown, path: string, into: Set<string>) =>
    list(v, path).forEach((g, i) => {
      if (!isObject(g) || typeof g.principal !== "string") return fail(`${path}[${i}].principal`, "must be a principal ARN");
      list(g.roles, `${path}[${i}].roles`).forEach((x, j) => {
        if (!isObject(x) || typeof x.role !== "string") return fail(`${path}[${i}].roles[${j}].role`, "must be a role ARN");
        into.add(reachKey(g.principal as string, x.role as string, x.conditional === true));
      });
    });
  const readReport = (r: unknown, path: string): [string, Set<string>] => {
    const at = (f: string) => (path ? `${path}.${f}` : f);
    if (!isObject(r) || !Array.isArray(r.findings) || !Array.isArray(r.serviceLinked)) return fail(path, notReport);
    const keys = new Set<string>();
    readFindings(r.findings, at("findings"), false, keys);
    readFindings(r.serviceLinked, at("serviceLinked"), true, keys);
    readReach(r.reach, at("reach"), keys);
    return [accountKey(r), keys];
  };
  if (!isObject(raw)) return fail("", notReport);
  const known = new Map<string, Set<string>>();
  const across = new Set<string>();
  if (Array.isArray(raw.accounts)) {
    raw.accounts.forEach((r, i) => {
      const [account, keys] = readReport(r, `accounts[${i}]`);
      known.set(account, keys);
    });
    if (isObject(raw.organisation)) readReach(raw.organisation.crossAccount, "organisation.crossAccount", across);
  } else {
    const [account, keys] = readReport(raw, "");
    known.set(account, keys);
  }
  return { file, known, across };
}

/** Reach groups with only the lines not in `known`. */
function newReach(groups: ReachGroup[], known: Set<string>): ReachGroup[] {
  return groups
    .map((g) => ({ ...g, roles: g.roles.filter((x) => !known.has(reachKey(g.principal, x.role, x.conditional))) }))
    .filter((g) => g.roles.length);
}

/** The report with only what the baseline does not hold; `baseline` says how much was left out. */
export function onlyNew(report: AuditReport, baseline: Baseline): AuditReport {
  const known = baseline.known.get(accountKey(report)) ?? new Set<string>();
  const findings = report.findings.filter((f) => !known.has(findingKey(f, false)));
  const serviceLinked = report.serviceLinked.filter((f) => !known.has(findingKey(f, true)));
  const left = report.findings.length + report.serviceLinked.length - findings.length - serviceLinked.length;
  const principals = new Set(findings.map((f) => f.principal));
  return {
    ...report,
    findings,
    serviceLinked,
    administrators: report.administrators.filter((a) => principals.has(a)),
    reach: newReach(report.reach, known),
    baseline: {
      file: baseline.file,
      accountInBaseline: baseline.known.has(accountKey(report)),
      known: left,
      new: findings.length + serviceLinked.length,
    },
  };
}

export const newAcross = (across: ReachGroup[], baseline: Baseline) => newReach(across, baseline.across);
