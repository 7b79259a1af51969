/**
 * The audit's evaluator, case by case: __tests__/cases/audit/*.json hold small accounts (written
 * compactly, built into get-account-authorization-details output) and every finding each must
 * produce, as [principal, category, conditional, Sid of the granting statement, (actions)].
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { audit, type AuditFinding, CATEGORIES, type OptInTag, type ScpScope } from "../../../src/analysis/audit";
import { readPolicy } from "../../../src/analysis/policy-input";
import { type CompactAccount, buildAccount } from "../../fixtures/audit/build-account";

type Expected = [string, string, boolean, string, string[]?];
interface AuditCase extends CompactAccount {
  name: string;
  tag?: OptInTag;
  expect: Expected[];
  serviceLinked?: Expected[];
  /** Policy ARNs or group names reported as not in the file. */
  unresolved?: string[];
  administrators?: string[];
  scp?: { levels: { target: string; policies: Record<string, unknown>; assumedFullAccess?: boolean }[]; management?: boolean };
  /** [principal, category, a text that each thing blocking it contains]. */
  blockedByScp?: [string, string, string?][];
}
interface CaseFile {
  tag: OptInTag;
  cases: AuditCase[];
}

const DIR = join(__dirname, "../..", "cases", "audit");
const all = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((f) => {
    const file = JSON.parse(readFileSync(join(DIR, f), "utf8")) as CaseFile;
    return file.cases.map((c) => ({ file: f, tag: c.tag ?? file.tag, c }));
  });

const sidOf = (f: AuditFinding) => f.via[1].replace(/^Statement\[\d+\] \((.*)\)$/, "$1");
const tuple = (f: AuditFinding, withActions: boolean): Expected => {
  const t: Expected = [`${f.principalType}/${f.principalName}`, f.category, f.conditional, sidOf(f)];
  if (withActions) t.push([...f.actions].sort());
  return t;
};
/** Compares actions only where the case lists them. */
function compare(found: AuditFinding[], expected: Expected[]) {
  const key = (t: Expected) => JSON.stringify(t.slice(0, 4));
  const want = new Map(expected.map((e) => [key(e), e]));
  const got = found.map((f) => {
    const e = want.get(key(tuple(f, false)));
    return tuple(f, Boolean(e && e[4]));
  });
  const norm = (xs: Expected[]) =>
    xs
      .map((x) => (x[4] ? [...x.slice(0, 4), [...x[4]].sort()] : x))
      .map((x) => JSON.stringify(x))
      .sort();
  expect(norm(got)).toEqual(norm(expected));
}

test.each(all.map(({ file, tag, c }) => [`${file}: ${c.name}`, tag, c] as const))("%s", async (_, tag, c) => {
  const scp: ScpScope | undefined = c.scp && {
    ...(c.scp.management ? { management: true } : {}),
    levels: c.scp.levels.map((l) => ({
      target: l.target,
      policies: Object.entries(l.policies).map(([name, doc]) => ({ name, doc: readPolicy(doc, "case") })),
      ...(l.assumedFullAccess ? { assumedFullAccess: true } : {}),
    })),
  };
  const report = await audit(buildAccount(c), "account.json", tag, scp);
  if (c.blockedByScp) {
    expect(report.blockedByScp.map((b) => [`${b.principalType}/${b.principalName}`, b.category])).toEqual(
      c.blockedByScp.map(([p, cat]) => [p, cat]),
    );
    c.blockedByScp.forEach(([, , text], i) => text && expect(report.blockedByScp[i].by.every((b) => b.includes(text))).toBe(true));
  }
  compare(report.findings, c.expect);
  compare(report.serviceLinked, c.serviceLinked ?? []);
  expect(report.unresolved.map((u) => u.missing).sort()).toEqual([...(c.unresolved ?? [])].sort());
  if (c.administrators) expect(report.administrators).toEqual(c.administrators);
});

test("every category has a case that expects it, conditionally and not", () => {
  const seen = new Set(all.flatMap(({ c }) => [...c.expect, ...(c.serviceLinked ?? [])].map((e) => `${e[1]} ${e[2]}`)));
  expect(CATEGORIES.flatMap((cat) => [`${cat} true`, `${cat} false`]).filter((k) => !seen.has(k))).toEqual([]);
});
