import { type Env, evalList, evalStr } from "../model/expr";
import { envFor, evalDocument } from "../model/policy-document";
import { ROLE_VAR } from "../model/role";
import type { StackSetModel } from "../model/stackset";
import { profileNotice } from "../model/generated";

/**
 * The CloudFormation renderer: the account module's policies as AWS::IAM::ManagedPolicy resources.
 * The model is evaluated at the module's defaults with a placeholder partition and account; every
 * string that holds them becomes an Fn::Sub with ${AWS::Partition} and ${AWS::AccountId}, where any other "${" (policy variables such as
 * ${aws:userid}) is written "${!" so that CloudFormation leaves it for IAM.
 */
const PARTITION = "\u0000partition\u0000";
const ACCOUNT = "\u0000account\u0000";
/** Marks a module variable's value that the template reads from a parameter ({ Ref }). */
const REF = "\u0000ref:";

type CfnValue = string | number | { "Fn::Sub": string } | CfnValue[] | { [key: string]: CfnValue };

function withPartition(v: unknown): CfnValue {
  if (typeof v === "string")
    return v.includes(PARTITION) || v.includes(ACCOUNT)
      ? { "Fn::Sub": v.split("${").join("${!").split(PARTITION).join("${AWS::Partition}").split(ACCOUNT).join("${AWS::AccountId}") }
      : v;
  if (Array.isArray(v)) return v.map(withPartition);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPartition(x)]));
  return v as CfnValue;
}

/** Logical id of the managed policy that holds part i. */
export const cfnPolicyId = (i: number) => (i === 0 ? "Policy" : `Policy${i + 1}`);

export function renderCloudFormation(model: StackSetModel): string {
  const account = model.account;
  const env = envFor(account, PARTITION, {}, ACCOUNT);
  const resources: Record<string, CfnValue> = {};
  account.policy.parts.forEach((part, i) => {
    resources[cfnPolicyId(i)] = {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        ManagedPolicyName: i === 0 ? { Ref: "PolicyName" } : { "Fn::Sub": `\${PolicyName}-${i + 1}` },
        Description: account.policy.description,
        PolicyDocument: withPartition(evalDocument(part.statements, env)),
        Roles: { "Fn::If": ["HasRoles", { Ref: "RoleNames" }, { Ref: "AWS::NoValue" }] },
      },
    };
  });
  const role = model.account.role;
  // The trust policy from the model, its variables read from the template's parameters.
  const refs: Record<string, string> = { [ROLE_VAR.trustedPrincipalArns]: "TrustedPrincipalArns", [ROLE_VAR.externalId]: "ExternalId" };
  const refEnv: Env = {
    partition: PARTITION,
    vars: Object.fromEntries(
      Object.entries(refs).map(([v, param]) => [v, v === ROLE_VAR.externalId ? `${REF}${param}` : [`${REF}${param}`]]),
    ),
  };
  const toRef = (v: unknown): CfnValue =>
    Array.isArray(v) && v.length === 1 && typeof v[0] === "string" && v[0].startsWith(REF)
      ? { Ref: v[0].slice(REF.length) }
      : typeof v === "string" && v.startsWith(REF)
        ? { Ref: v.slice(REF.length) }
        : Array.isArray(v)
          ? v.map(toRef)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toRef(x)]))
            : (v as CfnValue);
  resources.PlatformRole = {
    Type: "AWS::IAM::Role",
    Condition: "CreateRole",
    Properties: {
      RoleName: { Ref: "RoleName" },
      Description: role.description,
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: role.trust.map((t) => ({
          Sid: t.sid,
          Effect: "Allow",
          Principal: { AWS: toRef(evalList(t.principals, refEnv)) },
          Action: t.actions,
          Condition: Object.fromEntries(
            t.conditions.map((c) => [c.test, { [evalStr(c.variable, refEnv)]: toRef(evalList(c.values, refEnv)) }]),
          ),
        })),
      },
      MaxSessionDuration: { Ref: "MaxSessionDuration" },
      PermissionsBoundary: { "Fn::If": ["HasPermissionsBoundary", { Ref: "PermissionsBoundaryArn" }, { Ref: "AWS::NoValue" }] },
      ManagedPolicyArns: account.policy.parts.map((_, i) => ({ Ref: cfnPolicyId(i) })),
    },
  };
  const template = {
    // The first key: its line carries the generated-file mark (JSON has no comments).
    Description: `${profileNotice(model.profile.name)} Policies of profile ${model.profile.name}.`.slice(0, 1024),
    AWSTemplateFormatVersion: "2010-09-09",
    Parameters: {
      PolicyName: { Type: "String", Description: "Name of the managed policy.", Default: `scoped-ssm-${model.profile.name}` },
      RoleNames: {
        Type: "CommaDelimitedList",
        Description: "Roles of this account to attach the policies to (comma-separated).",
        Default: "",
      },
      CreateRole: { Type: "String", Description: "Create the platform's role.", AllowedValues: ["true", "false"], Default: "false" },
      RoleName: { Type: "String", Description: "Name of the platform's role.", Default: `scoped-ssm-${model.profile.name}-platform` },
      TrustedPrincipalArns: { Type: "CommaDelimitedList", Description: "The platform's principals that may assume the role.", Default: "" },
      ExternalId: { Type: "String", Description: "The external id the platform gave you.", Default: "", NoEcho: true },
      MaxSessionDuration: {
        Type: "Number",
        Description: "Maximum session duration of the role, in seconds.",
        Default: 3600,
        MinValue: 3600,
        MaxValue: 43200,
      },
      PermissionsBoundaryArn: { Type: "String", Description: "Permissions boundary of the role; empty for none.", Default: "" },
    },
    // Rule functions only (template reference, "Rules"): Fn::Join and the like make CloudFormation refuse the template.
    Rules: {
      RoleNeedsExternalIdAndPrincipals: {
        RuleCondition: { "Fn::Equals": [{ Ref: "CreateRole" }, "true"] },
        Assertions: [
          { Assert: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "ExternalId" }, ""] }] }, AssertDescription: "CreateRole needs ExternalId." },
          {
            // Rules allow only rule functions (no Fn::Join): an empty CommaDelimitedList is [""], and
            // no member may be empty.
            Assert: { "Fn::Not": [{ "Fn::Contains": [{ Ref: "TrustedPrincipalArns" }, ""] }] },
            AssertDescription: "CreateRole needs TrustedPrincipalArns, none of them empty.",
          },
        ],
      },
    },
    Conditions: {
      HasRoles: { "Fn::Not": [{ "Fn::Equals": [{ "Fn::Join": ["", { Ref: "RoleNames" }] }, ""] }] },
      CreateRole: { "Fn::Equals": [{ Ref: "CreateRole" }, "true"] },
      HasPermissionsBoundary: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "PermissionsBoundaryArn" }, ""] }] },
    },
    Resources: resources,
    Outputs: {
      ...Object.fromEntries(
        account.policy.parts.map((_, i) => [
          `${cfnPolicyId(i)}Arn`,
          { Description: `ARN of managed policy ${i + 1}.`, Value: { Ref: cfnPolicyId(i) } },
        ]),
      ),
      RoleArn: { Condition: "CreateRole", Description: "ARN of the platform's role.", Value: { "Fn::GetAtt": ["PlatformRole", "Arn"] } },
    },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}
