/** `scoped-ssm tighten` through the CLI: the policy on stdout, what changed on stderr, exit codes. */
import { join } from "node:path";
import { removeDir, tempDir } from "../../../dev/terraform";
import { runAsync } from "../../../src/cli/main";
import { writeIn } from "../../support/inputs";

const ROOT = join(__dirname, "../..", "..");
const SEED = "__tests__/fixtures/seed-default.json";
const tighten = (...args: string[]) => runAsync(["tighten", ...args], ROOT);

let dir: string;
beforeAll(() => (dir = tempDir("tighten-cli")));
afterAll(() => removeDir(dir));
const write = (name: string, value: unknown) => writeIn(dir, name, value);

test("prints the tag-scoped policy, which then lints clean, and says on stderr what changed and why", async () => {
  const r = await tighten(SEED, "--tag-key", "CadoResponseSSMEnabled");
  expect(r.code).toBe(0);
  const policy = JSON.parse(r.stdout);
  expect(policy.Statement.map((s: any) => s.Sid)).toContain("ProtectOptInTag");
  expect(r.stderr).toMatch(/^tighten __tests__\/fixtures\/seed-default\.json:\n {2}partition aws/);
  expect(r.stderr).toContain("  - Statement[0] (RequiredForTriageAndRunCommand): removed;");
  expect(r.stderr).toContain("  + ProtectOptInTag: Whoever may set the opt-in tag on a node may grant this access");
  expect(r.stderr).toContain("lint: the input has 6 errors, 1 warning, 2 notes; the output has 0 errors, 0 warnings, 2 notes");
  expect(r.stderr).toMatch(/fixed:\n {2}error {4}action-takes-no-resource +ssm:DescribeInstanceInformation/);

  const out = write("tightened.json", r.stdout);
  expect((await runAsync(["lint", out, "--fail-on", "warning"], ROOT)).code).toBe(0);
});

test("repeatable options: --tag-value, --document, --session-document; --partition; --account; --hybrid-nodes", async () => {
  const r = await tighten(
    SEED,
    "--tag-key",
    "IR",
    "--tag-value",
    "on",
    "--tag-value",
    "yes",
    "--document",
    "AWS-RunShellScript",
    "--session-document",
    "AWS-StartSSHSession",
    "--session-document",
    "SSM-SessionManagerRunShell",
    "--partition",
    "aws-us-gov",
    "--account",
    "111122223333",
    "--hybrid-nodes",
  );
  expect(r.code).toBe(0);
  const byId = Object.fromEntries(JSON.parse(r.stdout).Statement.map((s: any) => [s.Sid, s]));
  expect(byId.SendCommandOnOptedInNodes.Condition).toEqual({ StringEquals: { "ssm:resourceTag/IR": ["on", "yes"] } });
  expect(byId.SendCommandOnOptedInNodes.Resource).toEqual([
    "arn:aws-us-gov:ec2:*:*:instance/*",
    "arn:aws-us-gov:ssm:*:*:managed-instance/*",
  ]);
  expect(byId.SendCommandWithAwsDocuments.Resource).toEqual(["arn:aws-us-gov:ssm:*::document/AWS-RunShellScript"]);
  expect(byId.SendCommandWithOwnDocuments).toBeUndefined();
  expect(byId.StartSessionWithAwsDocuments.Resource).toEqual(["arn:aws-us-gov:ssm:*::document/AWS-StartSSHSession"]);
  expect(byId.StartSessionWithOwnDocuments.Resource).toEqual(["arn:aws-us-gov:ssm:*:111122223333:document/SSM-SessionManagerRunShell"]);
  expect(byId.StartSessionWithOwnDocuments.Condition.StringEquals).toBeUndefined();
  expect(r.stderr).toContain("own documents in account 111122223333 (--account)");
  const bad = await tighten(SEED, "--tag-key", "IR", "--account", "12345");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--account");
});

test("exit 1 when the output still has errors tighten cannot fix (ECS Exec on every task)", async () => {
  const file = write("ecs.json", {
    Version: "2012-10-17",
    Statement: [
      ...require("../../fixtures/seed-default.json").Statement,
      { Sid: "Ecs", Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: "*" },
    ],
  });
  const r = await tighten(file, "--tag-key", "CadoResponseSSMEnabled");
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout).Statement.at(-1)).toEqual({ Sid: "Ecs", Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: "*" });
  expect(r.stderr).toMatch(/remaining in the output:\n {2}error {4}untagged-command-target +ecs:ExecuteCommand/);
});

test.each([
  ["no --tag-key", [SEED], /--tag-key: is required/],
  ["two files", [SEED, SEED, "--tag-key", "K"], /tighten: name exactly one IAM policy document/],
  ["a Terraform plan", ["{PLAN}", "--tag-key", "K"], /tighten reads one IAM policy document, not Terraform output/],
  ["an option of lint", [SEED, "--tag-key", "K", "--fail-on", "error"], /--fail-on: unknown option/],
  ["an unknown format", [SEED, "--tag-key", "K", "--format", "sarif"], /--format: must be one of text, json \(got "sarif"\)/],
  ["an unknown partition", [SEED, "--tag-key", "K", "--partition", "aws-moon"], /--partition: must be one of aws, aws-cn, aws-us-gov/],
  ["an empty tag value list", [SEED, "--tag-key", "K", "--tag-value"], /--tag-value: needs a value/],
  ["a condition it would drop", ["{IP}", "--tag-key", "K"], /tighten keeps no condition but the opt-in tag/],
])("exit 2 for %s, with one message and nothing on stdout", async (_, args, message) => {
  const files: Record<string, string> = {
    "{PLAN}": write("plan.json", { format_version: "1.2", planned_values: { root_module: {} } }),
    "{IP}": write("ip.json", {
      Statement: [{ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "192.0.2.1" } } }],
    }),
  };
  const r = await tighten(...args.map((a) => files[a] ?? a));
  expect(r).toMatchObject({ code: 2, stdout: "" });
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
});

test("stderr lists every action scoped, removed, left out and not kept", async () => {
  const r = await tighten(SEED, "--tag-key", "CadoResponseSSMEnabled");
  expect(r.stderr).toContain(
    "actions:\n  scoped (granted again, only as the statements added allow): ssm:SendCommand, ssm:StartSession, ssm:TerminateSession, ssm:DescribeInstanceInformation\n  added (the input did not grant them): none\n  removed (no longer granted): none\n",
  );
  expect(r.stderr).toContain(
    "  not added: ssm:ResumeSession, which the input did not grant (reconnects to one's own session after a network break)\n",
  );
  expect(r.stderr).toMatch(/\nsize: \d+ of 6144 characters \(IAM's limit for a managed policy\)\n/);
  const wildcard = write("wildcard.json", {
    Version: "2012-10-17",
    Statement: [{ Sid: "All", Effect: "Allow", Action: "ssm:*", Resource: "*" }],
  });
  const w = await tighten(wildcard, "--tag-key", "CadoResponseSSMEnabled");
  expect(w.code).toBe(0);
  expect(w.stderr).toMatch(
    /\n {2}not kept: ssm:\* in Statement\[0\] \(All\) also covered \d+ actions tighten cannot scope: .*ssm:CreateAssociation, /,
  );
});

test("--format json: one report on stdout with the policy, the decisions, every action and the lint", async () => {
  const r = await tighten(SEED, "--tag-key", "CadoResponseSSMEnabled", "--format", "json");
  expect(r).toMatchObject({ code: 0, stderr: "" });
  const report = JSON.parse(r.stdout);
  expect(Object.keys(report)).toEqual(["file", "policy", "decisions", "changes", "actions", "size", "lint"]);
  expect(report.actions.added).toEqual([]);
  expect(report.actions.notAdded.map((n: any) => n.action)).toEqual([
    "ssm:ResumeSession",
    "ssmmessages:OpenDataChannel",
    "ssm:GetCommandInvocation",
  ]);
  expect(report.size.limit).toBe(6144);
  expect(report.lint.output).toEqual({ error: 0, warning: 0, note: 2 });
  expect(report.policy.Statement.map((s: any) => s.Sid)).toContain("ProtectOptInTag");
});

test("without --tag-key, the key of the input's tag condition", async () => {
  const r = await tighten("__tests__/fixtures/seed-tightened.json");
  expect(r.code).toBe(0);
  expect(r.stderr).toContain("  opt-in tag key CadoResponseSSMEnabled (from the input's tag condition; pass --tag-key to change)\n");
});
