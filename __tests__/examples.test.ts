/** The examples and the README's snippets are real: they validate, render and plan. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

// examples/basic and examples/organization are planned together in organization.test.ts (one plan).
