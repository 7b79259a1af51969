/**
 * organization.test.ts's root, planned in the run's shared plan (support/shared-plan.ts): the
 * examples basic and organization, against the modules `generate` writes for the embedded default
 * profile.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeProvider, tempDir } from "../../dev/terraform";
import { run } from "../../src/cli/main";
import { copyExample } from "../support/examples";
import type { PlanParts } from "../support/shared-plan";

/**
 * Both example roots (basic and organization), planned once: a wrapper root calls them as modules
 * (given the wrapper's provider, with fake keys), against the modules `generate` writes
 * for the embedded default profile (not copied from modules/, which a config of one's own may prune).
 */
const WRAPPER = `module "basic" {
  source = "../basic"
}

module "organization" {
  source = "../organization"
}

output "scp" {
  value = module.organization.scp
}

output "stackset_template" {
  value = module.organization.stackset_template
}
`;

/** The root examples/all of a folder where `generate` ran (the part's folder is two levels down). */
export function organizationParts(): PlanParts {
  const dir = tempDir("examples");
  const generated = run(["generate"], dir);
  if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  // The examples' provider blocks are for real use: the wrapper gives them its provider, with fake keys.
  for (const example of ["basic", "organization"]) copyExample(example, join(dir, "examples", example));
  mkdirSync(join(dir, "examples/all"));
  writeFileSync(join(dir, "examples/all/main.tf"), `${fakeProvider("us-east-1")}\n${WRAPPER}`);
  return { organization: { dir: join(dir, "examples/all"), cleanup: [dir] } };
}
