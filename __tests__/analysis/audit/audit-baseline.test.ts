/** `audit --baseline PREVIOUS.json`: only what is new is reported, and only new findings fail. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAsync } from "../../../src/cli/main";
import { buildAccount } from "../../fixtures/audit/build-account";
import { writeIn } from "../../support/inputs";

const ROOT = join(__dirname, "../..", "..");
const ACCOUNT_FILE = join(ROOT, "__tests__/fixtures/audit/account-authorization-details.json");
const TAG = ["--tag-key", "CadoResponseSSMEnabled", "--tag-value", "True"];

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "audit-baseline-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown) => writeIn(dir, name, value);
const audit = (...args: string[]) => runAsync(["audit", ...args, ...TAG], dir);
const jsonOf = async (...args: string[]) => JSON.parse((await audit(...args, "--format", "json")).stdout);

/** The fixture account with one more user: `extra` is its inline policy. */
function withUser(name: string, extra: object) {
  const raw = JSON.parse(readFileSync(ACCOUNT_FILE, "utf8"));
  const user = buildAccount({ users: { [name]: { inline: [{ Version: "2012-10-17", Statement: [extra] }] } } }).UserDetailList as unknown[];
  raw.UserDetailList.push(...user);
  return write(`${name}.json`, raw);
}

test("against its own report: nothing new, exit 0, and the report says how much it left out", async () => {
  const previous = write("previous.json", (await audit(ACCOUNT_FILE, "--format", "json")).stdout);
  const r = await audit(ACCOUNT_FILE, "--baseline", previous);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/\nbaseline .*previous\.json: only what is new: 0 new findings; 31 findings already there left out\n/);
  expect(r.stdout).toContain("  nothing new since the baseline");
  const json = await jsonOf(ACCOUNT_FILE, "--baseline", previous);
  expect(json).toMatchObject({ findings: [], serviceLinked: [], reach: [], baseline: { accountInBaseline: true, known: 31, new: 0 } });
});

test("a new principal is the only finding, and fails; a new conditional one fails only at --fail-on warning", async () => {
  const previous = write("previous.json", (await audit(ACCOUNT_FILE, "--format", "json")).stdout);
  const runner = withUser("mallet", { Sid: "Run", Effect: "Allow", Action: "ssm:StartSession", Resource: "*" });
  const r = await jsonOf(runner, "--baseline", previous);
  expect(r.findings.map((f: any) => `${f.principalName} ${f.category}`)).toEqual(["mallet run-anywhere"]);
  expect((await audit(runner, "--baseline", previous)).code).toBe(1);

  const maybe = withUser("trudy", {
    Sid: "Maybe",
    Effect: "Allow",
    Action: "ssm:StartSession",
    Resource: "*",
    Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  });
  expect((await jsonOf(maybe, "--baseline", previous)).findings.map((f: any) => [f.principalName, f.conditional])).toEqual([
    ["trudy", true],
  ]);
  expect((await audit(maybe, "--baseline", previous)).code).toBe(0);
  expect((await audit(maybe, "--baseline", previous, "--fail-on", "warning")).code).toBe(1);
});

test("a finding that turned from conditional to unconditional is new", async () => {
  // A baseline where carol was conditional, a report where she is not.
  const previous = await jsonOf(ACCOUNT_FILE);
  for (const f of previous.findings) if (f.principalName === "carol") f.conditional = true;
  const file = write("carol-was-conditional.json", previous);
  const r = await jsonOf(ACCOUNT_FILE, "--baseline", file);
  expect(r.findings.map((f: any) => `${f.principalName} ${f.category} ${f.conditional}`)).toEqual(["carol run-anywhere false"]);
});

test("an organisation's report as baseline: accounts it lacks are wholly new", async () => {
  const second = write("second.json", readFileSync(ACCOUNT_FILE, "utf8").replace(/111122223333/g, "444455556666"));
  const previous = write("org.json", (await audit(ACCOUNT_FILE, second, "--format", "json")).stdout);
  const third = write("third.json", readFileSync(ACCOUNT_FILE, "utf8").replace(/111122223333/g, "777788889999"));
  const r = await jsonOf(ACCOUNT_FILE, second, third, "--baseline", previous);
  expect(r.accounts.map((a: any) => [a.account, a.findings.length, a.baseline.accountInBaseline])).toEqual([
    ["111122223333", 0, true],
    ["444455556666", 0, true],
    ["777788889999", 29, false],
  ]);
  expect(r.organisation.crossAccount).toEqual([]);
});

describe("a bad baseline: exit 2, one message naming the file and field, nothing on stdout", () => {
  test.each([
    ["a missing file", () => join(dir, "gone.json"), /gone\.json: \(top level\): cannot read: no such file/],
    ["a file that is not JSON", () => write("text.json", "findings"), /text\.json/],
    [
      "JSON that is no report",
      () => write("policy.json", { Version: "2012-10-17", Statement: [] }),
      /policy\.json: \(top level\): is not a JSON report of scoped-ssm audit/,
    ],
    [
      "a finding without via",
      () => write("no-via.json", { findings: [{ principal: "arn:aws:iam::111122223333:user/x", category: "opt-in" }], serviceLinked: [] }),
      /no-via\.json: findings\[0\]\.via: must be \[policy, statement\]/,
    ],
  ])("%s", async (_, file, message) => {
    const r = await audit(ACCOUNT_FILE, "--baseline", file());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
