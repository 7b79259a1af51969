import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type Str, join, strVar } from "./expr";
import type { FactId } from "./facts";
import type { ModuleOutput, ModuleVariable } from "./module";
import { GUARDRAIL_VAR, type Statement, guardrailStatements, launchTemplateStatements } from "./policy";
import { type Rule, allMatch, jsonLengthAtMost, lengthBetween, noneMatch, nonEmptyList } from "./checks";
import { attr, ifCreated } from "./outputs";
import { optInTagVariables, tagsVariable, variable } from "./variable-rules";
import { VAR } from "./variables";
import { envFor, evalDocument, policyChars } from "./policy-document";
import { LONGEST_PARTITION } from "./policy-size";

/**
 * The guardrail module of a profile that protects its tag: an AWS Organizations service control
 * policy (and, when asked, a tag policy) attached to roots, OUs or accounts. Renderers translate it.
 */
export interface GuardrailModel {
  profile: Profile;
  variables: ModuleVariable[];
  statements: Statement[];
  /** Added when protect_launch_templates is true. */
  launchTemplateStatements: Statement[];
  maxChars: number;
  /** The precondition on the SCP's size: local.policy fits in an SCP. */
  sizeCheck: Rule;
  /** The SCP's characters with one tag administrator pattern of typical length, in the longest partition. */
  typicalChars: number;
  /** The service control policy's description. */
  description: string;
  /**
   * The tag policy: the opt-in key's capitalisation and accepted values, enforced on these resource
   * types; its name is the SCP's with a suffix.
   */
  tagPolicy: { name: Str; description: string; enforcedFor: string[]; facts: FactId[] };
  outputs: ModuleOutput[];
}

export const ENABLE_TAG_POLICY = "enable_tag_policy";

export function buildGuardrail(p: Profile): GuardrailModel {
  const variables: ModuleVariable[] = [
    variable(
      GUARDRAIL_VAR.targetIds,
      "list(string)",
      "Organization root, OU or account ids to attach the guardrail to (r-..., ou-..., or 12-digit account ids).",
      undefined,
      { check: nonEmptyList(GUARDRAIL_VAR.targetIds), message: "List at least one root, OU or account id." },
      { check: allMatch(GUARDRAIL_VAR.targetIds, LIMITS.organizationTarget), message: `A target is ${LIMITS.organizationTargetText}.` },
    ),
    variable(
      GUARDRAIL_VAR.tagAdminPrincipalArns,
      "list(string)",
      "ARN patterns (ArnNotLike: * and ? allowed) of the principals that may still put, change or remove the opt-in tag, e.g. arn:aws:iam::*:role/TagAdministrator.",
      undefined,
      {
        check: nonEmptyList(GUARDRAIL_VAR.tagAdminPrincipalArns),
        message: "List at least one tag administrator: without one, no principal of the member accounts could ever opt a node in.",
      },
      {
        check: allMatch(GUARDRAIL_VAR.tagAdminPrincipalArns, LIMITS.principalArnPattern),
        message: `A tag administrator is ${LIMITS.principalArnPatternText}.`,
      },
      {
        check: noneMatch(GUARDRAIL_VAR.tagAdminPrincipalArns, LIMITS.assumedRoleArn),
        message: `A tag administrator is no assumed-role pattern: ${LIMITS.assumedRoleArnText}.`,
      },
    ),
    variable(VAR.policyName, "string", "Name of the service control policy.", `scoped-ssm-${p.name}-guardrail`, {
      check: lengthBetween(VAR.policyName, 1, 128),
      message: "A policy name has 1-128 characters.",
    }),
    tagsVariable("Tags for the policies."),
    ...optInTagVariables(p, "Accepted values of the opt-in tag (the tag policy, when enabled, allows only these).", {
      check: nonEmptyList(VAR.tagValues),
      message: "List at least one tag value.",
    }),
    variable(
      GUARDRAIL_VAR.protectLaunchTemplates,
      "bool",
      "Also deny every principal but the tag administrators ec2:CreateLaunchTemplate, ec2:CreateLaunchTemplateVersion and ec2:ModifyLaunchTemplate: a launch template's tags go on the instances services launch from it, which no Deny on tagging sees.",
      false,
    ),
    variable(
      ENABLE_TAG_POLICY,
      "bool",
      "Also create and attach a tag policy that enforces the opt-in key's capitalisation and accepted values on EC2 instances.",
      false,
    ),
  ];
  const statements = guardrailStatements();
  const launchTemplates = launchTemplateStatements();
  // One tag administrator pattern of typical length, in the longest partition.
  const typical = envFor({ variables }, LONGEST_PARTITION, {
    [GUARDRAIL_VAR.tagAdminPrincipalArns]: [`arn:${LONGEST_PARTITION}:iam::*:role/TagAdministrator`],
  });
  return {
    profile: p,
    variables,
    statements,
    launchTemplateStatements: launchTemplates,
    maxChars: LIMITS.serviceControlPolicyChars,
    // With the optional statement: the largest the SCP gets.
    typicalChars: policyChars(evalDocument([...statements, ...launchTemplates], typical)),
    sizeCheck: {
      check: jsonLengthAtMost("policy", LIMITS.serviceControlPolicyChars),
      message: `The service control policy would exceed ${LIMITS.serviceControlPolicyChars} characters, the most an SCP holds: list fewer or shorter tag administrator patterns.`,
    },
    description: `scoped-ssm ${p.name}: only tag administrators may set the opt-in tag`,
    tagPolicy: {
      name: join`${strVar(VAR.policyName)}-tag-policy`,
      description: `scoped-ssm ${p.name}: capitalisation and values of the opt-in tag on EC2 instances`,
      enforcedFor: ["ec2:instance"],
      facts: ["tag-policy-enforcement"],
    },
    outputs: [
      { name: "policy_id", description: "Id of the service control policy.", value: attr("aws_organizations_policy.this", "id") },
      {
        name: "policy_content",
        description: "The service control policy (JSON).",
        value: attr("aws_organizations_policy.this", "content"),
      },
      {
        name: "tag_policy_id",
        description: "Id of the tag policy, when enabled.",
        value: ifCreated("aws_organizations_policy.tag_policy", "id"),
      },
    ],
  };
}
