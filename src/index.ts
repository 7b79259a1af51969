/** Public entry point: the profile, the policy model and the renderers. */
export * from "./profile/schema";
export { DEFAULT_PROFILE } from "./profile/default-profile";
export { loadConfig, validateConfig } from "./profile/load";
export { InputError } from "./profile/errors";
export * from "./model/expr";
export * from "./model/policy";
export * from "./model/module";
export * from "./model/policy-document";
export { renderModuleFiles } from "./render/module-files";
export { renderConfig } from "./generate";
export { ScopedSsmPolicy, type ScopedSsmPolicyProps } from "./cdktf/scoped-policy";
export { ScopedSsmOptIn, type ScopedSsmOptInProps } from "./cdktf/opt-in";
export { ScopedSsmPlatformRole, type ScopedSsmPlatformRoleProps } from "./cdktf/platform-role";
export { ScopedSsmModuleStack, type ScopedSsmModuleStackProps } from "./cdktf/module-stack";
export { ScopedSsmDeployStack, type ScopedSsmDeployStackProps, type DeploymentTarget } from "./cdktf/deploy-stack";
export { addScopedSsmStacks, synthScopedSsmApp, type ScopedSsmStacksOptions, type ScopedSsmAppOptions } from "./cdktf/app";
export { keepOneConfiguration } from "./cdktf/hcl-stack";
export type { StringInput, ListInput, MapInput, ModuleInputVariables } from "./cdktf/inputs";
