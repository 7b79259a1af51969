import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { Fn, Lazy, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { type Bindings, bindList, bindStr } from "../model/bind";
import { listVar, strVar } from "../model/expr";
import { ENABLE_TAG_POLICY, type GuardrailModel, buildGuardrail } from "../model/guardrail";
import { GUARDRAIL_VAR } from "../model/policy";
import { VAR } from "../model/variables";
import { hclCheck, hclList, hclStr } from "../emit/hcl";
import { escapeTemplate, tfForEach, tfList, tfString } from "../emit/terraform-json";
import type { ProfileInput } from "../profile/schema";
import {
  type BoolInput,
  type ListInput,
  type MapInput,
  type ModuleInputVariables,
  type StringInput,
  TagsSchema,
  bindingsOf,
  boolExpression,
  checkInput,
  checkModuleInputs,
  checkVariableInput,
  tagsValue,
} from "./private/inputs";
import { ProfileConstruct } from "./private/model-construct";
import { partitionOf } from "./private/partition";
import { statementJson } from "./private/statements";

/** Properties of {@link ScopedSsmGuardrail}. */
export interface ScopedSsmGuardrailProps {
  /** The profile whose opt-in tag the guardrail protects (validated; defaults applied). */
  readonly profile: ProfileInput;
  /** Organization root, OU or account ids to attach the SCP (and the tag policy) to: `r-...`, `ou-...-...` or 12 digits. */
  readonly targetIds: ListInput;
  /**
   * ARN patterns (ArnNotLike: `*` and `?` allowed) of the principals that may still put, change or
   * remove the opt-in tag, e.g. `arn:aws:iam::*:role/TagAdministrator`; no `assumed-role` pattern.
   */
  readonly tagAdminPrincipalArns: ListInput;
  /** Name of the service control policy. @default `scoped-ssm-<profile name>-guardrail` */
  readonly policyName?: StringInput;
  /** Tags of the policies. @default none */
  readonly tags?: MapInput;
  /** Terraform variables for the tag key and the accepted values; unset ones take the profile's values. */
  readonly moduleInputs?: Pick<ModuleInputVariables, "tag_key" | "tag_values">;
  /**
   * Also deny every principal but the tag administrators the writing of launch templates, whose
   * tags go on the instances services launch from them.
   * @default false
   */
  readonly protectLaunchTemplates?: BoolInput;
  /** Also create and attach a tag policy enforcing the opt-in key's capitalisation and values. @default false */
  readonly enableTagPolicy?: BoolInput;
  /**
   * Give the resources the generated guardrail module's addresses (`aws_organizations_policy.this`,
   * `.tag_policy`, `local.policy`, ...). At most one per stack.
   * @default false
   */
  readonly moduleAddresses?: boolean;
}

/**
 * The guardrail of a profile: an AWS Organizations service control policy that only the tag
 * administrators may get past to put, change or remove the opt-in tag, attached to each target, and
 * optionally a tag policy. Every statement comes from the guardrail model; this construct only
 * translates it, as the generated `guardrail/` module does.
 */
export class ScopedSsmGuardrail extends ProfileConstruct<GuardrailModel> {
  /** The SCP's document: `locals { <id> = { Version = ..., Statement = [...] } }`. */
  readonly document: TerraformLocal;
  /** The service control policy. */
  readonly policy: OrganizationsPolicy;
  /** One attachment of the SCP per target (`for_each`). */
  readonly attachments: OrganizationsPolicyAttachment;
  /** The tag policy (with `count`), unless enableTagPolicy is false. */
  readonly tagPolicy?: OrganizationsPolicy;
  /** Its attachments, one per target. */
  readonly tagPolicyAttachments?: OrganizationsPolicyAttachment;
  /** The stack's shared `data "aws_partition" "current"`. */
  readonly partition: DataAwsPartition;

  constructor(scope: Construct, id: string, props: ScopedSsmGuardrailProps) {
    super(scope, id, "ScopedSsmGuardrail", props.profile, buildGuardrail);
    const model = this.model;
    const check = (name: string, input: unknown, field: string) => checkVariableInput(model, name, input, this.where, field);
    check(GUARDRAIL_VAR.targetIds, props.targetIds, "targetIds");
    check(GUARDRAIL_VAR.tagAdminPrincipalArns, props.tagAdminPrincipalArns, "tagAdminPrincipalArns");
    check(VAR.policyName, props.policyName, "policyName");
    check(GUARDRAIL_VAR.protectLaunchTemplates, props.protectLaunchTemplates, "protectLaunchTemplates");
    check(ENABLE_TAG_POLICY, props.enableTagPolicy, "enableTagPolicy");
    checkInput(props.tags, "map(string)", TagsSchema, this.where, "tags");
    const inputs = checkModuleInputs(props.moduleInputs, this.where);
    const bindings = bindingsOf(model, {
      ...inputs,
      [GUARDRAIL_VAR.targetIds]: props.targetIds,
      [GUARDRAIL_VAR.tagAdminPrincipalArns]: props.tagAdminPrincipalArns,
      [VAR.policyName]: props.policyName,
    });
    const named = <T extends { overrideLogicalId(id: string): void }>(x: T, address: string): T => {
      if (props.moduleAddresses) x.overrideLogicalId(address);
      return x;
    };
    this.partition = partitionOf(this);

    // The statements, and the launch template ones when they may apply: a variable decides at plan time.
    const statements = named(new TerraformLocal(this, "statements", statementsValue(model.statements, bindings)), "statements");
    const protect = props.protectLaunchTemplates ?? false;
    const launchTemplates =
      protect === false
        ? undefined
        : named(
            new TerraformLocal(this, "launch-template-statements", statementsValue(model.launchTemplateStatements, bindings)),
            "launch_template_statements",
          );
    this.document = named(
      new TerraformLocal(this, "document", {
        Version: "2012-10-17",
        Statement: Lazy.stringValue({
          produce: () => {
            const all = `local.${statements.friendlyUniqueId}`;
            if (!launchTemplates) return `\${${all}}`;
            const extra = `local.${launchTemplates.friendlyUniqueId}`;
            return protect === true
              ? `\${concat(${all}, ${extra})}`
              : `\${concat(${all}, ${boolExpression(protect, false)} ? ${extra} : [])}`;
          },
        }),
      }),
      "policy",
    );
    const name = () => bindStr(strVar(VAR.policyName), bindings());
    this.policy = named(
      new OrganizationsPolicy(this, "policy", {
        name: Lazy.stringValue({ produce: () => tfString(name()) }),
        description: escapeTemplate(model.description),
        type: "SERVICE_CONTROL_POLICY",
        content: Fn.jsonencode(this.document.expression),
        tags: tagsValue(props.tags),
        lifecycle: {
          precondition: [
            {
              condition: Lazy.stringValue({
                produce: () => `\${${hclCheck(model.sizeCheck.check, () => this.document.friendlyUniqueId)}}`,
              }),
              errorMessage: escapeTemplate(model.sizeCheck.message),
            },
          ],
        },
      }),
      "this",
    );
    const targets = () => bindList(listVar(GUARDRAIL_VAR.targetIds), bindings());
    this.attachments = named(
      new OrganizationsPolicyAttachment(this, "attachments", { policyId: this.policy.id, targetId: "${each.value}" }),
      "this",
    );
    this.attachments.addOverride("for_each", Lazy.stringValue({ produce: () => tfForEach(targets()) }));

    const enable = props.enableTagPolicy ?? false;
    if (enable === false) return;
    // The tag policy's key is the tag key in lower case; its tag_key fixes the capitalisation.
    const key = () => bindStr(strVar(VAR.tagKey), bindings());
    const tagPolicyDocument = named(
      new TerraformLocal(
        this,
        "tag-policy-document",
        Lazy.anyValue({
          produce: () => ({
            tags: {
              [`\${lower(${hclStr(key())})}`]: {
                tag_key: { "@@assign": tfString(key()) },
                tag_value: { "@@assign": tfList(bindList(listVar(VAR.tagValues), bindings())) },
                enforced_for: { "@@assign": model.tagPolicy.enforcedFor.map(escapeTemplate) },
              },
            },
          }),
        }),
      ),
      "tag_policy",
    );
    const tagPolicy = named(
      new OrganizationsPolicy(this, "tag-policy", {
        name: Lazy.stringValue({ produce: () => tfString(bindStr(model.tagPolicy.name, bindings())) }),
        description: escapeTemplate(model.tagPolicy.description),
        type: "TAG_POLICY",
        content: Fn.jsonencode(tagPolicyDocument.expression),
        tags: tagsValue(props.tags),
      }),
      "tag_policy",
    );
    // Counted, as in the module (its address is tag_policy[0] either way).
    tagPolicy.addOverride(
      "count",
      Lazy.stringValue({ produce: () => (enable === true ? "1" : `\${${boolExpression(enable, false)} ? 1 : 0}`) }),
    );
    const tagPolicyAttachments = named(
      new OrganizationsPolicyAttachment(this, "tag-policy-attachments", {
        policyId: Lazy.stringValue({ produce: () => `\${aws_organizations_policy.${tagPolicy.friendlyUniqueId}[0].id}` }),
        targetId: "${each.value}",
      }),
      "tag_policy",
    );
    tagPolicyAttachments.addOverride(
      "for_each",
      Lazy.stringValue({
        produce: () =>
          enable === true ? tfForEach(targets()) : `\${${boolExpression(enable, false)} ? toset(${hclList(targets())}) : toset([])}`,
      }),
    );
    this.tagPolicy = tagPolicy;
    this.tagPolicyAttachments = tagPolicyAttachments;
  }
}

/** A local holding the statements as Terraform JSON, their variables bound when the stack is synthesised. */
const statementsValue = (statements: GuardrailModel["statements"], bindings: () => Bindings) =>
  Lazy.anyValue({ produce: () => statements.map((s) => statementJson(s, bindings())) });
