import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type List, type Optional, type Str, listVar, lit, listOf, noneIfEmpty, strVar } from "./expr";
import type { FactId } from "./facts";
import type { Condition } from "./policy";
import { type Rule, all, allMatch, emptyOr, lengthBetween, matches, nonEmptyList, nonEmptyString, numberBetween } from "./checks";
import { variable } from "./variable-rules";
import type { ModuleVariable } from "./variables";

/**
 * The platform's own role, optional (create_role): trusted only by the platform's principals and
 * only with the external id the platform was given, with the module's policies attached.
 */
export const ROLE_VAR = {
  createRole: "create_role",
  roleName: "role_name",
  trustedPrincipalArns: "trusted_principal_arns",
  externalId: "external_id",
  maxSessionDuration: "max_session_duration",
  permissionsBoundaryArn: "permissions_boundary_arn",
} as const;

export interface TrustStatement {
  sid: string;
  /** Trust policies here only allow: who may assume the role is said by Principal and Condition. */
  effect: "Allow";
  principals: List;
  actions: string[];
  conditions: Condition[];
  why: string;
  facts: FactId[];
}

export interface RoleModel {
  name: Str;
  description: string;
  trust: TrustStatement[];
  /** The managed policy set as the role's permissions boundary: none when the input is empty. */
  permissionsBoundary: Optional;
  /** Preconditions of the role: they hold only when it is created. */
  checks: Rule[];
}

export function roleVariables(p: Profile): ModuleVariable[] {
  return [
    variable(
      ROLE_VAR.createRole,
      "bool",
      "Create the platform's IAM role (trusted by trusted_principal_arns with external_id) and attach the policies to it.",
      false,
    ),
    variable(ROLE_VAR.roleName, "string", "Name of the role created when create_role is true.", `scoped-ssm-${p.name}-platform`, {
      check: matches(ROLE_VAR.roleName, LIMITS.roleName),
      message: `A role name is ${LIMITS.roleNameText}.`,
    }),
    variable(
      ROLE_VAR.trustedPrincipalArns,
      "list(string)",
      "The platform's principals (account root or role ARNs) that may assume the role.",
      [],
      {
        check: allMatch(ROLE_VAR.trustedPrincipalArns, LIMITS.trustedPrincipal),
        message: `A trusted principal is ${LIMITS.trustedPrincipalText}.`,
      },
    ),
    variable(
      ROLE_VAR.externalId,
      "string",
      "The external id the platform gave you: the role may be assumed only with it. Required when create_role is true.",
      "",
      {
        // Terraform's RE2 caps repetition counts at 1000: the length is checked apart.
        check: emptyOr(
          ROLE_VAR.externalId,
          all(
            lengthBetween(ROLE_VAR.externalId, LIMITS.externalIdMin, LIMITS.externalIdMax),
            matches(ROLE_VAR.externalId, LIMITS.externalId),
          ),
        ),
        message: `An external id is ${LIMITS.externalIdText}.`,
      },
    ),
    variable(ROLE_VAR.maxSessionDuration, "number", "Maximum session duration of the role, in seconds (3600 to 43200).", 3600, {
      check: numberBetween(ROLE_VAR.maxSessionDuration, 3600, 43200),
      message: "A maximum session duration is 3600 to 43200 seconds.",
    }),
    variable(
      ROLE_VAR.permissionsBoundaryArn,
      "string",
      "ARN of a managed policy to set as the role's permissions boundary; empty for none.",
      "",
      {
        check: emptyOr(ROLE_VAR.permissionsBoundaryArn, matches(ROLE_VAR.permissionsBoundaryArn, LIMITS.managedPolicyArn)),
        message: `A permissions boundary is ${LIMITS.managedPolicyArnText}.`,
      },
    ),
  ];
}

export function buildRole(p: Profile): RoleModel {
  return {
    name: strVar(ROLE_VAR.roleName),
    description: `scoped-ssm ${p.name}: the platform's role, with tag-scoped SSM access`,
    trust: [
      {
        sid: "TrustedPrincipalsWithExternalId",
        effect: "Allow",
        principals: listVar(ROLE_VAR.trustedPrincipalArns),
        actions: ["sts:AssumeRole"],
        conditions: [{ test: "StringEquals", variable: lit("sts:ExternalId"), values: listOf(strVar(ROLE_VAR.externalId)) }],
        why: "Only the platform's principals, and only with the external id it was given (the confused-deputy guard).",
        facts: ["external-id-for-third-parties"],
      },
    ],
    permissionsBoundary: noneIfEmpty(strVar(ROLE_VAR.permissionsBoundaryArn)),
    checks: [
      {
        check: nonEmptyString(ROLE_VAR.externalId),
        message:
          "create_role = true needs external_id: without it any principal of the trusted accounts' customers could make the platform act on this account (the confused deputy).",
      },
      {
        check: nonEmptyList(ROLE_VAR.trustedPrincipalArns),
        message: "create_role = true needs trusted_principal_arns: the platform's principals that may assume the role.",
      },
    ],
  };
}
