/**
 * examples/github-actions/scoped-ssm-audit.yml is real: its scripts run, through bash and this
 * repository's CLI (npx scoped-ssm points at it), on three scheduled runs of a fixture account:
 * the first records a baseline and passes, the second finds nothing new and passes, the third
 * finds a new principal and fails, while keeping its report (which knows it) as the next baseline.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { buildAccount } from "../../fixtures/audit/build-account";
import { assertBuilt } from "../../support/package-app";

const ROOT = join(__dirname, "../..", "..");
const WORKFLOW = parse(readFileSync(join(ROOT, "examples/github-actions/scoped-ssm-audit.yml"), "utf8"));
const STEPS = WORKFLOW.jobs.audit.steps as { name?: string; run?: string; uses?: string; with?: Record<string, string> }[];
const step = (name: string) => STEPS.find((s) => s.name === name)!;
const ACCOUNT = readFileSync(join(ROOT, "__tests__/fixtures/audit/account-authorization-details.json"), "utf8");

let dir: string;
let bin: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "audit-workflow-"));
  bin = join(dir, "bin");
  mkdirSync(bin);
  // The CLI from sources' build is what `npx scoped-ssm` runs after `npm ci` in a copy of the repository.
  const cli = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, "bin/scoped-ssm.js"))} "$@"`;
  writeFileSync(join(bin, "npx"), `#!/bin/sh\n[ "$1" = scoped-ssm ] || { echo "unexpected: npx $*" >&2; exit 99; }\nshift\n${cli}\n`);
  chmodSync(join(bin, "npx"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bash(script: string, cwd: string) {
  const r = spawnSync("bash", ["-e", "-c", script], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_STEP_SUMMARY: join(cwd, "summary.md"),
      FAIL_ON: WORKFLOW.env.FAIL_ON,
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One scheduled run in `work`, with the cache folder carried over as actions/cache would. */
function scheduledRun(work: string) {
  rmSync(join(work, "summary.md"), { force: true });
  const gate = bash(step("New findings since the last report").run!, work);
  const keep = bash(step("Keep this report as the next baseline").run!, work);
  const fail = bash(step("Fail on new findings").run!, work);
  return { gate, keep, fail, summary: existsSync(join(work, "summary.md")) ? readFileSync(join(work, "summary.md"), "utf8") : "" };
}

test("runs on a schedule, and restores and saves the report under the same path", () => {
  expect(WORKFLOW.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
  expect(step("Restore the last report").with!.path).toBe(step("Save the report").with!.path);
  expect(step("Restore the last report").with!["restore-keys"]).toBe("scoped-ssm-audit-");
  expect(step("Keep this report as the next baseline").run).toContain(`${step("Save the report").with!.path}/audit.json`);
});

test("first run records a baseline; an unchanged account passes; a new principal fails and becomes the next baseline", () => {
  const work = join(dir, "repo");
  mkdirSync(work);
  writeFileSync(join(work, "account.json"), ACCOUNT);

  const first = scheduledRun(work);
  expect([first.gate.status, first.keep.status, first.fail.status]).toEqual([0, 0, 0]);
  expect(first.summary).toContain("No previous report");
  expect(JSON.parse(readFileSync(join(work, "scoped-ssm-audit/audit.json"), "utf8")).findings.length).toBe(29);

  const second = scheduledRun(work);
  expect([second.gate.status, second.fail.status]).toEqual([0, 0]);
  expect(second.summary).toContain("Nothing new since the baseline.");

  const raw = JSON.parse(ACCOUNT);
  raw.UserDetailList.push(
    ...(buildAccount({
      users: {
        mallet: { inline: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] }] },
      },
    }).UserDetailList as unknown[]),
  );
  writeFileSync(join(work, "account.json"), JSON.stringify(raw));
  const third = scheduledRun(work);
  expect(third.gate.status).toBe(0);
  expect(third.keep.status).toBe(0);
  expect(third.fail.status).toBe(1);
  expect(third.summary).toContain("`mallet`");
  expect(third.summary).not.toContain("`alice`");
  // The report kept for the next run knows mallet.
  const kept = JSON.parse(readFileSync(join(work, "scoped-ssm-audit/audit.json"), "utf8"));
  expect(kept.findings.some((f: { principalName: string }) => f.principalName === "mallet")).toBe(true);

  // Bad input fails at once (exit 2), not as findings.
  writeFileSync(join(work, "account.json"), "{}");
  expect(bash(step("New findings since the last report").run!, work).status).toBe(2);
});
