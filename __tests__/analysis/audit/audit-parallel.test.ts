/**
 * The audit of a generated organisation (the benchmark's accounts, small) on one thread and on
 * worker threads: the same report, byte for byte, in every format; and a malformed account file
 * read on a worker still names its line and column.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateAccount } from "../../../scripts/bench-audit";
import { crossAccountReach, formatReports } from "../../../src/analysis/audit/organisation";
import { auditSources } from "../../../src/analysis/audit/pool";
import type { AccountSource } from "../../../src/analysis/audit/sources";
import { ROOT, assertBuilt } from "../../support/package-app";

const DIST_WORKER = join(ROOT, "dist/src/analysis/audit/worker.js");
const TAG = { key: "CadoResponseSSMEnabled", values: ["True"], ignoreCase: false };

let dir: string;
let sources: AccountSource[];
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "audit-parallel-"));
  // Four accounts of 150 roles; one role in fifty trusts the next account, so reach crosses accounts.
  const ids = Array.from({ length: 4 }, (_, i) => String(200000000000 + i * 1000 + 7));
  sources = ids.map((id, i) => {
    const file = join(dir, `${id}.json`);
    const account = generateAccount(150, 300, { seed: 1000 + i, users: 5, trustAccount: ids[(i + 1) % ids.length] });
    writeFileSync(file, JSON.stringify(account).replaceAll("111122223333", id));
    return { kind: "file", file, cwd: dir };
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reports(threads: number) {
  const audits = (await auditSources(sources, TAG, { threads, workerFile: DIST_WORKER })).flatMap((r) => r.audits);
  const across = crossAccountReach(audits, TAG);
  const ctx = { tagSource: "test", version: "test" };
  return (["json", "text", "markdown", "sarif"] as const).map((f) =>
    formatReports(
      f,
      audits.map((a) => a.report),
      ctx,
      across,
    ),
  );
}

test("a generated organisation: one thread and worker threads give the same reports in every format", async () => {
  const one = await reports(1);
  const parsed = JSON.parse(one[0]);
  expect(parsed.accounts).toHaveLength(4);
  expect(parsed.accounts.every((a: { findings: unknown[] }) => a.findings.length > 0)).toBe(true);
  // Reach across accounts is there to compare: a role of each account trusts the next one.
  expect(parsed.organisation.crossAccount.length).toBeGreaterThan(0);
  expect(await reports(2)).toEqual(one);
});

test("a malformed account file on a worker: the error names its line and column", async () => {
  const bad = join(dir, "bad.json");
  writeFileSync(bad, '{\n  "RoleDetailList": [\n    {"RoleName": }\n  ]\n}\n');
  const withBad: AccountSource[] = [...sources.slice(0, 2), { kind: "file", file: bad, cwd: dir }];
  for (const threads of [1, 2])
    await expect(auditSources(withBad, TAG, { threads, workerFile: DIST_WORKER })).rejects.toThrow(
      /bad\.json: \(top level\): malformed JSON at line 3, column 18: unexpected "}"/,
    );
});
