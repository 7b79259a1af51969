import { TerraformOutput, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { generatedNotice } from "../../model/generated";
import type { ModuleOutput, ModuleVariable } from "../../model/module";
import { tfOutput, tfRules } from "../../emit/terraform-json";
import { HclFromJsonStack } from "./hcl-stack";
import { AwsProviderRequirement } from "./provider-requirement";

/**
 * A stack that synthesises into a reusable Terraform module: one Terraform variable per variable of
 * the module model (named, typed, documented and validated as in the generated module),
 * `required_providers` only — no provider block and no backend, so that a root configuration can
 * call it with `module "x" { source = ... }`. Subclasses add the constructs, then the outputs.
 */
export abstract class ModelModuleStack extends HclFromJsonStack {
  /** Module variables by name. */
  readonly variables: Readonly<Record<string, TerraformVariable>>;
  private readonly header: string;

  protected constructor(scope: Construct, id: string, from: string, variables: readonly ModuleVariable[]) {
    super(scope, id);
    this.header = generatedNotice({ from, via: "CDKTF", change: "the profile", command: "npx cdktf synth --hcl" });
    new AwsProviderRequirement(this);
    const created: Record<string, TerraformVariable> = {};
    for (const v of variables) {
      // Construct ids differ from the names: a module may have a variable and an output of one name.
      created[v.name] = new TerraformVariable(this, `variable-${v.name}`, {
        type: v.type,
        description: v.description,
        default: v.default,
        ...(v.validations.length ? { validation: tfRules(v.validations) } : {}),
      });
      created[v.name].overrideLogicalId(v.name);
    }
    this.variables = created;
  }

  /** The model's outputs, whose values name the module's addresses (which moduleAddresses gave the resources). */
  protected addOutputs(outputs: readonly ModuleOutput[]): void {
    for (const o of outputs)
      new TerraformOutput(this, `output-${o.name}`, { value: tfOutput(o.value), description: o.description }).overrideLogicalId(o.name);
  }

  protected hclHeader(): string[] {
    return [this.header];
  }

  /** The module: no provider configuration and no backend (both belong to the caller). */
  override toTerraform(): any {
    const config = super.toTerraform();
    delete config.provider;
    if (config.terraform) delete config.terraform.backend;
    return config;
  }
}
