/**
 * Every generated module ships Terraform-native tests (tests/*.tftest.hcl, with a mocked AWS
 * provider): `terraform test` passes in each module of the config in force, as a module's consumer
 * would run it; and in the account module of a profile that exercises what the default does not
 * (split into several policies, scoped to one partition's regions, a literal KMS key ARN, port
 * forwarding, hybrid nodes). One `terraform test` runs them all: each module's test file is copied
 * into one root's tests/ folder, and each of its run blocks gets a `module { source }` naming that
 * module's folder, which is what `terraform test` in the folder itself would test. Every
 * `terraform test` process loads the AWS provider's schema (about 3.5 s of CPU, mocked or not):
 * one run instead of five saves about 15 s of the suite's CPU.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { removeDir, tempDir, tfAsync } from "../../dev/terraform";
import { renderConfig } from "../../src/generate";
import { loadConfig } from "../../src/profile/load";
import { ConfigSchema } from "../../src/profile/schema";

const ROOT = join(__dirname, "..", "..");
const { config } = loadConfig(undefined, ROOT);
/** Every module folder (one with a tests/ folder) of the configured profiles, relative to modules/. */
const moduleDirs = config.profiles.flatMap((p) =>
  ["", "guardrail", "stackset", "detect"].map((sub) => join(p.name, sub)).filter((d) => existsSync(join(ROOT, "modules", d, "tests"))),
);

const VARIETY = ConfigSchema.parse({
  profiles: [
    {
      name: "variety",
      tag: { key: "Forensics", values: ["yes", "Yes", "approved"] },
      hybridNodes: true,
      runCommand: { documents: ["AWS-RunShellScript", "Team-Collect"] },
      sessions: {
        documents: ["SSM-SessionManagerRunShell"],
        portForwarding: true,
        kmsKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/abcd-1234"],
      },
      scope: {
        regions: ["eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "us-east-1", "us-east-2", "us-west-2"],
        accounts: ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"],
      },
    },
  ],
});

const tested = [...moduleDirs, "variety"];
/** The test file of module folder m (relative to the root), in the root's tests/ folder. */
const testFile = (m: string) => `${m.replace(/\//g, "__")}.tftest.hcl`;

/** A module's test file with every run block aimed at that module's folder. */
const aimedAt = (text: string, m: string) =>
  text.replace(/^run "([^"]+)" \{$/gm, (line) => `${line}\n  module {\n    source = ${JSON.stringify(`./${m}`)}\n  }\n`);

let dir: string;
let output: string;
beforeAll(async () => {
  dir = tempDir("native");
  for (const p of config.profiles) cpSync(join(ROOT, "modules", p.name), join(dir, p.name), { recursive: true });
  for (const [rel, content] of renderConfig(VARIETY)[0].files)
    if (!rel.includes("/guardrail/") && !rel.includes("/stackset/")) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
  mkdirSync(join(dir, "tests"));
  for (const m of tested) {
    const text = readFileSync(join(dir, m, "tests", "scoped_ssm.tftest.hcl"), "utf8");
    writeFileSync(join(dir, "tests", testFile(m)), aimedAt(text, m));
  }
  writeFileSync(join(dir, "main.tf"), "# The root of the test run: each run block names the module it tests.\nterraform {}\n");
  await tfAsync(dir, ["init", "-input=false", "-no-color", "-backend=false"]);
  output = await tfAsync(dir, ["test", "-no-color"]).catch((e: Error) => e.message);
}, 120_000);
afterAll(() => removeDir(dir));

test("every profile's modules ship Terraform tests (run `npm run generate` if one is missing)", () => {
  for (const p of config.profiles) expect(readdirSync(join(ROOT, "modules", p.name, "tests"))).toContain("scoped_ssm.tftest.hcl");
  expect(moduleDirs.length).toBeGreaterThanOrEqual(config.profiles.length * 3);
});

test("the variety profile is split into several policies (its tests check each)", () => {
  expect(renderConfig(VARIETY)[0].policyChars.length).toBeGreaterThan(1);
});

test("every run block of every module is aimed at its module", () => {
  for (const m of tested) {
    const runs = readFileSync(join(dir, m, "tests", "scoped_ssm.tftest.hcl"), "utf8").match(/^run "/gm)!.length;
    const aimed = readFileSync(join(dir, "tests", testFile(m)), "utf8").split(`source = "./${m}"`).length - 1;
    expect([m, aimed]).toEqual([m, runs]);
  }
});

test.each(tested)("terraform test passes in modules/%s", (m) => {
  expect(output).toContain(`tests/${testFile(m)}... pass`);
  expect(output).not.toMatch(new RegExp(`tests/${testFile(m).replace(/\./g, "\\.")}[^\n]*fail`));
});

test("no run block failed", () => {
  expect(output).toMatch(/Success! \d+ passed, 0 failed\./);
});
