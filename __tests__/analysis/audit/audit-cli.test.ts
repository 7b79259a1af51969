/** `scoped-ssm audit` through the CLI: the tag options, exit codes, refusals, and the four formats. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAsync } from "../../../src/cli/main";
import { SARIF_SCHEMA } from "../../../src/analysis/sarif";
import { buildAccount } from "../../fixtures/audit/build-account";
import { ROOT, projectCwd } from "../../support/project-cwd";
import { writeIn } from "../../support/inputs";

const ACCOUNT_FILE = "__tests__/fixtures/audit/account-authorization-details.json";
// Not the repository's root: the embedded default profile, whatever scoped-ssm.json the user wrote.
let cwd: string;
const auditCli = (...args: string[]) => runAsync(["audit", ...args], cwd);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-cli-"));
  cwd = projectCwd();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});
const write = (name: string, value: unknown) => writeIn(dir, name, value);
const quiet = () =>
  write(
    "quiet.json",
    buildAccount({
      roles: { app: { inline: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }] } },
    }),
  );
const conditionalOnly = () =>
  write(
    "conditional.json",
    buildAccount({
      users: {
        dev: {
          inline: [
            {
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "Dev",
                  Effect: "Allow",
                  Action: "ssm:StartSession",
                  Resource: "*",
                  Condition: { StringEquals: { "ssm:resourceTag/Environment": "dev" } },
                },
              ],
            },
          ],
        },
      },
    }),
  );

describe("exit status", () => {
  test("1 when an unconditional finding exists; the embedded default profile names the tag", async () => {
    const r = await auditCli(ACCOUNT_FILE);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^audit __tests__\/fixtures\/audit\/account-authorization-details\.json: account 111122223333 \(aws\)/);
    expect(r.stdout).toContain("opt-in tag CadoResponseSSMEnabled = True (profile cado-response, the embedded default)");
  });

  test("0 for an account where no one can; conditional findings count from --fail-on warning", async () => {
    expect((await auditCli(quiet(), "--tag-key", "OptIn")).code).toBe(0);
    const conditional = conditionalOnly();
    expect((await auditCli(conditional, "--tag-key", "OptIn")).code).toBe(0);
    expect((await auditCli(conditional, "--tag-key", "OptIn", "--fail-on", "warning")).code).toBe(1);
  });

  test("service-linked roles count only from --fail-on note", async () => {
    const file = write(
      "slr.json",
      buildAccount({
        policies: {
          "aws/AmazonSSMServiceRolePolicy": {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }],
          },
        },
        roles: {
          AWSServiceRoleForAmazonSSM: { path: "/aws-service-role/ssm.amazonaws.com/", managed: ["aws/AmazonSSMServiceRolePolicy"] },
        },
      }),
    );
    expect((await auditCli(file, "--tag-key", "OptIn", "--fail-on", "warning")).code).toBe(0);
    expect((await auditCli(file, "--tag-key", "OptIn", "--fail-on", "note")).code).toBe(1);
  });

  test.each([
    [
      "no file",
      [],
      /audit: name the output of `aws iam get-account-authorization-details` \(one file per account, as many accounts as you audit\), or an iam-collect folder with --iam-collect DIR/,
    ],
    ["the same account twice", [ACCOUNT_FILE, ACCOUNT_FILE, "--tag-key", "K"], /account: is account 111122223333 again \(also in /],
    ["a missing file among several", [ACCOUNT_FILE, "no-such.json", "--tag-key", "K"], /no-such\.json: \(top level\): cannot read/],
    ["a missing file", ["no-such.json", "--tag-key", "K"], /no-such\.json: \(top level\): cannot read: no such file/],
    [
      "a policy instead of the account",
      ["__tests__/fixtures/seed-default.json", "--tag-key", "K"],
      /not the output of `aws iam get-account-authorization-details`/,
    ],
    [
      "--profile with --tag-key",
      [ACCOUNT_FILE, "--profile", "cado-response", "--tag-key", "K"],
      /--profile: name the opt-in tag either with --profile or with --tag-key and --tag-value, not both/,
    ],
    ["--tag-value alone", [ACCOUNT_FILE, "--tag-value", "yes"], /--tag-value: needs --tag-key/],
    ["--threads 0", [ACCOUNT_FILE, "--tag-key", "K", "--threads", "0"], /--threads: must be a whole number from 1 to 9999 \(got "0"\)/],
    [
      "a reserved tag key",
      [ACCOUNT_FILE, "--tag-key", "aws:x"],
      /--tag-key: tag keys starting with 'aws:' are reserved by AWS \(got "aws:x"\)/,
    ],
    [
      "an unknown profile",
      [ACCOUNT_FILE, "--profile", "nope"],
      /--profile: no such profile in \(embedded default profile\) \(profiles: cado-response\) \(got "nope"\)/,
    ],
    ["--config with --tag-key", [ACCOUNT_FILE, "--tag-key", "K", "--config", "x.json"], /--config: is read only for --profile/],
    ["an unknown format", [ACCOUNT_FILE, "--format", "html"], /--format: must be one of text, json, markdown, sarif \(got "html"\)/],
    ["an unknown level", [ACCOUNT_FILE, "--fail-on", "fatal"], /--fail-on: must be one of error, warning, note \(got "fatal"\)/],
    [
      "an unknown option",
      [ACCOUNT_FILE, "--partition", "aws"],
      /unknown option \(allowed: --tag-key, --tag-value, --profile, --config, --format, --fail-on, --scp, .*--help\)/,
    ],
  ])("2 for %s: one message, nothing on stdout", async (_, args, message) => {
    const r = await auditCli(...args);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  test("a profile of a config file names the tag; a config of several profiles needs --profile", async () => {
    const profile = (name: string, key: string) => ({
      name,
      tag: { key, values: ["on"] },
      runCommand: { documents: ["AWS-RunShellScript"] },
    });
    const config = write("scoped-ssm.json", { profiles: [profile("one", "OneOptIn"), profile("two", "TwoOptIn")] });
    const r = await auditCli(ACCOUNT_FILE, "--config", config, "--profile", "two");
    expect(r.stdout).toContain(`opt-in tag TwoOptIn = on (profile two of ${config})`);
    const ambiguous = await auditCli(ACCOUNT_FILE, "--config", config);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(
      /name the opt-in tag with --tag-key KEY \[--tag-value VALUE\]\.\.\. or with --profile NAME \(.* has one, two\)/,
    );
  });
});

describe("formats", () => {
  test("json: the findings contract", async () => {
    const r = await auditCli(ACCOUNT_FILE, "--format", "json");
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      account: "111122223333",
      partition: "aws",
      tag: { key: "CadoResponseSSMEnabled", values: ["True"], match: "exact" },
    });
    for (const f of [...out.findings, ...out.serviceLinked]) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(["principal", "principalName", "principalType", "category", "conditional", "via"]),
      );
      expect(f.principal).toMatch(/^arn:aws:iam::111122223333:(user|role)\//);
      expect(["run-anywhere", "opt-in", "read-output", "escalate"]).toContain(f.category);
      expect(typeof f.conditional).toBe("boolean");
      expect(f.via).toHaveLength(2);
    }
    expect(out.summary["run-anywhere"]).toEqual({ principals: 10, conditionalOnly: 2 });
  });

  test("markdown: a summary table and one row per finding, escaped for tables", async () => {
    const r = await auditCli(ACCOUNT_FILE, "--format", "markdown");
    expect(r.stdout).toMatch(/^### scoped-ssm audit: account `111122223333`\n/);
    expect(r.stdout).toContain("| run-anywhere | 10 | 2 |");
    expect(r.stdout).toContain("**Administrators** (every category, unconditionally): role `OrganizationAccountAccessRole`, user `alice`");
    expect(r.stdout).toContain(
      "| user `carol` | run-anywhere | no | ssm:SendCommand, ssm:StartSession | `SsmOperator (inline, arn:aws:iam::111122223333:user/carol)` Statement\\[0\\] \\(RunAnywhere\\) |",
    );
    expect(r.stdout).toContain("<details><summary>Service-linked roles (2 findings)");
    // Every table row has as many cells as its header.
    for (const line of r.stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Category")))
      expect(line.replace(/\\\|/g, "").split("|").length).toBe(line.startsWith("| Principal") || /^\| (user|role) /.test(line) ? 7 : 6);
  });

  test("markdown stays within a pull-request comment's size for a large account", async () => {
    const users = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [
        `operator-${i}`,
        { inline: [{ Version: "2012-10-17", Statement: [{ Sid: "Ssm", Effect: "Allow", Action: "ssm:*", Resource: "*" }] }] },
      ]),
    );
    const r = await auditCli(write("large.json", buildAccount({ users })), "--tag-key", "OptIn", "--format", "markdown");
    expect(r.stdout.length).toBeLessThan(65536);
    expect(r.stdout).toMatch(/… and \d+ more: run `scoped-ssm audit --format json` for every finding\./);
  });

  test("sarif: one rule per category, one result per finding, errors and warnings as the findings are", async () => {
    const r = await auditCli(ACCOUNT_FILE, "--format", "sarif");
    const log = JSON.parse(r.stdout);
    expect(log.$schema).toBe(SARIF_SCHEMA);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: any) => x.id)).toEqual(["run-anywhere", "opt-in", "read-output", "escalate"]);
    const levels = run.results.map((x: any) => `${x.properties.principalName} ${x.ruleId} ${x.level}`);
    expect(levels).toEqual(
      expect.arrayContaining(["carol run-anywhere error", "dave opt-in warning", "AWSServiceRoleForAmazonSSM run-anywhere note"]),
    );
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(ACCOUNT_FILE);
  });
});

describe("several accounts", () => {
  // The fixture's account, and a second account: the same principals under another id.
  const second = () => write("second.json", readFileSync(join(ROOT, ACCOUNT_FILE), "utf8").replace(/111122223333/g, "444455556666"));
  const quietElsewhere = () => write("quiet-elsewhere.json", readFileSync(quiet(), "utf8").replace(/111122223333/g, "999988887777"));
  const args = (format: string) => [ACCOUNT_FILE, second(), quietElsewhere(), "--tag-key", "CadoResponseSSMEnabled", "--format", format];

  test("text: each account's report, then the organisation's table, whose figures are the accounts' own", async () => {
    const r = await auditCli(...args("text"));
    const one = JSON.parse((await auditCli(ACCOUNT_FILE, "--tag-key", "CadoResponseSSMEnabled", "--format", "json")).stdout);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^audit .*: account /gm)).toHaveLength(3);
    const table = r.stdout.slice(r.stdout.indexOf("\norganisation: 3 accounts"));
    const row = (account: string) =>
      table
        .split("\n")
        .find((l) => l.trim().startsWith(account))!
        .trim()
        .split(/\s{2,}/);
    const expected = (s: Record<string, { principals: number; conditionalOnly: number }>) =>
      Object.values(s).map((c) => `${c.principals}${c.conditionalOnly ? ` (${c.conditionalOnly} cond.)` : ""}`);
    expect(row("111122223333").slice(1, 5)).toEqual(expected(one.summary));
    expect(row("444455556666").slice(1, 5)).toEqual(expected(one.summary));
    expect(row("all").slice(1, 5)).toEqual(Object.values(one.summary).map((c: any) => String(2 * c.principals)));
    expect(table).toMatch(/run-anywhere: 2 accounts of 3/);
  });

  test("json: the organisation's totals and every account's report", async () => {
    const r = JSON.parse((await auditCli(...args("json"))).stdout);
    expect(r.accounts.map((a: { account?: string }) => a.account)).toEqual(["111122223333", "444455556666", "999988887777"]);
    expect(r.organisation.accounts).toHaveLength(3);
    expect(r.organisation.totals["run-anywhere"].principals).toBe(
      r.accounts.reduce((n: number, a: any) => n + a.summary["run-anywhere"].principals, 0),
    );
  });

  test("sarif: one run, each result in its account's file; markdown: the organisation's table first", async () => {
    const sarif = JSON.parse((await auditCli(...args("sarif"))).stdout);
    expect(sarif.runs).toHaveLength(1);
    const uris = new Set(sarif.runs[0].results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].some((u) => String(u).endsWith("second.json"))).toBe(true);
    expect(uris.has(ACCOUNT_FILE)).toBe(true);
    const markdown = (await auditCli(...args("markdown"))).stdout;
    expect(markdown).toMatch(/^### scoped-ssm audit: 3 accounts\n\n\| Account \| run-anywhere/);
    expect(markdown.match(/^#### scoped-ssm audit: account/gm)).toHaveLength(3);
  });

  test("across accounts: a principal of one file that can assume a role with findings in another", async () => {
    const ops = write(
      "ops.json",
      buildAccount({
        account: "555566667777",
        roles: {
          ops: {
            inline: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }] }],
            trust: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }],
            },
          },
        },
      }),
    );
    const r = await auditCli(ACCOUNT_FILE, ops, "--tag-key", "CadoResponseSSMEnabled");
    const across = r.stdout.slice(r.stdout.indexOf("\nacross accounts:"));
    // alice holds AdministratorAccess in 111122223333; the role trusts that account.
    expect(across).toMatch(
      /user alice \(arn:aws:iam::111122223333:user\/alice\)\n\s+can assume role ops \(arn:aws:iam::555566667777:role\/ops\): run-anywhere/,
    );
    const json = JSON.parse((await auditCli(ACCOUNT_FILE, ops, "--tag-key", "CadoResponseSSMEnabled", "--format", "json")).stdout);
    expect(json.organisation.crossAccount.map((x: any) => x.principal)).toContain("arn:aws:iam::111122223333:user/alice");
    expect(
      json.organisation.crossAccount.every((g: any) => g.roles.every((x: any) => x.role === "arn:aws:iam::555566667777:role/ops")),
    ).toBe(true);
  });

  test("one file that holds two accounts is split by account and reported as an organisation, as two files are", async () => {
    const a = JSON.parse(readFileSync(join(ROOT, ACCOUNT_FILE), "utf8"));
    const b = JSON.parse(readFileSync(second(), "utf8"));
    const merged = write("merged.json", {
      UserDetailList: [...a.UserDetailList, ...b.UserDetailList],
      GroupDetailList: [...a.GroupDetailList, ...b.GroupDetailList],
      RoleDetailList: [...a.RoleDetailList, ...b.RoleDetailList],
      // AWS managed policies appear once in a merged file; each account's part keeps them.
      Policies: [...a.Policies, ...b.Policies.filter((p: { Arn: string }) => !p.Arn.includes(":aws:policy/"))],
    });
    const opts = ["--tag-key", "CadoResponseSSMEnabled", "--format", "json"];
    const split = await auditCli(merged, ...opts);
    const apart = await auditCli(ACCOUNT_FILE, second(), ...opts);
    expect(split.code).toBe(1);
    expect(split.stderr).toBe(
      `${merged} holds 2 accounts (111122223333, 444455556666): audited as an organisation, one report per account\n`,
    );
    const strip = (o: any) => ({ ...o, accounts: o.accounts.map((r: any) => ({ ...r, file: "" })) });
    const stripAll = (o: any) =>
      strip({ ...o, organisation: { ...o.organisation, accounts: o.organisation.accounts.map((x: any) => ({ ...x, file: "" })) } });
    expect(stripAll(JSON.parse(split.stdout))).toEqual(stripAll(JSON.parse(apart.stdout)));
    expect(JSON.parse(split.stdout).accounts.map((r: any) => r.findings.length)).toEqual(
      JSON.parse(apart.stdout).accounts.map((r: any) => r.findings.length),
    );
  });

  test("exit 0 when no account has a finding at --fail-on", async () => {
    expect((await auditCli(quiet(), quietElsewhere(), "--tag-key", "K")).code).toBe(0);
  });
});

test("an opt-in only through the key in another case says so", async () => {
  const file = write(
    "case.json",
    buildAccount({
      users: {
        ops: {
          inline: [
            {
              Version: "2012-10-17",
              Statement: [
                { Sid: "Tag", Effect: "Allow", Action: "ec2:CreateTags", Resource: "*" },
                {
                  Sid: "CaseSensitive",
                  Effect: "Deny",
                  Action: "ec2:CreateTags",
                  Resource: "*",
                  Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["OptIn"] } },
                },
              ],
            },
          ],
        },
      },
    }),
  );
  const r = await auditCli(file, "--tag-key", "OptIn");
  expect(r.stdout).toContain("note: only with the opt-in key written in another case: a Deny here compares tag keys case-sensitively");
  const json = JSON.parse((await auditCli(file, "--tag-key", "OptIn", "--format", "json")).stdout);
  expect(json.findings[0].notes).toHaveLength(1);
});
