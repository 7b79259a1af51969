/**
 * Every generated module ships Terraform-native tests (tests/*.tftest.hcl, with a mocked AWS
 * provider): `terraform test` passes in each module of the config in force, as a module's consumer
 * would run it; and in the account module of a profile that exercises what the default does not
 * (split into several policies, scoped to one partition's regions, a literal KMS key ARN, port
 * forwarding, hybrid nodes). The runs overlap: each is mostly provider start-up.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { removeDir, tempDir, tfAsync } from "../dev/terraform";
import { renderConfig } from "../src/generate";
import { loadConfig } from "../src/profile/load";
import { ConfigSchema } from "../src/profile/schema";

const ROOT = join(__dirname, "..");
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

let dir: string;
const results = new Map<string, string>();
beforeAll(async () => {
  dir = tempDir("native");
  for (const p of config.profiles) cpSync(join(ROOT, "modules", p.name), join(dir, p.name), { recursive: true });
  for (const [rel, content] of renderConfig(VARIETY)[0].files)
    if (!rel.includes("/guardrail/") && !rel.includes("/stackset/")) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
  await Promise.all(
    [...moduleDirs, "variety"].map(async (m) => {
      const d = join(dir, m);
      await tfAsync(d, ["init", "-input=false", "-no-color", "-backend=false"]);
      results.set(m, await tfAsync(d, ["test", "-no-color"]).catch((e: Error) => e.message));
    }),
  );
}, 120_000);
afterAll(() => removeDir(dir));

test("every profile's modules ship Terraform tests (run `npm run generate` if one is missing)", () => {
  for (const p of config.profiles) expect(readdirSync(join(ROOT, "modules", p.name, "tests"))).toContain("scoped_ssm.tftest.hcl");
  expect(moduleDirs.length).toBeGreaterThanOrEqual(config.profiles.length * 3);
});

test("the variety profile is split into several policies (its tests check each)", () => {
  expect(renderConfig(VARIETY)[0].policyChars.length).toBeGreaterThan(1);
});

test.each([...moduleDirs, "variety"])("terraform test passes in modules/%s", (m) => {
  const out = results.get(m)!;
  expect(out).toMatch(/Success! \d+ passed, 0 failed\./);
});
