import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type ModuleModel, type ModuleOutput, type ModuleVariable, buildModule, defaultPolicyName } from "./module";
import { roleVariables } from "./role";
import { allMatch, matches, nonEmptyList } from "./checks";
import { attr } from "./outputs";
import { policyNameVariable, roleNamesVariable, variable } from "./variable-rules";

import { VAR } from "./variables";

/** CloudFormation's rule for a StackSet name. */
const STACK_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * The StackSet module of a profile: the account module's policies, as a CloudFormation template,
 * rolled out by a service-managed StackSet to every account of the given OUs (accounts that join
 * them later included). The template is rendered from the same module model.
 */
export interface StackSetModel {
  profile: Profile;
  /** The account module's model: its policy parts become AWS::IAM::ManagedPolicy resources. */
  account: ModuleModel;
  variables: ModuleVariable[];
  outputs: ModuleOutput[];
}

/** The template's parameter for each module variable the StackSet passes on. */
export const STACKSET_PARAMETERS: readonly [parameter: string, hcl: string][] = [
  ["PolicyName", `var.${VAR.policyName}`],
  ["RoleNames", `join(",", var.${VAR.roleNames})`],
  ["CreateRole", `tostring(var.create_role)`],
  ["RoleName", "var.role_name"],
  ["TrustedPrincipalArns", `join(",", var.trusted_principal_arns)`],
  ["ExternalId", "var.external_id"],
  ["MaxSessionDuration", "tostring(var.max_session_duration)"],
  ["PermissionsBoundaryArn", "var.permissions_boundary_arn"],
];

export const STACKSET_VAR = {
  organizationalUnitIds: "organizational_unit_ids",
  stackSetName: "stack_set_name",
  callAs: "call_as",
} as const;

/** CloudFormation's CallAs: the management account itself, or a delegated administrator of StackSets. */
const CALL_AS = /^(SELF|DELEGATED_ADMIN)$/;

export function buildStackSet(p: Profile): StackSetModel {
  return {
    profile: p,
    account: buildModule(p),
    variables: [
      variable(
        STACKSET_VAR.organizationalUnitIds,
        "list(string)",
        "OUs (or the root, r-...) whose accounts get the policy; accounts that join them later get it too.",
        undefined,
        { check: nonEmptyList(STACKSET_VAR.organizationalUnitIds), message: "List at least one OU id." },
        {
          check: allMatch(STACKSET_VAR.organizationalUnitIds, LIMITS.organizationalUnit),
          message: `An OU is ${LIMITS.organizationalUnitText}.`,
        },
      ),
      roleNamesVariable("Names of the IAM roles, present in every target account, to attach the policies to."),
      policyNameVariable("Name of the IAM managed policy in each account (parts after the first get -2, -3, ...).", defaultPolicyName(p)),
      // The platform's role in every account, as the account module's create_role.
      ...roleVariables(p),
      variable(STACKSET_VAR.stackSetName, "string", "Name of the StackSet.", `scoped-ssm-${p.name}`, {
        check: matches(STACKSET_VAR.stackSetName, STACK_SET_NAME),
        message: "A StackSet name starts with a letter and has up to 128 letters, digits and hyphens.",
      }),
      variable(
        STACKSET_VAR.callAs,
        "string",
        "SELF when Terraform runs in the organization's management account; DELEGATED_ADMIN when it runs in an account registered as a delegated administrator for StackSets.",
        "SELF",
        { check: matches(STACKSET_VAR.callAs, CALL_AS), message: "call_as is SELF or DELEGATED_ADMIN." },
      ),
    ],
    outputs: [
      { name: "stack_set_id", description: "Id of the StackSet.", value: attr("aws_cloudformation_stack_set.this", "id") },
      { name: "stack_set_arn", description: "ARN of the StackSet.", value: attr("aws_cloudformation_stack_set.this", "arn") },
      {
        name: "template_body",
        description: "The CloudFormation template each account's stack is created from.",
        value: attr("aws_cloudformation_stack_set.this", "template_body"),
      },
    ],
  };
}
