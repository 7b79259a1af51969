import { join, relative, resolve, sep } from "node:path";
import { App, Manifest } from "cdktf";
import { loadConfig } from "../profile/load";
import { buildFittingModules } from "../model/fit";
import type { Config } from "../profile/schema";
import { ScopedSsmDeployStack } from "./deploy-stack";
import { ScopedSsmModuleStack } from "./module-stack";
import { ScopedSsmDetectionStack, ScopedSsmGuardrailStack, ScopedSsmStackSetStack } from "./module-stacks";

/** Options of {@link addScopedSsmStacks}. */
export interface ScopedSsmStacksOptions {
  /**
   * Folder for the state files of deployments without an S3 backend. Default: the current
   * directory, as cdktf's own default, so that state outlives cdktf.out.
   */
  readonly stateDir?: string;
}

/**
 * The stack of each module of a profile, named `<profile>_<module>` beside the account module's
 * `<profile>` (profile and deployment names hold no "_", so no name is taken twice).
 */
export const moduleStackName = (profile: string, module: "guardrail" | "detect" | "stackset") => `${profile}_${module}`;

/**
 * The stacks of a config: per profile, the account module stack (named after it) and the guardrail
 * detect and StackSet module stacks; one deploy stack per deployment, named after it.
 */
export function addScopedSsmStacks(app: App, config: Config, options: ScopedSsmStacksOptions = {}) {
  const modules = config.profiles.map((profile) => new ScopedSsmModuleStack(app, profile.name, { profile }));
  const guardrails = config.profiles.map(
    (profile) => new ScopedSsmGuardrailStack(app, moduleStackName(profile.name, "guardrail"), { profile }),
  );
  const detections = config.profiles.map(
    (profile) => new ScopedSsmDetectionStack(app, moduleStackName(profile.name, "detect"), { profile }),
  );
  const stackSets = config.profiles.map(
    (profile) => new ScopedSsmStackSetStack(app, moduleStackName(profile.name, "stackset"), { profile }),
  );
  const deployments = config.deployments.map((d) => {
    const profile = config.profiles.find((p) => p.name === d.profile);
    if (!profile) throw new Error(`deployment ${d.name}: no profile ${d.profile}`);
    // Relative to the stack's working directory, so no machine path lands in the synthesised files.
    const stackDir = resolve(app.outdir, Manifest.stacksFolder, d.name);
    const statePath = relative(stackDir, join(resolve(options.stateDir ?? process.cwd()), `terraform.${d.name}.tfstate`));
    const { name: _name, profile: _profile, ...deployment } = d;
    return new ScopedSsmDeployStack(app, d.name, { profile, deployment, localStatePath: statePath.split(sep).join("/") });
  });
  return { modules, guardrails, detections, stackSets, deployments };
}

/** Options of {@link synthScopedSsmApp}. */
export interface ScopedSsmAppOptions extends ScopedSsmStacksOptions {
  /** The config file; default ./scoped-ssm.json when present, else the embedded default profile. */
  readonly configFile?: string;
  /** Folder the default config is looked for in, and relative paths resolve from. Default: the current directory. */
  readonly cwd?: string;
  /** Output folder. Default: cdktf's (CDKTF_OUTDIR, else cdktf.out). */
  readonly outdir?: string;
  /** HCL (cdk.tf) instead of JSON (cdk.tf.json). Default: cdktf's (SYNTH_HCL_OUTPUT). */
  readonly hclOutput?: boolean;
}

/**
 * What main.ts runs (`npx cdktf synth`, `npm run synth`): the stacks of the config in force,
 * synthesised. Each stack's folder then holds the one configuration of this synthesis. Bad input
 * throws InputError before anything is written.
 */
export function synthScopedSsmApp(options: ScopedSsmAppOptions = {}): App {
  const cwd = options.cwd ?? process.cwd();
  const { config, source } = loadConfig(options.configFile && resolve(cwd, options.configFile), cwd);
  buildFittingModules(config.profiles, source);
  // cdktf reads the format from SYNTH_HCL_OUTPUT both in the App and in each stack's constructor.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  if (options.hclOutput !== undefined) process.env.SYNTH_HCL_OUTPUT = String(options.hclOutput);
  try {
    const app = new App({ outdir: options.outdir && resolve(cwd, options.outdir) });
    addScopedSsmStacks(app, config, { stateDir: options.stateDir ?? cwd });
    app.synth();
    return app;
  } finally {
    if (options.hclOutput !== undefined) {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  }
}
