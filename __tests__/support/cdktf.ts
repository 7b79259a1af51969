import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { tempDir } from "../../dev/terraform";
import { addScopedSsmStacks } from "../../src/cdktf/app";
import { loadConfig, validateConfig } from "../../src/profile/load";
import type { Config } from "../../src/profile/schema";

/** The config main.ts reads when there is no scoped-ssm.json: the embedded default profile. */
export const defaultConfig = (): Config => loadConfig(undefined, join(__dirname, "no-config-here")).config;

/** Profiles and deployments for the CDKTF tests: default, hybrid without sessions, scoped + ignoreCase, hostile strings. */
export const testConfig = (): Config =>
  validateConfig(JSON.parse(readFileSync(join(__dirname, "..", "cases", "cdktf-config.json"), "utf8")), "cdktf-config.json");

/**
 * Synthesises a config as `cdktf synth` (or `cdktf synth --hcl`) would, into a fresh temp folder;
 * returns the folder. Local state paths are made relative to that folder.
 */
export function synthConfig(config: Config, hcl: boolean): string {
  const outdir = tempDir(hcl ? "cdktf-hcl" : "cdktf-json");
  // cdktf reads the output format from the environment when each stack is constructed.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    const app = new App({ outdir, hclOutput: hcl });
    addScopedSsmStacks(app, config, { stateDir: outdir });
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
  return outdir;
}

export const stackDir = (outdir: string, stack: string) => join(outdir, "stacks", stack);

/**
 * Placed next to a deploy stack by the tests only: fake credentials and skip flags for the
 * stack's provider (its region stays), and local state instead of the stack's backend.
 */
export function writeOfflineOverride(dir: string): void {
  const override = {
    terraform: { backend: { local: { path: "offline.tfstate" } } },
    provider: {
      aws: [
        {
          access_key: "AKIAIOSFODNN7EXAMPLE",
          secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      ],
    },
  };
  writeFileSync(join(dir, "zz_override.tf.json"), JSON.stringify(override, null, 2));
}

/** The resource changes of one module call (or of the root, for ""), addresses relative to it. */
export function changesOf(plan: any, module: string): any[] {
  const prefix = module ? `module.${module}.` : "";
  return (plan.resource_changes as any[])
    .filter((r) => (module ? r.module_address === `module.${module}` : r.module_address === undefined))
    .map((r) => ({ ...r, address: r.address.slice(prefix.length) }));
}
