/**
 * `audit --iam-collect DIR`: an organisation as cloud-copilot's iam-collect stores it (its
 * docs/Storage.md and the syncs that write it). The fixture (__tests__/fixtures/iam-collect/, see its
 * README) has a management account at the root and three accounts in two OUs, with our guardrail
 * SCP on one OU and an RCP beside it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGuardrail } from "../../../src/model/guardrail";
import { GUARDRAIL_VAR } from "../../../src/model/policy";
import { envFor, evalDocument } from "../../../src/model/policy-document";
import { loadConfig } from "../../../src/profile/load";
import { runAsync } from "../../../src/cli/main";

const ROOT = join(__dirname, "../..", "..");
const FIXTURE = "__tests__/fixtures/iam-collect";
const ORG = join(ROOT, FIXTURE, "aws/aws/organizations/o-abcd123456");

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "audit-iam-collect-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let report: any;
beforeAll(async () => {
  const r = await runAsync(["audit", "--iam-collect", FIXTURE, "--format", "json"], ROOT);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(1);
  report = JSON.parse(r.stdout);
});
const account = (id: string) => report.accounts.find((a: any) => a.account === id);
const has = (a: any, name: string, category: string) => a.findings.some((f: any) => f.principalName === name && f.category === category);

test("every account of the folder is audited, as an organisation", () => {
  expect(report.accounts.map((a: any) => a.account)).toEqual(["100000000001", "200000000002", "300000000003", "400000000004"]);
  expect(report.accounts.every((a: any) => a.organization === "o-abcd123456")).toBe(true);
  expect(report.organisation.accounts.map((a: any) => a.file)).toEqual(
    ["100000000001", "200000000002", "300000000003", "400000000004"].map((a) => `${FIXTURE}/aws/aws/accounts/${a}`),
  );
});

test("each account gets the SCPs of its OU path, root first; the management account is outside SCPs", () => {
  expect(account("100000000001").scp).toEqual({ levels: expect.any(Array), management: true });
  expect(has(account("100000000001"), "org-admin", "opt-in")).toBe(true);
  expect(account("200000000002").scp.levels).toEqual([
    { target: "root r-ab12", policies: ["FullAWSAccess (p-FullAWSAccess)"] },
    {
      target: "OU ou-ab12-workload1 (Workloads)",
      policies: ["FullAWSAccess (p-FullAWSAccess)", "scoped-ssm-cado-response-guardrail (p-guard1234)"],
    },
    { target: "account 200000000002", policies: ["FullAWSAccess (p-FullAWSAccess)"] },
  ]);
  expect(account("400000000004").scp.levels.map((l: any) => l.target)).toEqual([
    "root r-ab12",
    "OU ou-ab12-sandbox1 (Sandbox)",
    "account 400000000004",
  ]);
});

test("the guardrail on the Workloads OU blocks opting in there, but for the tag administrator; the Sandbox keeps it", () => {
  const prod = account("200000000002");
  expect(has(prod, "TagAdministrator", "opt-in")).toBe(true);
  expect(has(prod, "tagger", "opt-in")).toBe(false);
  expect(prod.blockedByScp).toEqual([
    {
      principal: "arn:aws:iam::200000000002:role/tagger",
      principalName: "tagger",
      principalType: "role",
      category: "opt-in",
      by: [
        "denied by Statement[0] (ProtectOptInTagOrganizationWide) of SCP scoped-ssm-cado-response-guardrail (p-guard1234) (OU ou-ab12-workload1 (Workloads))",
      ],
    },
  ]);
  expect(account("300000000003").blockedByScp.map((b: any) => `${b.principalName} ${b.category}`)).toEqual(["developer opt-in"]);
  expect(has(account("400000000004"), "sandbox-admin", "opt-in")).toBe(true);
  // The service-linked role is outside SCPs and reported apart.
  expect(prod.serviceLinked.map((f: any) => f.category)).toEqual(["run-anywhere", "read-output"]);
});

test("RCPs are read and reported, per level", () => {
  expect(account("300000000003").rcp).toEqual([
    { target: "root r-ab12", policies: ["RCPFullAWSAccess (p-RCPFullAWSAccess)"] },
    { target: "OU ou-ab12-workload1 (Workloads)", policies: ["RCPFullAWSAccess (p-RCPFullAWSAccess)", "DenyS3OutsideOrg (p-rcpexts3)"] },
    { target: "account 300000000003", policies: ["RCPFullAWSAccess (p-RCPFullAWSAccess)"] },
  ]);
});

test("across accounts: the prod deployer can assume the dev ops role", () => {
  expect(report.organisation.crossAccount).toEqual([
    expect.objectContaining({
      principal: "arn:aws:iam::200000000002:role/deployer",
      roles: [expect.objectContaining({ role: "arn:aws:iam::300000000003:role/ops", categories: ["run-anywhere"] })],
    }),
  ]);
});

test("the fixture's guardrail SCP is the one the guardrail module renders (no drift)", () => {
  const profile = loadConfig(undefined, dir).config.profiles[0];
  const model = buildGuardrail(profile);
  const rendered = evalDocument(
    model.statements,
    envFor(model, "aws", { [GUARDRAIL_VAR.tagAdminPrincipalArns]: ["arn:aws:iam::*:role/TagAdministrator"] }),
  );
  expect(JSON.parse(readFileSync(join(ORG, "scps/p-guard1234/policy.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(rendered)));
});

test("--scp adds a level under the organisation's own", async () => {
  const deny = join(dir, "no-sessions.json");
  writeFileSync(
    deny,
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ssm:StartSession", Resource: "*" }] }),
  );
  const r = JSON.parse((await runAsync(["audit", "--iam-collect", FIXTURE, "--scp", deny, "--format", "json"], ROOT)).stdout);
  const prod = r.accounts.find((a: any) => a.account === "200000000002");
  expect(prod.scp.levels.map((l: any) => l.target)).toEqual([
    "root r-ab12",
    "OU ou-ab12-workload1 (Workloads)",
    "account 200000000002",
    "--scp",
  ]);
  expect(prod.findings.find((f: any) => f.principalName === "deployer").actions).toEqual(["ssm:SendCommand"]);
});

test("audit --help names the layout", async () => {
  const r = await runAsync(["audit", "--help"], ROOT);
  expect(r.stdout).toContain("--iam-collect DIR");
  expect(r.stdout.replace(/\s+/g, " ")).toContain("DIR/aws/<partition>/accounts/<account-id>/iam/");
});

describe("a bad iam-collect folder: exit 2, one message naming the file, nothing on stdout", () => {
  const copy = (name: string, change: (root: string) => void) => () => {
    const root = join(dir, name);
    cpSync(join(ROOT, FIXTURE), root, { recursive: true });
    change(root);
    return root;
  };
  const org = (root: string) => join(root, "aws/aws/organizations/o-abcd123456");
  test.each([
    ["a folder that does not exist", () => join(dir, "nowhere"), /nowhere: \(top level\): cannot read: not a folder/],
    ["a folder without aws/<partition>/accounts", () => dir, /holds no aws\/<partition>\/accounts\/ folder/],
    [
      "accounts.json that is not JSON",
      copy("bad-json", (root) => writeFileSync(join(org(root), "accounts.json"), "{")),
      /organizations\/o-abcd123456\/accounts\.json: \(top level\): is not JSON/,
    ],
    [
      "an attached SCP whose policy is missing",
      copy("missing-scp", (root) => rmSync(join(org(root), "scps/p-guard1234"), { recursive: true })),
      /scps\/p-guard1234\/policy\.json: \(top level\): is missing: .*ous\.json \(ou-ab12-workload1\) attaches arn:aws:organizations::100000000001:policy\/o-abcd123456\/service_control_policy\/p-guard1234/,
    ],
    [
      "an SCP that is no policy",
      copy("not-policy", (root) => writeFileSync(join(org(root), "scps/p-guard1234/policy.json"), '{"Hello": 1}')),
      /scps\/p-guard1234\/policy\.json: \(top level\): is not a service control policy/,
    ],
    [
      "an account folder whose name is no account id",
      copy("bad-account", (root) =>
        cpSync(join(root, "aws/aws/accounts/400000000004"), join(root, "aws/aws/accounts/sandbox"), { recursive: true }),
      ),
      /accounts\/sandbox: \(top level\): is not an account folder/,
    ],
  ])("%s", async (_, folder, message) => {
    const r = await runAsync(["audit", "--iam-collect", folder()], ROOT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("files and --iam-collect together", async () => {
    const r = await runAsync(["audit", "x.json", "--iam-collect", FIXTURE], ROOT);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/--iam-collect: reads every account of the folder: name either files or --iam-collect DIR, not both/);
  });
});
