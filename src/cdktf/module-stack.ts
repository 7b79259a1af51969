import { TerraformOutput, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { generatedNotice } from "../model/generated";
import { buildModule } from "../model/module";
import { VAR } from "../model/variables";
import type { ProfileInput } from "../profile/schema";
import { tfOutput, tfRules } from "../emit/terraform-json";
import { HclFromJsonStack } from "./private/hcl-stack";
import { parseProfile } from "./private/inputs";
import { ScopedSsmOptIn } from "./opt-in";
import { AwsProviderRequirement } from "./private/provider-requirement";
import { ScopedSsmPlatformRole } from "./platform-role";
import { ScopedSsmPolicy } from "./scoped-policy";
import { ROLE_VAR } from "../model/role";

/** Properties of {@link ScopedSsmModuleStack}. */
export interface ScopedSsmModuleStackProps {
  /** The profile the module is generated from (validated; defaults applied). */
  readonly profile: ProfileInput;
}

/**
 * A stack that synthesises into a reusable Terraform module: the generated module's variables,
 * resources (at the same addresses) and outputs, `required_providers` only — no provider block and
 * no backend, so that a root configuration can call it with `module "x" { source = ... }`.
 */
export class ScopedSsmModuleStack extends HclFromJsonStack {
  /** Module variables by name (policy_name, role_names, opt_in_instance_ids, tags, tag_key, ...). */
  readonly variables: Readonly<Record<string, TerraformVariable>>;
  readonly policy: ScopedSsmPolicy;
  readonly optIn: ScopedSsmOptIn;
  /** The platform's role, created when the module's create_role is true. */
  readonly role: ScopedSsmPlatformRole;
  private readonly profileName: string;

  constructor(scope: Construct, id: string, props: ScopedSsmModuleStackProps) {
    super(scope, id);
    const profile = parseProfile(props.profile, `ScopedSsmModuleStack ${id}`);
    this.profileName = profile.name;
    const model = buildModule(profile);
    new AwsProviderRequirement(this);

    const variables: Record<string, TerraformVariable> = {};
    for (const v of model.variables) {
      // Construct ids differ from the names: the module has a variable and an output both named policy_name.
      variables[v.name] = new TerraformVariable(this, `variable-${v.name}`, {
        type: v.type,
        description: v.description,
        default: v.default,
        ...(v.validations.length ? { validation: tfRules(v.validations) } : {}),
      });
      variables[v.name].overrideLogicalId(v.name);
    }
    this.variables = variables;

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

    // The model's output values name the module's addresses, which moduleAddresses gave the resources.
    for (const o of model.outputs)
      new TerraformOutput(this, `output-${o.name}`, { value: tfOutput(o.value), description: o.description }).overrideLogicalId(o.name);
  }

  protected hclHeader(): string[] {
    return [
      generatedNotice({ from: `profile "${this.profileName}"`, via: "CDKTF", change: "the profile", command: "npx cdktf synth --hcl" }),
    ];
  }

  /** The module: no provider configuration and no backend (both belong to the caller). */
  override toTerraform(): any {
    const config = super.toTerraform();
    delete config.provider;
    if (config.terraform) delete config.terraform.backend;
    return config;
  }
}
