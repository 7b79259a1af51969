import { LIMITS } from "../profile/limits";
import { GENERATE_COMMAND } from "./generated";
import type { Profile } from "../profile/schema";
import { type List, type Str, first, join, listVar, lit, partition, strVar } from "./expr";
import { type Statement, policyStatements, sessionDocuments } from "./policy";
import { type PolicyDocument, type StatementFilter, WITH_RESOURCES, envFor, evalDocument } from "./policy-document";
import { LONGEST_PARTITION, splitStatements } from "./policy-size";
import { partitionOfRegion } from "./partitions";
import { type RoleModel, buildRole, roleVariables } from "./role";
import { type Rule, all, allLengthAtMost, allMatch, jsonLengthAtMost, nonEmptyList } from "./checks";
import { type ModuleOutput, attr, ifCreated, sortedEach, tuple } from "./outputs";
import { optInTagVariables, policyNameVariable, roleNamesVariable, tagsVariable, variable } from "./variable-rules";
import { type ModuleVariable, VAR } from "./variables";

export type { ModuleOutput } from "./outputs";
export type { ModuleVariable } from "./variables";

/**
 * Checks a plan must pass (Terraform preconditions on each policy): the model says what is checked
 * and what the failure says; the renderers write the expressions.
 */
export interface PolicyChecks {
  /** Each policy's JSON, as Terraform encodes it, has at most this many characters (each part's sizeCheck). */
  maxChars: number;
  /** When the profile scopes regions: the partitions they belong to, one of which the plan's must be. */
  partition?: { partitions: string[]; message: Str };
}

/** One managed policy of the module, at fixed addresses. */
export interface PolicyPart {
  /** aws_iam_policy.<resourceName> and aws_iam_role_policy_attachment.<resourceName>. */
  resourceName: string;
  /** aws_iam_role_policy_attachment.<roleAttachmentName>: the part on the created platform role. */
  roleAttachmentName: string;
  /** local.<statementsLocal> holds the statements; local.<policyLocal> the document. */
  statementsLocal: string;
  policyLocal: string;
  name: Str;
  statements: Statement[];
  /** Which of the statements the document keeps (local.<policyLocal>). */
  keep: StatementFilter;
  /** The precondition on the part's size: local.<policyLocal> fits in a managed policy. */
  sizeCheck: Rule;
}

/**
 * The whole module as data: its inputs, the policy, the opt-in tag resources and its outputs.
 * Renderers (handlebars, CDKTF) translate this; tests evaluate it.
 */
export interface ModuleModel {
  profile: Profile;
  variables: ModuleVariable[];
  policy: {
    name: Str;
    description: string;
    /** Every statement, in order: the concatenation of `parts`. */
    statements: Statement[];
    /** One managed policy per part; the first is aws_iam_policy.this, part n (n >= 2) aws_iam_policy.part_n. */
    parts: PolicyPart[];
    /**
     * Each part's policy at the module's defaults, in the longest partition (evaluated once, here):
     * what generate reports and the module's own tests expect.
     */
    atDefaults: PolicyDocument[];
    checks: PolicyChecks;
  };
  /** One attachment per role name. */
  attachments: { forEach: List };
  /** The platform's role, created when create_role is true. */
  role: RoleModel;
  /** One aws_ec2_tag per opted-in instance: key = tag key, value = the first accepted value. */
  optInTags: { forEach: List; key: Str; value: Str };
  outputs: ModuleOutput[];
}

export const defaultPolicyName = (p: Profile) => `scoped-ssm-${p.name}`;

function documentsVariable(name: string, what: string, documents: string[]): ModuleVariable {
  return variable(
    name,
    "list(string)",
    `${what} documents the principal may use (names; AWS-owned or in the principal's account).`,
    documents,
    { check: nonEmptyList(name), message: `List at least one document.` },
    { check: allMatch(name, LIMITS.documentName), message: `A document name is ${LIMITS.documentNameText}.` },
  );
}

export function moduleVariables(p: Profile): ModuleVariable[] {
  const vars: ModuleVariable[] = [
    policyNameVariable("Name of the IAM managed policy.", defaultPolicyName(p)),
    roleNamesVariable("Names of the IAM roles to attach the policy to."),
    variable(VAR.optInInstanceIds, "list(string)", "IDs of EC2 instances to opt in by tagging them with the opt-in tag.", [], {
      check: allMatch(VAR.optInInstanceIds, LIMITS.instanceId),
      message: `An instance id is ${LIMITS.instanceIdText}.`,
    }),
    tagsVariable("Tags for the IAM policy."),
    ...optInTagVariables(
      p,
      `Accepted values of the opt-in tag, compared ${p.tag.match === "exact" ? "case-sensitively" : "ignoring case"}; the first is the value written on opted-in instances.`,
      {
        check: all(nonEmptyList(VAR.tagValues), allLengthAtMost(VAR.tagValues, LIMITS.tagValueMax)),
        message: `List at least one tag value, each of at most ${LIMITS.tagValueMax} characters.`,
      },
    ),
  ];
  vars.push(...roleVariables(p));
  if (p.runCommand !== false) vars.push(documentsVariable(VAR.runCommandDocuments, "Run Command", p.runCommand.documents));
  if (p.sessions !== false) vars.push(documentsVariable(VAR.sessionDocuments, "Session Manager", sessionDocuments(p)));
  return vars;
}

export function moduleOutputs(resourceNames: string[]): ModuleOutput[] {
  const policies = resourceNames.map((r) => `aws_iam_policy.${r}`);
  // An attribute of the first policy (`<name>`), and of every policy in order (`<name>s`).
  const firstAndEvery = (name: string, a: string, first: string, every: string): ModuleOutput[] => [
    { name, description: first, value: attr(policies[0], a) },
    { name: `${name}s`, description: every, value: tuple(policies.map((x) => attr(x, a))) },
  ];
  return [
    ...firstAndEvery(
      "policy_arn",
      "arn",
      "ARN of the (first) IAM policy.",
      "ARNs of every IAM policy of the module (one unless the profile needs more than one policy's size).",
    ),
    ...firstAndEvery(
      "policy_json",
      "policy",
      "The (first) policy document (JSON).",
      "Every policy document of the module (JSON), in order.",
    ),
    { name: "policy_name", description: "Name of the (first) IAM policy.", value: attr(policies[0], "name") },
    {
      name: "role_arn",
      description: "ARN of the platform's role, when create_role is true (else null).",
      value: ifCreated("aws_iam_role.platform", "arn"),
    },
    {
      name: "tagged_instance_ids",
      description: "IDs of the instances this module tagged.",
      value: sortedEach("aws_ec2_tag.opt_in", "resource_id"),
    },
  ];
}

function checksOf(p: Profile): PolicyChecks {
  const checks: PolicyChecks = { maxChars: LIMITS.managedPolicyChars };
  const regions = p.scope.regions;
  if (regions) {
    const partitions = [...new Set(regions.map(partitionOfRegion))].sort();
    checks.partition = {
      partitions,
      message: join`Profile "${lit(p.name)}" scopes its ARNs to regions ${lit(regions.join(", "))} (partition ${lit(partitions.join(", "))}), but this plan runs in partition ${partition}, where they match nothing: plan in the partition of those regions, or scope the profile to regions of ${partition}.`,
    };
  }
  return checks;
}

const SIZE_MESSAGE = `The IAM policy would exceed ${LIMITS.managedPolicyChars} characters, the most a managed policy holds: approve fewer documents or tag values, or set them in the profile and run \`${GENERATE_COMMAND}\`, which splits the policy when it must.`;

function policyPart(statements: Statement[], i: number): PolicyPart {
  const n = i + 1;
  const policyLocal = i === 0 ? "policy" : `policy_${n}`;
  return {
    resourceName: i === 0 ? "this" : `part_${n}`,
    roleAttachmentName: i === 0 ? "platform" : `platform_part_${n}`,
    statementsLocal: i === 0 ? "policy_statements" : `policy_${n}_statements`,
    policyLocal,
    name: i === 0 ? strVar(VAR.policyName) : join`${strVar(VAR.policyName)}-${lit(String(n))}`,
    statements,
    keep: WITH_RESOURCES,
    sizeCheck: { check: jsonLengthAtMost(policyLocal, LIMITS.managedPolicyChars), message: SIZE_MESSAGE },
  };
}

export function buildModule(p: Profile): ModuleModel {
  const variables = moduleVariables(p);
  const env = envFor({ variables }, LONGEST_PARTITION);
  const parts = splitStatements(policyStatements(p), env).map(policyPart);
  return {
    profile: p,
    variables,
    policy: {
      name: strVar(VAR.policyName),
      description: p.description ?? `scoped-ssm ${p.name}: SSM access to nodes tagged with the opt-in tag`,
      statements: parts.flatMap((x) => x.statements),
      parts,
      atDefaults: parts.map((x) => evalDocument(x.statements, env, x.keep)),
      checks: checksOf(p),
    },
    attachments: { forEach: listVar(VAR.roleNames) },
    role: buildRole(p),
    optInTags: { forEach: listVar(VAR.optInInstanceIds), key: strVar(VAR.tagKey), value: first(listVar(VAR.tagValues)) },
    outputs: moduleOutputs(parts.map((x) => x.resourceName)),
  };
}
