import type { TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { buildModule } from "../model/module";
import { VAR } from "../model/variables";
import type { ProfileInput } from "../profile/schema";
import { parseProfile } from "./private/inputs";
import { ModelModuleStack } from "./private/module-stack-base";
import { ScopedSsmOptIn } from "./opt-in";
import { ScopedSsmPlatformRole } from "./platform-role";
import { ScopedSsmPolicy } from "./scoped-policy";
import { ROLE_VAR } from "../model/role";

/** Properties of {@link ScopedSsmModuleStack}. */
export interface ScopedSsmModuleStackProps {
  /** The profile the module is generated from (validated; defaults applied). */
  readonly profile: ProfileInput;
}

/**
 * A stack that synthesises into the reusable account module of a profile: the generated module's
 * variables, resources (at the same addresses) and outputs, `required_providers` only — no provider
 * block and no backend, so that a root configuration can call it with `module "x" { source = ... }`.
 */
export class ScopedSsmModuleStack extends ModelModuleStack {
  readonly policy: ScopedSsmPolicy;
  readonly optIn: ScopedSsmOptIn;
  /** The platform's role, created when the module's create_role is true. */
  readonly role: ScopedSsmPlatformRole;

  constructor(scope: Construct, id: string, props: ScopedSsmModuleStackProps) {
    const profile = parseProfile(props.profile, `ScopedSsmModuleStack ${id}`);
    const model = buildModule(profile);
    super(scope, id, `profile "${profile.name}"`, model.variables);
    const variables = this.variables;

    this.policy = new ScopedSsmPolicy(this, "policy", {
      profile,
      policyName: variables[VAR.policyName],
      roleNames: variables[VAR.roleNames],
      tags: variables[VAR.tags],
      moduleInputs: variables,
      moduleAddresses: true,
    });
    // The role's props are named as ROLE_VAR's keys, but for create_role, which is createWhen.
    const { createRole, ...roleInputs } = Object.fromEntries(
      Object.entries(ROLE_VAR).map(([prop, name]) => [prop, variables[name]]),
    ) as Record<keyof typeof ROLE_VAR, TerraformVariable>;
    this.role = new ScopedSsmPlatformRole(this, "platform-role", {
      policies: this.policy,
      ...roleInputs,
      createWhen: createRole,
      tags: variables[VAR.tags],
      moduleAddresses: true,
    });
    this.optIn = new ScopedSsmOptIn(this, "opt-in", {
      profile,
      instanceIds: variables[VAR.optInInstanceIds],
      moduleInputs: variables,
      moduleAddresses: true,
    });
    this.addOutputs(model.outputs);
  }
}
