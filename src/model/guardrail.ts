import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type Str, lit } from "./expr";
import type { FactId } from "./facts";
import type { ModuleOutput, ModuleVariable } from "./module";
import { GUARDRAIL_VAR, type Statement, guardrailStatements } from "./policy";
import { allMatch, tagKeyVariable } from "./variable-rules";
import { VAR } from "./variables";

/**
 * The guardrail module of a profile that protects its tag: an AWS Organizations service control
 * policy (and, when asked, a tag policy) attached to roots, OUs or accounts. Renderers translate it.
 */
export interface GuardrailModel {
  profile: Profile;
  variables: ModuleVariable[];
  statements: Statement[];
  maxChars: number;
  sizeMessage: Str;
  /** The tag policy: the opt-in key's capitalisation and accepted values, enforced on these resource types. */
  tagPolicy: { enforcedFor: string[]; facts: FactId[] };
  outputs: ModuleOutput[];
}

export const ENABLE_TAG_POLICY = "enable_tag_policy";

export function buildGuardrail(p: Profile): GuardrailModel {
  const variables: ModuleVariable[] = [
    {
      name: GUARDRAIL_VAR.targetIds,
      type: "list(string)",
      description: "Organization root, OU or account ids to attach the guardrail to (r-..., ou-..., or 12-digit account ids).",
      validations: [
        { condition: `length(var.${GUARDRAIL_VAR.targetIds}) > 0`, message: "List at least one root, OU or account id." },
        {
          condition: allMatch(GUARDRAIL_VAR.targetIds, LIMITS.organizationTarget),
          message: `A target is ${LIMITS.organizationTargetText}.`,
        },
      ],
    },
    {
      name: GUARDRAIL_VAR.tagAdminPrincipalArns,
      type: "list(string)",
      description:
        "ARN patterns (ArnNotLike: * and ? allowed) of the principals that may still put, change or remove the opt-in tag, e.g. arn:aws:iam::*:role/TagAdministrator.",
      validations: [
        {
          condition: `length(var.${GUARDRAIL_VAR.tagAdminPrincipalArns}) > 0`,
          message: "List at least one tag administrator: without one, no principal of the member accounts could ever opt a node in.",
        },
        {
          condition: allMatch(GUARDRAIL_VAR.tagAdminPrincipalArns, LIMITS.principalArnPattern),
          message: `A tag administrator is ${LIMITS.principalArnPatternText}.`,
        },
      ],
    },
    {
      name: VAR.policyName,
      type: "string",
      description: "Name of the service control policy.",
      default: `scoped-ssm-${p.name}-guardrail`,
      validations: [
        {
          condition: `length(var.${VAR.policyName}) >= 1 && length(var.${VAR.policyName}) <= 128`,
          message: "A policy name has 1-128 characters.",
        },
      ],
    },
    { name: VAR.tags, type: "map(string)", description: "Tags for the policies.", default: {}, validations: [] },
    tagKeyVariable(p),
    {
      name: VAR.tagValues,
      type: "list(string)",
      description: "Accepted values of the opt-in tag (the tag policy, when enabled, allows only these).",
      default: p.tag.values,
      validations: [{ condition: `length(var.${VAR.tagValues}) > 0`, message: "List at least one tag value." }],
    },
    {
      name: ENABLE_TAG_POLICY,
      type: "bool",
      description:
        "Also create and attach a tag policy that enforces the opt-in key's capitalisation and accepted values on EC2 instances.",
      default: false,
      validations: [],
    },
  ];
  return {
    profile: p,
    variables,
    statements: guardrailStatements(),
    maxChars: LIMITS.serviceControlPolicyChars,
    sizeMessage: lit(
      `The service control policy would exceed ${LIMITS.serviceControlPolicyChars} characters, the most an SCP holds: list fewer or shorter tag administrator patterns.`,
    ),
    tagPolicy: { enforcedFor: ["ec2:instance"], facts: ["tag-policy-enforcement"] },
    outputs: [
      { name: "policy_id", description: "Id of the service control policy.", value: "aws_organizations_policy.this.id" },
      { name: "policy_content", description: "The service control policy (JSON).", value: "aws_organizations_policy.this.content" },
      {
        name: "tag_policy_id",
        description: "Id of the tag policy, when enabled.",
        value: "try(aws_organizations_policy.tag_policy[0].id, null)",
      },
    ],
  };
}
