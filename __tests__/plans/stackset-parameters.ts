/**
 * stackset-parameters.test.ts's root, planned in the run's shared plan (support/shared-plan.ts):
 * the account and StackSet modules `generate` writes for three profiles, each pair called with the
 * same tag inputs, other than the profile's own.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeProvider, tempDir } from "../../dev/terraform";
import { run } from "../../src/cli/main";
import { hclValue } from "../../src/emit/hcl";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { testConfig } from "../support/cdktf";
import type { PlanParts } from "../support/shared-plan";

const hostile = testConfig().profiles.find((p) => p.name === "hostile")!;
export const PROFILES = [DEFAULT_PROFILE, require("../cases/split-hybrid-profile.json"), hostile];

/** Each profile's module inputs: a tag other than the profile's own (hybrid nodes take SSM's tag characters only). */
export const TAGS: Record<string, { tag_key: string; tag_values: string[] }> = {
  "cado-response": { tag_key: "IrOptIn", tag_values: ["on", 'a,b "quoted"', "${aws:userid}", "back\\slash"] },
  "split-hybrid": { tag_key: "Forensics:Opt-In", tag_values: ["ready", "Ready"] },
  hostile: { tag_key: 'k"${x}\\\n&{y}', tag_values: ["", "$", "x&{y}\n\t$${z}", "<&>"] },
};

/** The root: both modules of each profile. */
export function stacksetParameterParts(): PlanParts {
  const dir = tempDir("stackset-params");
  writeFileSync(join(dir, "scoped-ssm.json"), JSON.stringify({ profiles: PROFILES }));
  const generated = run(["generate"], dir);
  if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  const blocks = Object.entries(TAGS).flatMap(([name, tag]) => {
    const inputs = Object.entries(tag)
      .map(([k, v]) => `  ${k} = ${hclValue(v)}`)
      .join("\n");
    return [
      `module "${name}_account" {\n  source = "../modules/${name}"\n${inputs}\n}`,
      `module "${name}_stackset" {\n  source = "../modules/${name}/stackset"\n  organizational_unit_ids = ["ou-ab12-11111111"]\n${inputs}\n}`,
    ];
  });
  mkdirSync(join(dir, "root"));
  writeFileSync(join(dir, "root/main.tf"), `${fakeProvider("us-east-1")}\n${blocks.join("\n\n")}\n`);
  return { stackset_parameters: { dir: join(dir, "root"), cleanup: [dir] } };
}
