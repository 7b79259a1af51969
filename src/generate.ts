import { buildModule } from "./model/module";
import { envFor, evalPolicy, policyChars } from "./model/policy-document";
import type { Config } from "./profile/schema";
import { renderModuleFiles } from "./render/module-files";

export interface ProfileOutput {
  profile: string;
  /** Relative paths (profile/file) → content. */
  files: Map<string, string>;
  policyChars: number;
  statements: number;
}

/** Everything `generate` writes for a config, computed in memory. */
export function renderConfig(config: Config): ProfileOutput[] {
  return config.profiles.map((profile) => {
    const model = buildModule(profile);
    const files = new Map<string, string>();
    for (const [name, content] of renderModuleFiles(model)) files.set(`${profile.name}/${name}`, content);
    return {
      profile: profile.name,
      files,
      policyChars: policyChars(evalPolicy(model, envFor(model))),
      statements: model.policy.statements.length,
    };
  });
}
