/** The examples and the README's snippets are real: they validate, render and plan. */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeProvider, planJson, removeDir, tempDir } from "../dev/terraform";
import { run } from "../src/cli/main";
import { loadConfig, validateConfig } from "../src/profile/load";

const ROOT = join(__dirname, "..");

test("examples/scoped-ssm.json is a valid config whose cado-response profile equals the embedded default", () => {
  const { config } = loadConfig(join(ROOT, "examples/scoped-ssm.json"));
  const embedded = loadConfig(undefined, "/nonexistent-dir").config.profiles[0];
  expect(config.profiles.find((p) => p.name === "cado-response")).toEqual(embedded);
});

test("every JSON config block in the README is valid", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
  const configs = blocks.filter((b) => "profiles" in b);
  expect(configs.length).toBeGreaterThan(0);
  for (const c of configs) expect(() => validateConfig(c, "README.md")).not.toThrow();
});

test("examples/basic plans against the module generate writes for the embedded default profile, offline", () => {
  const dir = tempDir("example");
  try {
    cpSync(join(ROOT, "examples/basic"), join(dir, "examples/basic"), { recursive: true });
    // Rendered here, not copied from modules/: a config of one's own may leave modules/cado-response out
    // (`generate --prune`); `scoped-ssm check` covers the committed modules of the config in force.
    expect(run(["generate"], dir)).toMatchObject({ code: 0, stderr: "" });
    // The example's provider block is for real use; an override gives it fake keys for an offline plan.
    writeFileSync(join(dir, "examples/basic/offline_override.tf"), fakeProvider("us-east-1"));
    const plan = planJson(join(dir, "examples/basic"));
    const types = plan.resource_changes.map((r: any) => r.type).sort();
    expect(types).toEqual(["aws_ec2_tag", "aws_ec2_tag", "aws_iam_policy", "aws_iam_role_policy_attachment"]);
  } finally {
    removeDir(dir);
  }
});
