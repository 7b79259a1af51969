/**
 * Accounts audited on worker threads (the compiled worker in dist/, as the CLI runs) and in this
 * thread (what Jest, running the sources, falls back to) give the same reports, byte for byte;
 * bad input from a worker is the same InputError, of the first source that has one.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crossAccountReach, formatReports } from "../../../src/analysis/audit/organisation";
import { auditSources, threadsFor } from "../../../src/analysis/audit/pool";
import type { AccountSource } from "../../../src/analysis/audit/sources";
import { readIamCollect } from "../../../src/analysis/audit/iam-collect";
import { InputError } from "../../../src/base/errors";
import { ROOT, assertBuilt } from "../../support/package-app";
import { writeIn } from "../../support/inputs";

const DIST_WORKER = join(ROOT, "dist/src/analysis/audit/worker.js");
const TAG = { key: "CadoResponseSSMEnabled", values: ["True"], ignoreCase: false };
const ACCOUNT = readFileSync(join(ROOT, "__tests__/fixtures/audit/account-authorization-details.json"), "utf8");

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "audit-pool-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeIn(dir, name, text);

async function report(sources: AccountSource[], threads: number) {
  const results = await auditSources(sources, TAG, { threads, workerFile: DIST_WORKER });
  const audits = results.flatMap((r) => r.audits);
  return formatReports(
    "json",
    audits.map((a) => a.report),
    { tagSource: "test", version: "test" },
    crossAccountReach(audits, TAG),
  );
}

test("without the compiled worker (the sources, as Jest runs them), one thread; with it, as many as asked", () => {
  expect(threadsFor(5, { threads: 2, workerFile: join(ROOT, "src/analysis/audit/worker.js") })).toBe(1);
  expect(threadsFor(5, { threads: 2, workerFile: DIST_WORKER })).toBe(2);
  expect(threadsFor(1, { threads: 2, workerFile: DIST_WORKER })).toBe(1);
  expect(threadsFor(5, { threads: 1, workerFile: DIST_WORKER })).toBe(1);
});

test("files (one of them holding two accounts): worker threads and this thread give the same report", async () => {
  const a = JSON.parse(ACCOUNT);
  const b = JSON.parse(ACCOUNT.replace(/111122223333/g, "444455556666"));
  const merged = write(
    "merged.json",
    JSON.stringify({
      UserDetailList: [...a.UserDetailList, ...b.UserDetailList],
      GroupDetailList: [...a.GroupDetailList, ...b.GroupDetailList],
      RoleDetailList: [...a.RoleDetailList, ...b.RoleDetailList],
      Policies: [...a.Policies, ...b.Policies.filter((p: { Arn: string }) => !p.Arn.includes(":aws:policy/"))],
    }),
  );
  const third = write("third.json", ACCOUNT.replace(/111122223333/g, "777788889999"));
  const sources: AccountSource[] = [merged, third].map((file) => ({ kind: "file", file, cwd: dir }));
  const inThread = await report(sources, 1);
  const onWorkers = await report(sources, 2);
  expect(JSON.parse(inThread).accounts).toHaveLength(3);
  expect(onWorkers).toBe(inThread);
});

test("an iam-collect organisation with SCPs and reach across accounts: the same report either way", async () => {
  const sources: AccountSource[] = readIamCollect("__tests__/fixtures/iam-collect", ROOT).map((a) => ({
    kind: "collected",
    folder: a.folder,
    file: a.file,
    cwd: ROOT,
    ...(a.scp ? { scp: a.scp } : {}),
    ...(a.rcp ? { rcp: a.rcp } : {}),
    ...(a.organization ? { organization: a.organization } : {}),
  }));
  const inThread = await report(sources, 1);
  expect(JSON.parse(inThread).organisation.crossAccount).toHaveLength(1);
  expect(await report(sources, 2)).toBe(inThread);
});

test("bad input on a worker is the InputError of the first source that has one", async () => {
  const good = write("good.json", ACCOUNT);
  const sources: AccountSource[] = [good, join(dir, "missing.json"), write("bad.json", "{}")].map((file) => ({
    kind: "file",
    file,
    cwd: dir,
  }));
  for (const threads of [1, 2]) {
    const run = auditSources(sources, TAG, { threads, workerFile: DIST_WORKER });
    await expect(run).rejects.toThrow(InputError);
    await expect(auditSources(sources, TAG, { threads, workerFile: DIST_WORKER })).rejects.toThrow(
      /missing\.json: \(top level\): cannot read: no such file/,
    );
  }
});
