/** The examples and the documentation's snippets are real: they validate, render and plan. */
import { join } from "node:path";
import { loadConfig, validateConfig } from "../../src/profile/load";
import { DOC_PAGES, ROOT, docText, fencedBlocks } from "../support/docs";

test("examples/scoped-ssm.json is a valid config whose cado-response profile equals the embedded default", () => {
  const { config } = loadConfig(join(ROOT, "examples/scoped-ssm.json"));
  const embedded = loadConfig(undefined, "/nonexistent-dir").config.profiles[0];
  expect(config.profiles.find((p) => p.name === "cado-response")).toEqual(embedded);
});

test("every JSON config block of the README and docs/ is valid", () => {
  const blocks = DOC_PAGES.flatMap((page) => fencedBlocks(docText(page), page)).filter((b) => b.info === "json");
  const configs = blocks.map((b) => ({ page: b.page, json: JSON.parse(b.body) })).filter((b) => "profiles" in b.json);
  expect(configs.length).toBeGreaterThan(2);
  for (const c of configs) expect(() => validateConfig(c.json, c.page)).not.toThrow();
});

// examples/basic and examples/organization are planned together in organization.test.ts (one plan).
