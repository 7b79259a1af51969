import { Ec2Tag } from "@cdktf/provider-aws/lib/ec2-tag";
import { Lazy } from "cdktf";
import type { Construct } from "constructs";
import { VAR } from "../model/variables";
import { InputError } from "../base/errors";
import { DeploymentSchema, type ProfileInput } from "../profile/schema";
import { bindList, bindStr } from "../model/bind";
import { tfForEach, tfString } from "../emit/terraform-json";
import { ModelConstruct } from "./private/model-construct";
import { type ListInput, type ModuleInputVariables, bindingsOf, checkInput, checkModuleInputs } from "./private/inputs";

/** Properties of {@link ScopedSsmOptIn}. */
export interface ScopedSsmOptInProps {
  /** The profile whose opt-in tag is written (key, and the first accepted value). */
  readonly profile: ProfileInput;
  /** EC2 instances to opt in: ids, or a TerraformVariable of type list(string). */
  readonly instanceIds: ListInput;
  /** Terraform variables for the tag key and values; unset ones take the profile's values. */
  readonly moduleInputs?: Pick<ModuleInputVariables, "tag_key" | "tag_values">;
  /** Give the tags the generated module's address, `aws_ec2_tag.opt_in`. At most one per stack. @default false */
  readonly moduleAddresses?: boolean;
}

/**
 * Opts EC2 instances in: one `aws_ec2_tag` per instance (`for_each`), carrying the profile's tag
 * key and its first accepted value. Opting an instance in grants the profile's access on it.
 */
export class ScopedSsmOptIn extends ModelConstruct {
  /** The tag resources (one resource block with `for_each`). */
  readonly tags: Ec2Tag;

  constructor(scope: Construct, id: string, props: ScopedSsmOptInProps) {
    super(scope, id, "ScopedSsmOptIn", props.profile);
    if (props.instanceIds === undefined)
      throw new InputError([
        { file: this.where, path: "instanceIds", message: "is required: instance ids, or a TerraformVariable of type list(string)" },
      ]);
    checkInput(props.instanceIds, "list(string)", DeploymentSchema.shape.optInInstanceIds, this.where, "instanceIds");
    const inputs = checkModuleInputs(props.moduleInputs, this.where);

    const { optInTags } = this.model;
    const bindings = bindingsOf(this.model, { ...inputs, [VAR.optInInstanceIds]: props.instanceIds });
    this.tags = new Ec2Tag(this, "tags", {
      resourceId: "${each.value}",
      key: Lazy.stringValue({ produce: () => tfString(bindStr(optInTags.key, bindings())) }),
      value: Lazy.stringValue({ produce: () => tfString(bindStr(optInTags.value, bindings())) }),
    });
    if (props.moduleAddresses) this.tags.overrideLogicalId("opt_in");
    this.tags.addOverride("for_each", Lazy.stringValue({ produce: () => tfForEach(bindList(optInTags.forEach, bindings())) }));
  }
}
