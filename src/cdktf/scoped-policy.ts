import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn, Lazy, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { ModelConstruct } from "./private/model-construct";
import { hclCheck, hclKeptStatements, partitionCheck } from "../emit/hcl";
import { VAR } from "../model/variables";
import { DeploymentSchema, type ProfileInput } from "../profile/schema";
import { bindList, bindStr } from "../model/bind";
import { escapeTemplate, tfForEach, tfString } from "../emit/terraform-json";
import { statementJson } from "./private/statements";
import {
  type ListInput,
  type MapInput,
  type ModuleInputVariables,
  type StringInput,
  bindingsOf,
  checkInput,
  checkModuleInputs,
  TagsSchema,
  tagsValue,
} from "./private/inputs";
import { partitionOf } from "./private/partition";
import { callerIdentityOf } from "./caller-identity";
import { listUses } from "../model/expr";

/** Properties of {@link ScopedSsmPolicy}. */
export interface ScopedSsmPolicyProps {
  /** What the principal may do: a profile as in scoped-ssm.json (validated; defaults applied). */
  readonly profile: ProfileInput;
  /** Name of the IAM managed policy. @default `scoped-ssm-<profile name>` */
  readonly policyName?: StringInput;
  /** IAM roles to attach the policy to, one `aws_iam_role_policy_attachment` each. @default none */
  readonly roleNames?: ListInput;
  /** Tags of the IAM policy. @default none */
  readonly tags?: MapInput;
  /** Terraform variables for the tag key, tag values and documents; unset ones take the profile's values. */
  readonly moduleInputs?: ModuleInputVariables;
  /**
   * Give the resources the generated module's addresses (`local.policy`, `aws_iam_policy.this`,
   * `aws_iam_role_policy_attachment.this`) instead of ids derived from the construct path, so that
   * state moves between the module and the construct unchanged. At most one per stack.
   * @default false
   */
  readonly moduleAddresses?: boolean;
}

/**
 * The scoped IAM policy of a profile: its document (an HCL object passed to `jsonencode`, as in the
 * generated module), the `aws_iam_policy` and its attachments to roles. Every statement comes from
 * the policy model; this construct only translates it.
 */
export class ScopedSsmPolicy extends ModelConstruct {
  /** The (first) policy document: `locals { <id> = { Version = ..., Statement = [...] } }`. */
  readonly document: TerraformLocal;
  /** The (first) IAM managed policy. */
  readonly policy: IamPolicy;
  /** One attachment of the (first) policy per role name (`for_each`). */
  readonly attachments: IamRolePolicyAttachment;
  /**
   * Every managed policy, in order: one unless the profile's statements exceed one policy's size,
   * when the model splits them (each part has its own attachments).
   */
  readonly policies: IamPolicy[];
  readonly allAttachments: IamRolePolicyAttachment[];
  /** The stack's shared `data "aws_partition" "current"`. */
  readonly partition: DataAwsPartition;

  constructor(scope: Construct, id: string, props: ScopedSsmPolicyProps) {
    super(scope, id, "ScopedSsmPolicy", props.profile);
    checkInput(props.policyName, "string", DeploymentSchema.shape.policyName, this.where, "policyName");
    checkInput(props.roleNames, "list(string)", DeploymentSchema.shape.roleNames, this.where, "roleNames");
    checkInput(props.tags, "map(string)", TagsSchema, this.where, "tags");
    const inputs = checkModuleInputs(props.moduleInputs, this.where);

    const model = this.model;
    const bindings = bindingsOf(model, { ...inputs, [VAR.policyName]: props.policyName, [VAR.roleNames]: props.roleNames });
    const checks = model.policy.checks;
    this.partition = partitionOf(this);
    if (model.policy.statements.some((s) => listUses(s.resources, "account"))) callerIdentityOf(this);

    const documents: TerraformLocal[] = [];
    this.policies = [];
    this.allAttachments = [];
    model.policy.parts.forEach((part, i) => {
      const suffix = i === 0 ? "" : `-${i + 1}`;
      // Logical ids are fixed before any reference is taken: references capture them when created.
      const statements = new TerraformLocal(
        this,
        `statements${suffix}`,
        Lazy.anyValue({ produce: () => part.statements.map((s) => statementJson(s, bindings())) }),
      );
      if (props.moduleAddresses) statements.overrideLogicalId(part.statementsLocal);
      // IAM refuses a statement without resources: one whose documents are all of the other kind is left out.
      const document = new TerraformLocal(this, `document${suffix}`, {
        Version: "2012-10-17",
        Statement: Lazy.anyValue({ produce: () => `\${${hclKeptStatements(statements.friendlyUniqueId, part.keep)}}` }),
      });
      if (props.moduleAddresses) document.overrideLogicalId(part.policyLocal);
      const preconditions = [
        {
          // The model's check names the module's local: here the local is the construct's.
          condition: Lazy.stringValue({ produce: () => `\${${hclCheck(part.sizeCheck.check, () => document.friendlyUniqueId)}}` }),
          errorMessage: escapeTemplate(part.sizeCheck.message),
        },
      ];
      if (checks.partition)
        preconditions.push({
          condition: `\${${partitionCheck(checks.partition.partitions)}}`,
          errorMessage: tfString(checks.partition.message),
        });
      const policy = new IamPolicy(this, `policy${suffix}`, {
        name: Lazy.stringValue({ produce: () => tfString(bindStr(part.name, bindings())) }),
        description: escapeTemplate(model.policy.description),
        policy: Fn.jsonencode(document.expression),
        tags: tagsValue(props.tags),
        lifecycle: { precondition: preconditions },
      });
      if (props.moduleAddresses) policy.overrideLogicalId(part.resourceName);
      const attachments = new IamRolePolicyAttachment(this, `attachments${suffix}`, { role: "${each.value}", policyArn: policy.arn });
      if (props.moduleAddresses) attachments.overrideLogicalId(part.resourceName);
      attachments.addOverride("for_each", Lazy.stringValue({ produce: () => tfForEach(bindList(model.attachments.forEach, bindings())) }));
      documents.push(document);
      this.policies.push(policy);
      this.allAttachments.push(attachments);
    });
    this.document = documents[0];
    this.policy = this.policies[0];
    this.attachments = this.allAttachments[0];
  }
}
