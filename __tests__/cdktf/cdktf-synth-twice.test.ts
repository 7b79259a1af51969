/**
 * `npx cdktf synth` then `npx cdktf synth --hcl` (and back) into the same cdktf.out: each synthesis
 * leaves exactly one configuration per stack folder. (package.test.ts does the same with the
 * installed package and has Terraform validate the module folder after JSON then HCL.)
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { removeDir, tempDir } from "../../dev/terraform";
import { synthScopedSsmApp } from "../../src/cdktf/app";
import { keepOneConfiguration } from "../../src/index";

let dir: string;
beforeAll(() => {
  dir = tempDir("synth-twice");
  // docs/cdktf.md's config: one profile and one deployment with local state.
  writeFileSync(
    join(dir, "scoped-ssm.json"),
    JSON.stringify({
      profiles: [{ name: "forensics", tag: { key: "ForensicsOptIn", values: ["yes"] }, runCommand: { documents: ["AWS-RunShellScript"] } }],
      deployments: [{ name: "forensics-prod", profile: "forensics", region: "eu-west-1", roleNames: ["IrPlatformRole"] }],
    }),
  );
});
afterAll(() => removeDir(dir));

const synth = (hclOutput: boolean) => synthScopedSsmApp({ cwd: dir, outdir: "cdktf.out", hclOutput });
const files = (stack: string) =>
  readdirSync(join(dir, "cdktf.out/stacks", stack))
    .filter((f) => f !== ".terraform" && f !== ".terraform.lock.hcl")
    .sort();

test("JSON, then HCL, then JSON: one configuration per stack folder each time; other files stay", () => {
  synth(false);
  expect([files("forensics"), files("forensics-prod")]).toEqual([["cdk.tf.json"], ["cdk.tf.json"]]);
  synth(true);
  expect([files("forensics"), files("forensics-prod")]).toEqual([
    ["cdk.tf", "metadata.json"],
    ["cdk.tf", "metadata.json"],
  ]);
  // Terraform's own files in a stack folder (after `terraform init`) are left alone.
  const module = join(dir, "cdktf.out/stacks/forensics");
  mkdirSync(join(module, ".terraform"));
  writeFileSync(join(module, ".terraform.lock.hcl"), "# lock\n");
  synth(false);
  expect([files("forensics"), files("forensics-prod")]).toEqual([["cdk.tf.json"], ["cdk.tf.json"]]);
  expect(readdirSync(module).sort()).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json"]);
});

test("keepOneConfiguration does the same for a stack of one's own; without it cdktf leaves both", () => {
  const outdir = join(dir, "own.out");
  const synthOwn = (hcl: boolean, keep: boolean) => {
    process.env.SYNTH_HCL_OUTPUT = String(hcl);
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "own");
      if (keep) keepOneConfiguration(stack);
      app.synth();
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
  };
  const own = () => readdirSync(join(outdir, "stacks/own")).sort();
  synthOwn(false, false);
  synthOwn(true, false);
  expect(own()).toEqual(["cdk.tf", "cdk.tf.json", "metadata.json"]);
  synthOwn(false, true);
  expect(own()).toEqual(["cdk.tf.json"]);
  synthOwn(true, true);
  expect(own()).toEqual(["cdk.tf", "metadata.json"]);
});
