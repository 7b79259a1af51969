import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type List, type Str, first, listVar, strVar } from "./expr";
import { type Statement, policyStatements } from "./policy";
import { VAR } from "./variables";

/**
 * The whole module as data: its inputs, the policy, the opt-in tag resources and its outputs.
 * Renderers (handlebars, CDKTF) translate this; tests evaluate it.
 */
export interface ModuleVariable {
  name: string;
  type: "string" | "list(string)" | "map(string)";
  description: string;
  default?: string | string[] | Record<string, string>;
  /** Terraform-side checks that mirror the profile validation, as HCL conditions. */
  validations: { condition: string; message: string }[];
}

export interface ModuleOutput {
  name: string;
  description: string;
  /** HCL expression; resource addresses are fixed by the module layout (policy "this", tags "opt_in"). */
  value: string;
}

export interface ModuleModel {
  profile: Profile;
  variables: ModuleVariable[];
  policy: { name: Str; description: string; statements: Statement[] };
  /** One attachment per role name. */
  attachments: { forEach: List };
  /** One aws_ec2_tag per opted-in instance: key = tag key, value = the first accepted value. */
  optInTags: { forEach: List; key: Str; value: Str };
  outputs: ModuleOutput[];
}

export const defaultPolicyName = (p: Profile) => `scoped-ssm-${p.name}`;

const allMatch = (v: string, re: RegExp) => `alltrue([for x in var.${v} : can(regex(${JSON.stringify(re.source)}, x))])`;

function documentsVariable(name: string, what: string, documents: string[]): ModuleVariable {
  return {
    name,
    type: "list(string)",
    description: `${what} documents the principal may use (names; AWS-owned or in the principal's account).`,
    default: documents,
    validations: [
      { condition: `length(var.${name}) > 0`, message: `List at least one document.` },
      { condition: allMatch(name, LIMITS.documentName), message: `A document name is ${LIMITS.documentNameText}.` },
    ],
  };
}

export function moduleVariables(p: Profile): ModuleVariable[] {
  const vars: ModuleVariable[] = [
    {
      name: VAR.policyName,
      type: "string",
      description: "Name of the IAM managed policy.",
      default: defaultPolicyName(p),
      validations: [
        {
          condition: `can(regex(${JSON.stringify(LIMITS.policyName.source)}, var.${VAR.policyName}))`,
          message: `A policy name is ${LIMITS.policyNameText}.`,
        },
      ],
    },
    {
      name: VAR.roleNames,
      type: "list(string)",
      description: "Names of the IAM roles to attach the policy to.",
      default: [],
      validations: [{ condition: allMatch(VAR.roleNames, LIMITS.roleName), message: `A role name is ${LIMITS.roleNameText}.` }],
    },
    {
      name: VAR.optInInstanceIds,
      type: "list(string)",
      description: "IDs of EC2 instances to opt in by tagging them with the opt-in tag.",
      default: [],
      validations: [
        {
          condition: allMatch(VAR.optInInstanceIds, LIMITS.instanceId),
          message: `An instance id is ${LIMITS.instanceIdText}.`,
        },
      ],
    },
    { name: VAR.tags, type: "map(string)", description: "Tags for the IAM policy.", default: {}, validations: [] },
    {
      name: VAR.tagKey,
      type: "string",
      description: "Key of the opt-in tag.",
      default: p.tag.key,
      validations: [
        {
          condition: `length(var.${VAR.tagKey}) >= 1 && length(var.${VAR.tagKey}) <= ${LIMITS.tagKeyMax} && !startswith(lower(var.${VAR.tagKey}), "aws:")`,
          message: `A tag key has 1-${LIMITS.tagKeyMax} characters and does not start with aws:.`,
        },
      ],
    },
    {
      name: VAR.tagValues,
      type: "list(string)",
      description: `Accepted values of the opt-in tag, compared ${p.tag.match === "exact" ? "case-sensitively" : "ignoring case"}; the first is the value written on opted-in instances.`,
      default: p.tag.values,
      validations: [
        {
          condition: `length(var.${VAR.tagValues}) > 0 && alltrue([for v in var.${VAR.tagValues} : length(v) <= ${LIMITS.tagValueMax}])`,
          message: `List at least one tag value, each of at most ${LIMITS.tagValueMax} characters.`,
        },
      ],
    },
  ];
  if (p.runCommand !== false) vars.push(documentsVariable(VAR.runCommandDocuments, "Run Command", p.runCommand.documents));
  if (p.sessions !== false) vars.push(documentsVariable(VAR.sessionDocuments, "Session Manager", p.sessions.documents));
  return vars;
}

export const MODULE_OUTPUTS: ModuleOutput[] = [
  { name: "policy_arn", description: "ARN of the IAM policy.", value: "aws_iam_policy.this.arn" },
  { name: "policy_json", description: "The policy document (JSON).", value: "aws_iam_policy.this.policy" },
  { name: "policy_name", description: "Name of the IAM policy.", value: "aws_iam_policy.this.name" },
  {
    name: "tagged_instance_ids",
    description: "IDs of the instances this module tagged.",
    value: "sort([for t in aws_ec2_tag.opt_in : t.resource_id])",
  },
];

export function buildModule(p: Profile): ModuleModel {
  return {
    profile: p,
    variables: moduleVariables(p),
    policy: {
      name: strVar(VAR.policyName),
      description: p.description ?? `scoped-ssm ${p.name}: SSM access to nodes tagged with the opt-in tag`,
      statements: policyStatements(p),
    },
    attachments: { forEach: listVar(VAR.roleNames) },
    optInTags: { forEach: listVar(VAR.optInInstanceIds), key: strVar(VAR.tagKey), value: first(listVar(VAR.tagValues)) },
    outputs: MODULE_OUTPUTS,
  };
}
