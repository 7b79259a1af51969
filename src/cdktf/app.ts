import { join, relative, resolve, sep } from "node:path";
import { type App, Manifest } from "cdktf";
import type { Config } from "../profile/schema";
import { ScopedSsmDeployStack } from "./deploy-stack";
import { ScopedSsmModuleStack } from "./module-stack";

/** Options of {@link addScopedSsmStacks}. */
export interface ScopedSsmStacksOptions {
  /**
   * Folder for the state files of deployments without an S3 backend. Default: the current
   * directory, as cdktf's own default, so that state outlives cdktf.out.
   */
  readonly stateDir?: string;
}

/** The stacks of a config: one module stack per profile and one deploy stack per deployment, named after them. */
export function addScopedSsmStacks(app: App, config: Config, options: ScopedSsmStacksOptions = {}) {
  const modules = config.profiles.map((profile) => new ScopedSsmModuleStack(app, profile.name, { profile }));
  const deployments = config.deployments.map((d) => {
    const profile = config.profiles.find((p) => p.name === d.profile);
    if (!profile) throw new Error(`deployment ${d.name}: no profile ${d.profile}`);
    // Relative to the stack's working directory, so no machine path lands in the synthesised files.
    const stackDir = resolve(app.outdir, Manifest.stacksFolder, d.name);
    const statePath = relative(stackDir, join(resolve(options.stateDir ?? process.cwd()), `terraform.${d.name}.tfstate`));
    const { name: _name, profile: _profile, ...deployment } = d;
    return new ScopedSsmDeployStack(app, d.name, { profile, deployment, localStatePath: statePath.split(sep).join("/") });
  });
  return { modules, deployments };
}
