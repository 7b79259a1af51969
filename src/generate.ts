import { buildFittingModules } from "./model/fit";
import { policyChars } from "./model/policy-document";
import type { Config } from "./profile/schema";
import { buildGuardrail } from "./model/guardrail";
import { buildStackSet } from "./model/stackset";
import { renderGuardrailFiles } from "./render/guardrail-files";
import { renderStackSetFiles } from "./render/stackset-files";
import { renderModuleFiles } from "./render/module-files";
import { buildDetect } from "./model/detect";
import { renderDetectFiles } from "./render/detect-files";

export interface ProfileOutput {
  profile: string;
  /** Relative paths (profile/file) → content. */
  files: Map<string, string>;
  /** Characters of each managed policy, in the longest partition, as Terraform encodes it. */
  policyChars: number[];
  /** Statements of the policies at the module's defaults. */
  statements: number;
  /** Characters of the guardrail's SCP (one typical tag administrator, longest partition), when the profile protects its tag. */
  scpChars?: number;
}

/**
 * Everything `generate` writes for a config, computed in memory. A profile whose policy can never
 * fit in managed policies is bad input (an InputError naming the field, from `file`): nothing of it
 * is rendered.
 */
export function renderConfig(config: Config, file = "config"): ProfileOutput[] {
  const models = buildFittingModules(config.profiles, file);
  return config.profiles.map((profile, i) => {
    const model = models[i];
    const policies = model.policy.atDefaults;
    const files = new Map<string, string>();
    for (const [name, content] of renderModuleFiles(model)) files.set(`${profile.name}/${name}`, content);
    for (const [name, content] of renderStackSetFiles(buildStackSet(profile))) files.set(`${profile.name}/stackset/${name}`, content);
    const guardrail = profile.protectTag ? buildGuardrail(profile) : undefined;
    if (guardrail) for (const [name, content] of renderGuardrailFiles(guardrail)) files.set(`${profile.name}/guardrail/${name}`, content);
    for (const [name, content] of renderDetectFiles(buildDetect(profile))) files.set(`${profile.name}/detect/${name}`, content);
    return {
      profile: profile.name,
      files,
      policyChars: policies.map(policyChars),
      statements: policies.reduce((n, doc) => n + doc.Statement.length, 0),
      ...(guardrail && { scpChars: guardrail.typicalChars }),
    };
  });
}
