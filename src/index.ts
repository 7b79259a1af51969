/**
 * The package's public API, by name: the CDKTF constructs and stacks, the profile (its types and
 * validation), and what the generator computes from a profile. The expression language, the
 * emitters and the analysis are internals.
 */

// CDKTF constructs and stacks.
export { ScopedSsmPolicy, type ScopedSsmPolicyProps } from "./cdktf/scoped-policy";
export { ScopedSsmOptIn, type ScopedSsmOptInProps } from "./cdktf/opt-in";
export { ScopedSsmPlatformRole, type ScopedSsmPlatformRoleProps } from "./cdktf/platform-role";
export { ScopedSsmGuardrail, type ScopedSsmGuardrailProps } from "./cdktf/guardrail";
export { ScopedSsmDetection, type ScopedSsmDetectionProps } from "./cdktf/detection";
export { ScopedSsmStackSet, type ScopedSsmStackSetProps } from "./cdktf/stackset";
export {
  ScopedSsmGuardrailStack,
  ScopedSsmDetectionStack,
  ScopedSsmStackSetStack,
  type ScopedSsmProfileModuleStackProps,
} from "./cdktf/module-stacks";
export { ScopedSsmModuleStack, type ScopedSsmModuleStackProps } from "./cdktf/module-stack";
export { ScopedSsmDeployStack, type ScopedSsmDeployStackProps, type DeploymentTarget } from "./cdktf/deploy-stack";
export { addScopedSsmStacks, synthScopedSsmApp, type ScopedSsmStacksOptions, type ScopedSsmAppOptions } from "./cdktf/app";
export { keepOneConfiguration } from "./cdktf/private/hcl-stack";
export type { StringInput, ListInput, MapInput, BoolInput, ModuleInputVariables } from "./cdktf/private/inputs";

// Profiles: types, schemas, validation.
export {
  ConfigSchema,
  DeploymentSchema,
  ProfileSchema,
  TagSchema,
  type Config,
  type ConfigInput,
  type Deployment,
  type Profile,
  type ProfileInput,
} from "./profile/schema";
export { DEFAULT_PROFILE } from "./profile/default-profile";
export { loadConfig, validateConfig } from "./profile/load";
export { InputError, type InputProblem } from "./base/errors";

// What a profile generates: the module files, and the policies they hold.
export { renderConfig, type ProfileOutput } from "./generate";
export { buildModule, type ModuleModel } from "./model/module";
export { envFor, evalPolicies, policyChars, type PolicyDocument } from "./model/policy-document";
export { FACTS, type Fact, type FactId } from "./model/facts";
