/**
 * Every generated module ships Terraform-native tests (tests/*.tftest.hcl, with a mocked AWS
 * provider): `terraform test` passes in each module of the config in force, as a module's consumer
 * would run it. The runs overlap: each is mostly provider start-up.
 */
import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir, tfAsync } from "../dev/terraform";
import { loadConfig } from "../src/profile/load";

const ROOT = join(__dirname, "..");
const { config } = loadConfig(undefined, ROOT);
/** Every module folder (one with a tests/ folder) of the configured profiles, relative to modules/. */
const moduleDirs = config.profiles.flatMap((p) =>
  ["", "guardrail", "stackset"].map((sub) => join(p.name, sub)).filter((d) => existsSync(join(ROOT, "modules", d, "tests"))),
);

let dir: string;
const results = new Map<string, string>();
beforeAll(async () => {
  dir = tempDir("native");
  for (const p of config.profiles) cpSync(join(ROOT, "modules", p.name), join(dir, p.name), { recursive: true });
  await Promise.all(
    moduleDirs.map(async (m) => {
      const d = join(dir, m);
      await tfAsync(d, ["init", "-input=false", "-no-color", "-backend=false"]);
      results.set(m, await tfAsync(d, ["test", "-no-color"]).catch((e: Error) => e.message));
    }),
  );
}, 120_000);
afterAll(() => removeDir(dir));

test("every profile's modules ship Terraform tests (run `npm run generate` if one is missing)", () => {
  for (const p of config.profiles) expect(readdirSync(join(ROOT, "modules", p.name, "tests"))).toContain("scoped_ssm.tftest.hcl");
  expect(moduleDirs.length).toBeGreaterThanOrEqual(config.profiles.length * 2);
});

test.each(moduleDirs)("terraform test passes in modules/%s", (m) => {
  const out = results.get(m)!;
  expect(out).toMatch(/Success! \d+ passed, 0 failed\./);
});
