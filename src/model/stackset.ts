import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type ModuleModel, type ModuleOutput, type ModuleVariable, buildModule, defaultPolicyName } from "./module";
import { ROLE_VAR, roleVariables } from "./role";
import type { Bindings } from "./bind";
import { allMatch, matches, nonEmptyList } from "./checks";
import { attr } from "./outputs";
import { policyNameVariable, roleNamesVariable, variable } from "./variable-rules";

import { VAR } from "./variables";
import { type List, type Str, iamLiteral, item, listVar, mapList, strVar } from "./expr";

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
  /** The StackSet's description. */
  description: string;
  variables: ModuleVariable[];
  outputs: ModuleOutput[];
}

/**
 * A parameter of the StackSet's CloudFormation template: it carries one module variable (named as in
 * the account module) from Terraform to every account's stack. Its type, default and validation are
 * the variable's own (see stackSetParameters); the emitters translate them, the Terraform side
 * (`parameters` of aws_cloudformation_stack_set) and the CloudFormation side (Parameters, Rules).
 */
export interface StackSetParameter {
  /** The template's parameter name. */
  name: string;
  /** The module variable it carries (a variable of both the account and the StackSet module). */
  variable: string;
  /** Kept out of CloudFormation's console and API answers. */
  noEcho?: boolean;
  /**
   * Set when the policy document holds the value as JSON text: the model expression (over module
   * variables) whose JSON the parameter carries, a string's without its quotes, a list's as an array.
   * CloudFormation can neither escape text for JSON nor map a list, and JSON keys take no function:
   * the document is one Fn::Sub string, and Terraform computes these values (see the emitter).
   */
  jsonOf?: Str | List;
  /** What the parameter holds, when it is not simply the variable's value. */
  description?: string;
}

/** The template's parameter for each module variable the StackSet passes on, in the template's order. */
export const STACKSET_PARAMETERS: readonly StackSetParameter[] = [
  { name: "PolicyName", variable: VAR.policyName },
  { name: "RoleNames", variable: VAR.roleNames },
  { name: "CreateRole", variable: ROLE_VAR.createRole },
  { name: "RoleName", variable: ROLE_VAR.roleName },
  { name: "TrustedPrincipalArns", variable: ROLE_VAR.trustedPrincipalArns },
  { name: "ExternalId", variable: ROLE_VAR.externalId, noEcho: true },
  { name: "MaxSessionDuration", variable: ROLE_VAR.maxSessionDuration },
  { name: "PermissionsBoundaryArn", variable: ROLE_VAR.permissionsBoundaryArn },
  {
    name: "TagKey",
    variable: VAR.tagKey,
    jsonOf: strVar(VAR.tagKey),
    description: "Key of the opt-in tag, as JSON text (escaped as inside a JSON string, without the quotes).",
  },
  {
    name: "TagKeyLiteral",
    variable: VAR.tagKey,
    jsonOf: iamLiteral(strVar(VAR.tagKey)),
    description: "Key of the opt-in tag as a literal IAM condition value (every $ written ${$}), as JSON text without the quotes.",
  },
  {
    name: "TagValues",
    variable: VAR.tagValues,
    jsonOf: mapList(listVar(VAR.tagValues), iamLiteral(item)),
    description: "Accepted values of the opt-in tag as literal IAM condition values (every $ written ${$}), as a JSON array.",
  },
];

/** The module variables of the account module that the StackSet module takes too, with their rules. */
const SHARED_WITH_ACCOUNT = [VAR.tagKey, VAR.tagValues] as const;

/** A template parameter with the module variable it carries (type, default, description, rules). */
export interface ResolvedStackSetParameter extends StackSetParameter {
  source: ModuleVariable;
}

/**
 * The template's parameters of a StackSet model, each with its module variable: what a renderer of the
 * StackSet (handlebars, a CDKTF construct) passes, and what the template declares.
 */
export function stackSetParameters(model: Pick<StackSetModel, "variables">): ResolvedStackSetParameter[] {
  return STACKSET_PARAMETERS.map((p) => {
    const source = model.variables.find((v) => v.name === p.variable);
    if (!source) throw new Error(`StackSet parameter ${p.name} carries ${p.variable}, which the StackSet module lacks`);
    return { ...p, source };
  });
}

/**
 * What each module variable of the account model stands for in the template: the parameter that
 * carries it, else its value at the module's default (fixed when the template is generated).
 */
export function templateBindings(model: StackSetModel): Bindings {
  const params = new Map(STACKSET_PARAMETERS.filter((p) => !p.jsonOf).map((p) => [p.variable, p.name]));
  return (name) => {
    const param = params.get(name);
    if (param) return { variable: param };
    // Read through JSON-text parameters: the expression stays over the module variable.
    if (STACKSET_PARAMETERS.some((p) => p.jsonOf && p.variable === name)) return { variable: name };
    const v = model.account.variables.find((x) => x.name === name);
    if (!v || !(typeof v.default === "string" || Array.isArray(v.default)))
      throw new Error(`module variable ${name} has no parameter and no string default in the StackSet template`);
    return { value: v.default };
  };
}

export const STACKSET_VAR = {
  organizationalUnitIds: "organizational_unit_ids",
  stackSetName: "stack_set_name",
  callAs: "call_as",
} as const;

/** CloudFormation's CallAs: the management account itself, or a delegated administrator of StackSets. */
const CALL_AS = /^(SELF|DELEGATED_ADMIN)$/;

export function buildStackSet(p: Profile): StackSetModel {
  const account = buildModule(p);
  return {
    profile: p,
    account,
    description: `scoped-ssm ${p.name}: tag-scoped SSM access policy in every account of the target OUs`,
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
      // The opt-in tag, as the account module takes it.
      ...account.variables.filter((v) => (SHARED_WITH_ACCOUNT as readonly string[]).includes(v.name)),
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
