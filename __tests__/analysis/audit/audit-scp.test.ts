/**
 * SCPs in the audit, end to end: the project's own guardrail SCP (built from the model, as the
 * guardrail module renders it) on the fixture account, an SCP that denies the command actions, and
 * `--scp` files as a user hands them over.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGuardrail } from "../../../src/model/guardrail";
import { GUARDRAIL_VAR } from "../../../src/model/policy";
import { envFor, evalDocument } from "../../../src/model/policy-document";
import { loadConfig } from "../../../src/profile/load";
import { runAsync } from "../../../src/cli/main";
import { writeIn } from "../../support/inputs";

const ROOT = join(__dirname, "../..", "..");
const ACCOUNT_FILE = "__tests__/fixtures/audit/account-authorization-details.json";
const TAG_ADMIN = "arn:aws:iam::*:user/grace";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "audit-scp-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown) => writeIn(dir, name, value);
const auditJson = async (...args: string[]) => {
  const r = await runAsync(["audit", ACCOUNT_FILE, "--format", "json", ...args], ROOT);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
};

/** The guardrail SCP of the embedded default profile, with one tag administrator. */
function guardrail() {
  const profile = loadConfig(undefined, dir).config.profiles[0];
  const model = buildGuardrail(profile);
  return evalDocument(model.statements, envFor(model, "aws", { [GUARDRAIL_VAR.tagAdminPrincipalArns]: [TAG_ADMIN] }));
}

const unconditional = (report: any, category: string) => report.findings.filter((f: any) => f.category === category && !f.conditional);

test("our guardrail leaves no unconditional opt-in but the tag administrator's, and ECS tagging, which it does not cover", async () => {
  const without = await auditJson();
  const report = await auditJson("--scp", write("guardrail.json", guardrail()));
  expect(report.scp.levels).toEqual([{ target: "--scp", policies: [expect.stringMatching(/guardrail\.json$/)], assumedFullAccess: true }]);
  // Before: seven principals could opt a node in, unconditionally through EC2, SSM or Auto Scaling.
  expect(
    new Set(
      unconditional(without, "opt-in")
        .filter((f: any) => f.actions.some((a: string) => !a.startsWith("ecs:")))
        .map((f: any) => f.principalName),
    ),
  ).toEqual(new Set(["OrganizationAccountAccessRole", "alice", "bob", "bounded-admin", "grace", "oscar"]));
  const left = unconditional(report, "opt-in");
  expect(left.filter((f: any) => f.principalName !== "grace").flatMap((f: any) => f.actions)).toEqual(
    expect.arrayContaining(["ecs:TagResource"]),
  );
  expect(new Set(left.filter((f: any) => f.principalName !== "grace").flatMap((f: any) => f.actions))).toEqual(
    new Set(["ecs:TagResource"]),
  );
  expect(
    left
      .filter((f: any) => f.principalName === "grace")
      .flatMap((f: any) => f.actions)
      .sort(),
  ).toEqual(["ec2:CreateTags", "ssm:AddTagsToResource"]);
  // Those left with no way to opt a node in are named under "blocked by SCP", with the statement.
  expect(report.blockedByScp.map((b: any) => `${b.principalName} ${b.category}`)).toEqual(["bounded-admin opt-in", "oscar opt-in"]);
  expect(report.blockedByScp[0].by[0]).toMatch(
    /^denied by Statement\[0\] \(ProtectOptInTagOrganizationWide\) of SCP .*guardrail\.json \(--scp\)$/,
  );
  // Other categories are as before.
  expect(report.summary["run-anywhere"]).toEqual(without.summary["run-anywhere"]);
});

test("an SCP that denies ssm:SendCommand and ssm:StartSession leaves no unconditional finding through them", async () => {
  const deny = write("no-commands.json", {
    Version: "2012-10-17",
    Statement: [{ Sid: "NoCommands", Effect: "Deny", Action: ["ssm:SendCommand", "ssm:StartSession"], Resource: "*" }],
  });
  const report = await auditJson("--scp", deny);
  const through = (f: any) => f.actions.some((a: string) => a === "ssm:SendCommand" || a === "ssm:StartSession");
  const before = (await auditJson()).findings.filter((f: any) => f.category === "run-anywhere" && !f.conditional && through(f));
  expect(before.length).toBeGreaterThan(5);
  expect(unconditional(report, "run-anywhere").filter(through)).toEqual([]);
  // dev-tools (conditionally), legacy-ops and carol had nothing else; the indirect paths (associations, Automation, windows, ECS Exec) stay.
  expect(report.blockedByScp.filter((b: any) => b.category === "run-anywhere").map((b: any) => b.principalName)).toEqual([
    "dev-tools",
    "legacy-ops",
    "carol",
  ]);
  // Service-linked roles are outside SCPs.
  expect(report.serviceLinked.map((f: any) => f.actions).flat()).toContain("ssm:SendCommand");
});

test("an SCP that denies every run-anywhere path leaves no run-anywhere finding", async () => {
  const deny = write("no-run.json", {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Action: [
          "ssm:SendCommand",
          "ssm:StartSession",
          "ecs:ExecuteCommand",
          "ssm:*Association*",
          "ssm:Start*Execution",
          "ssm:*MaintenanceWindow*",
        ],
        Resource: "*",
      },
    ],
  });
  const report = await auditJson("--scp", deny);
  expect(report.findings.filter((f: any) => f.category === "run-anywhere")).toEqual([]);
});

test("describe-policy output is read, and named by the policy's name and id", async () => {
  const file = write("describe.json", {
    Policy: {
      PolicySummary: { Id: "p-guard123", Name: "opt-in-guardrail", Type: "SERVICE_CONTROL_POLICY", AwsManaged: false },
      Content: JSON.stringify(guardrail()),
    },
  });
  const report = await auditJson("--scp", file);
  expect(report.scp.levels[0].policies).toEqual(["opt-in-guardrail (p-guard123)"]);
  expect(report.blockedByScp[0].by[0]).toContain("of SCP opt-in-guardrail (p-guard123) (--scp)");
});

test("the text report says what SCPs it read and what they block", async () => {
  const r = await runAsync(["audit", ACCOUNT_FILE, "--scp", write("g.json", guardrail())], ROOT);
  expect(r.stdout).toMatch(
    /\nSCPs \(every level must allow; a Deny at any level blocks\):\n {2}--scp: .*g\.json \(none allows anything: evaluated beside FullAWSAccess/,
  );
  expect(r.stdout).toMatch(
    /\nblocked by SCP .*\n {2}role bounded-admin .*\n {4}opt-in\n {6}denied by Statement\[0\] \(ProtectOptInTagOrganizationWide\)/,
  );
  expect(r.stdout).toContain("SCPs do not apply to them");
});

describe("bad --scp input: exit 2, one message naming the file and field, nothing on stdout", () => {
  test.each([
    ["a missing file", () => join(dir, "missing.json"), /missing\.json: \(top level\): cannot read: no such file/],
    ["a file that is not JSON", () => write("bad.json", "{ nope"), /bad\.json/],
    [
      "JSON that is no policy",
      () => write("not-policy.json", { Hello: 1 }),
      /not-policy\.json: \(top level\): is not a service control policy/,
    ],
    [
      "a tag policy from describe-policy",
      () => write("tag-policy.json", { Policy: { PolicySummary: { Type: "TAG_POLICY" }, Content: "{}" } }),
      /tag-policy\.json: Policy\.PolicySummary\.Type: must be SERVICE_CONTROL_POLICY/,
    ],
    [
      "Content that is not JSON",
      () => write("content.json", { Policy: { PolicySummary: { Type: "SERVICE_CONTROL_POLICY" }, Content: "{" } }),
      /content\.json: Policy\.Content: is not JSON/,
    ],
  ])("%s", async (_, file, message) => {
    const r = await runAsync(["audit", ACCOUNT_FILE, "--scp", file()], ROOT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

test("a policy file's own content is untouched by reading it", () => {
  const file = write("keep.json", guardrail());
  const before = readFileSync(file, "utf8");
  return runAsync(["audit", ACCOUNT_FILE, "--scp", file], ROOT).then(() => expect(readFileSync(file, "utf8")).toBe(before));
});
