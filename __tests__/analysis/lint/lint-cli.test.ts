/** `scoped-ssm lint` through the CLI: exit codes, --fail-on, and the text, JSON and SARIF formats. */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../../dev/terraform";
import { RULES } from "../../../src/analysis/lint/rules";
import { SARIF_SCHEMA } from "../../../src/analysis/sarif";
import { run, runAsync } from "../../../src/cli/main";
import { buildModule } from "../../../src/model/module";
import { envFor, evalPolicy } from "../../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../../src/profile/default-profile";
import { ProfileSchema } from "../../../src/profile/schema";
import { writeIn } from "../../support/inputs";

const ROOT = join(__dirname, "../..", "..");
const SEED = "__tests__/fixtures/seed-default.json";
const SEED_TIGHTENED = "__tests__/fixtures/seed-tightened.json";
const lint = (...args: string[]) => runAsync(["lint", ...args], ROOT);

let dir: string;
let generated: string;
beforeAll(() => {
  dir = tempDir("lint-cli");
  const model = buildModule(ProfileSchema.parse(DEFAULT_PROFILE));
  generated = join(dir, "generated.json");
  writeFileSync(generated, JSON.stringify(evalPolicy(model, envFor(model, "aws")), null, 2));
});
afterAll(() => removeDir(dir));
const write = (name: string, text: string) => writeIn(dir, name, text);

describe("exit status", () => {
  test("1 when a finding at or above --fail-on (default error) exists", async () => {
    expect((await lint(SEED)).code).toBe(1);
    expect((await lint(SEED, "--fail-on", "error")).code).toBe(1);
  });

  test("0 for a generated policy, whose findings are notes; --fail-on note makes them count", async () => {
    expect(await lint(generated)).toMatchObject({ code: 0, stderr: "" });
    expect((await lint(generated, "--fail-on", "warning")).code).toBe(0);
    expect((await lint(generated, "--fail-on=note")).code).toBe(1);
  });

  test.each([
    ["a missing file", ["no-such-file.json"], /^error: no-such-file\.json: \(top level\): cannot read: no such file$/],
    ["a folder", ["__tests__"], /cannot read: is a folder/],
    ["malformed JSON", ["{BAD}"], /bad\.json: \(top level\): malformed JSON at line 2, column 17: unexpected ","$/],
    ["JSON with something after it", ["{TRAILING}"], /malformed JSON at line 1, column 18: unexpected "x"$/],
    ["an unterminated string", ["{STRING}"], /malformed JSON at line 1, column 15: unterminated string$/],
    ["JSON that is no policy", ["{GOOD}"], /neither an IAM policy document .* nor the output of `terraform show -json`/],
    ["a statement IAM would refuse", ["{EFFECT}"], /Statement\[0\]\.Effect: must be "Allow" or "Deny" \(got "Permit"\)/],
    ["an unknown format", [SEED, "--format", "xml"], /--format: must be one of text, json, sarif \(got "xml"\)/],
    ["an unknown severity", [SEED, "--fail-on", "fatal"], /--fail-on: must be one of error, warning, note/],
    ["no file", [], /lint: name at least one policy or plan file/],
    ["an unknown option", [SEED, "--config", "x"], /unknown option \(allowed: --format, --fail-on, --help\)/],
  ])("2 for %s, with one message and no stack trace", async (_, args, message) => {
    const files: Record<string, string> = {
      "{BAD}": write("bad.json", '{\n  "Statement": [,]\n}'),
      "{GOOD}": write("other.json", '{"name": "not a policy"}'),
      "{TRAILING}": write("trailing.json", '{"Statement": []}x'),
      "{STRING}": write("string.json", '{"Statement": "abc'),
      "{EFFECT}": write("effect.json", '{"Statement": [{"Effect": "Permit", "Action": "s3:*", "Resource": "*"}]}'),
    };
    const r = await lint(...args.map((a) => files[a] ?? a));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("text", () => {
  test("groups findings by statement, with file:line, rule, severity, what is at fault, message and fix", async () => {
    const r = await lint(SEED, SEED_TIGHTENED);
    expect(r.stdout).toContain(`${SEED}:4  Statement[0] (RequiredForTriageAndRunCommand)\n  error    action-takes-no-resource`);
    expect(r.stdout).toContain(`${SEED_TIGHTENED}:24  Statement[1] (RequiredForTriageAndRunCommandRun)\n`);
    expect(r.stdout).toMatch(/\n {11}fix: Move ssm:DescribeInstanceInformation to a statement with "Resource": "\*"\.\n/);
    expect(r.stdout).toMatch(/\n13 errors, 4 warnings, 4 notes in 2 policy documents\n$/);
  });

  test("a statement given as an object, not a list, is read and located", async () => {
    const file = write(
      "single.json",
      '{\n  "Statement":\n    {"Effect": "Allow", "Action": "ssm:DescribeInstanceInformation", "Resource": "arn:*:ec2:*:*:instance/*"}\n}',
    );
    const r = await lint(file);
    expect(r.stdout).toContain(`${file}:3  Statement[0]\n  error    action-takes-no-resource`);
  });
});

describe("json", () => {
  test("every finding with its rule, severity, file, line, statement, what is at fault, message and fix", async () => {
    const r = await lint(SEED, "--format", "json");
    const out = JSON.parse(r.stdout);
    expect(out.policies).toBe(1);
    expect(out.summary).toEqual({ error: 6, warning: 1, note: 2 });
    expect(out.findings).toHaveLength(9);
    expect(out.findings[0]).toEqual({
      ruleId: "action-takes-no-resource",
      severity: "error",
      file: SEED,
      statement: { index: 0, sid: "RequiredForTriageAndRunCommand" },
      line: 4,
      at: "ssm:DescribeInstanceInformation",
      message: expect.stringContaining("takes no resource ARN"),
      fix: expect.stringContaining('"Resource": "*"'),
    });
  });
});

describe("sarif", () => {
  test("a SARIF 2.1.0 log: one run, every rule described, results pointing at file and line", async () => {
    const r = await lint(SEED, SEED_TIGHTENED, "--format", "sarif");
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe("scoped-ssm");
    expect(driver.rules.map((x: any) => x.id)).toEqual(RULES.map((x) => x.id));
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(["error", "warning", "note"]).toContain(rule.defaultConfiguration.level);
    }
    const results = log.runs[0].results;
    expect(results).toHaveLength(21);
    for (const res of results) {
      expect(driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(["error", "warning", "note"]).toContain(res.level);
      expect(res.message.text).toMatch(/ Fix: /);
      const loc = res.locations[0].physicalLocation;
      expect([SEED, SEED_TIGHTENED]).toContain(loc.artifactLocation.uri);
      expect(loc.region.startLine).toBeGreaterThan(0);
    }
    expect(results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe("Statement[0] (RequiredForTriageAndRunCommand)");
  });

  test("a clean run is a SARIF log with no results; absolute paths become file URIs", async () => {
    const log = JSON.parse((await lint(generated, "--format", "sarif", "--fail-on", "error")).stdout);
    expect(log.runs[0].results.every((r: any) => r.level === "note")).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(`file://${generated}`);
  });
});

test("lint of HCL says how to get JSON from Terraform", async () => {
  // A module generate writes (not the repository's modules/, which follow the user's config).
  const out = tempDir("lint-hcl");
  expect(run(["generate", "--out", "m"], out).code).toBe(0);
  const r = await runAsync(["lint", "m/cado-response/main.tf"], out).finally(() => removeDir(out));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    "this is HCL: lint reads policy JSON or a plan's JSON, `terraform plan -out=plan && terraform show -json plan > plan.json`",
  );
});

describe("lint - reads standard input", () => {
  const cli = (input: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, "bin/scoped-ssm.js"), "lint", "-", ...args], { cwd: ROOT, input, encoding: "utf8" });

  test("the same findings and exit status as the file, named -", async () => {
    const fromFile = await lint(SEED, "--format", "json");
    const piped = cli(readFileSync(join(ROOT, SEED), "utf8"), "--format", "json");
    expect(piped.status).toBe(fromFile.code);
    const findings = (out: string) =>
      JSON.parse(out).findings.map((f: { ruleId: string; at: string; line: number }) => [f.ruleId, f.at, f.line]);
    expect(findings(piped.stdout)).toEqual(findings(fromFile.stdout));
    expect(JSON.parse(piped.stdout).findings[0].file).toBe("-");
  });

  test("bad input on standard input: exit 2, one message", () => {
    const r = cli("{ not json");
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/^error: -: \(top level\): malformed JSON at line 1, column 3/);
  });
});
