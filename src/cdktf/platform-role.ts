import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn, Lazy, TerraformLocal, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ROLE_VAR } from "../model/role";
import { InputError } from "../base/errors";
import { RoleSchema } from "../profile/schema";
import { bindList, bindOptional, bindStr } from "../model/bind";
import { conditionsJson, escapeTemplate, tfList, tfOptional, tfRules, tfString } from "../emit/terraform-json";
import { type ListInput, type MapInput, type StringInput, bindingsOf, checkInput, tagsValue } from "./private/inputs";
import type { ScopedSsmPolicy } from "./scoped-policy";

/** Properties of {@link ScopedSsmPlatformRole}. */
export interface ScopedSsmPlatformRoleProps {
  /** The scoped policies to attach: every policy of this construct. */
  readonly policies: ScopedSsmPolicy;
  /** The role's name. @default `scoped-ssm-<profile>-platform` */
  readonly roleName?: StringInput;
  /** The platform's principals (account root, role or user ARNs) that may assume the role. */
  readonly trustedPrincipalArns: ListInput;
  /** The external id the platform gave you: required, the role trusts no request without it. */
  readonly externalId: StringInput;
  /** Maximum session duration, seconds (3600 to 43200). @default 3600 */
  readonly maxSessionDuration?: number | TerraformVariable;
  /** A managed policy ARN to set as permissions boundary. @default none */
  readonly permissionsBoundaryArn?: StringInput;
  /** Tags of the role. @default none */
  readonly tags?: MapInput;
  /**
   * A Terraform bool variable: the role (and its attachments) exist only when it is true, as the
   * generated module's `create_role`. Its preconditions then check external id and principals at
   * plan time. @default the role is always created
   */
  readonly createWhen?: TerraformVariable;
  /** The generated module's addresses (`aws_iam_role.platform`, `local.trust_policy`, ...). @default false */
  readonly moduleAddresses?: boolean;
}

/**
 * The platform's own role: trusted only by the platform's principals and only with the external id,
 * with every policy of a {@link ScopedSsmPolicy} attached. The trust policy comes from the model.
 */
export class ScopedSsmPlatformRole extends Construct {
  readonly role: IamRole;
  readonly trustPolicy: TerraformLocal;
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ScopedSsmPlatformRoleProps) {
    super(scope, id);
    const where = `ScopedSsmPlatformRole ${this.node.path}`;
    const model = props.policies.model;
    checkInput(props.roleName, "string", RoleSchema.shape.name, where, "roleName");
    checkInput(props.trustedPrincipalArns, "list(string)", RoleSchema.shape.trustedPrincipalArns, where, "trustedPrincipalArns");
    checkInput(props.externalId, "string", RoleSchema.shape.externalId, where, "externalId");
    checkInput(props.permissionsBoundaryArn, "string", RoleSchema.shape.permissionsBoundaryArn, where, "permissionsBoundaryArn");
    if (typeof props.maxSessionDuration === "number" && !RoleSchema.shape.maxSessionDuration.safeParse(props.maxSessionDuration).success)
      throw new InputError([
        { file: where, path: "maxSessionDuration", message: "is 3600 to 43200 seconds", value: props.maxSessionDuration },
      ]);

    const bindings = bindingsOf(model, {
      [ROLE_VAR.roleName]: props.roleName,
      [ROLE_VAR.trustedPrincipalArns]: props.trustedPrincipalArns,
      [ROLE_VAR.externalId]: props.externalId,
      [ROLE_VAR.permissionsBoundaryArn]: props.permissionsBoundaryArn,
    });
    const role = model.role;
    this.trustPolicy = new TerraformLocal(
      this,
      "trust-policy",
      Lazy.anyValue({
        produce: () => ({
          Version: "2012-10-17",
          Statement: role.trust.map((t) => ({
            Sid: escapeTemplate(t.sid),
            Effect: t.effect,
            Principal: { AWS: tfList(bindList(t.principals, bindings())) },
            Action: t.actions,
            Condition: conditionsJson(t.conditions, bindings()),
          })),
        }),
      }),
    );
    if (props.moduleAddresses) this.trustPolicy.overrideLogicalId("trust_policy");
    const createWhen = props.createWhen;
    const count = createWhen && Lazy.stringValue({ produce: () => `\${var.${createWhen.friendlyUniqueId} ? 1 : 0}` });
    this.role = new IamRole(this, "role", {
      name: Lazy.stringValue({ produce: () => tfString(bindStr(role.name, bindings())) }),
      description: escapeTemplate(role.description),
      assumeRolePolicy: Fn.jsonencode(this.trustPolicy.expression),
      maxSessionDuration:
        props.maxSessionDuration instanceof TerraformVariable ? props.maxSessionDuration.numberValue : (props.maxSessionDuration ?? 3600),
      permissionsBoundary: tfOptional(bindOptional(role.permissionsBoundary, bindings())),
      tags: tagsValue(props.tags),
      // Checked at plan time when the role is created from module variables; plain values were checked above.
      ...(props.createWhen
        ? {
            lifecycle: {
              precondition: tfRules(role.checks),
            },
          }
        : {}),
    });
    if (props.moduleAddresses) this.role.overrideLogicalId("platform");
    if (count) this.role.addOverride("count", count);
    this.attachments = props.policies.policies.map((policy, i) => {
      const part = model.policy.parts[i];
      const attachment = new IamRolePolicyAttachment(this, `attachment-${i + 1}`, {
        // With count, the role is a list: its one element's name.
        role: count ? Lazy.stringValue({ produce: () => `\${aws_iam_role.${this.role.friendlyUniqueId}[0].name}` }) : this.role.name,
        policyArn: policy.arn,
      });
      if (props.moduleAddresses) attachment.overrideLogicalId(part.roleAttachmentName);
      if (count) attachment.addOverride("count", count);
      return attachment;
    });
  }
}
