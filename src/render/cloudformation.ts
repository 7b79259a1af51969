import { envFor, evalDocument } from "../model/policy-document";
import type { StackSetModel } from "../model/stackset";
import { headerText } from "./header";

/**
 * The CloudFormation renderer: the account module's policies as AWS::IAM::ManagedPolicy resources.
 * The model is evaluated at the module's defaults with a placeholder partition; every string that
 * holds it becomes an Fn::Sub with ${AWS::Partition}, where any other "${" (policy variables such as
 * ${aws:userid}) is written "${!" so that CloudFormation leaves it for IAM.
 */
const PARTITION = "\u0000partition\u0000";

type CfnValue = string | { "Fn::Sub": string } | CfnValue[] | { [key: string]: CfnValue };

function withPartition(v: unknown): CfnValue {
  if (typeof v === "string")
    return v.includes(PARTITION) ? { "Fn::Sub": v.split("${").join("${!").split(PARTITION).join("${AWS::Partition}") } : v;
  if (Array.isArray(v)) return v.map(withPartition);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPartition(x)]));
  return v as CfnValue;
}

/** Logical id of the managed policy that holds part i. */
export const cfnPolicyId = (i: number) => (i === 0 ? "Policy" : `Policy${i + 1}`);

export function renderCloudFormation(model: StackSetModel): string {
  const account = model.account;
  const env = envFor(account, PARTITION);
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
  const template = {
    // The first key: its line carries the generated-file mark (JSON has no comments).
    Description: `${headerText(model.profile.name)} Policies of profile ${model.profile.name}.`.slice(0, 1024),
    AWSTemplateFormatVersion: "2010-09-09",
    Parameters: {
      PolicyName: { Type: "String", Description: "Name of the managed policy.", Default: `scoped-ssm-${model.profile.name}` },
      RoleNames: { Type: "CommaDelimitedList", Description: "Roles of this account to attach the policies to (comma-separated).", Default: "" },
    },
    Conditions: { HasRoles: { "Fn::Not": [{ "Fn::Equals": [{ "Fn::Join": ["", { Ref: "RoleNames" }] }, ""] }] } },
    Resources: resources,
    Outputs: Object.fromEntries(
      account.policy.parts.map((_, i) => [`${cfnPolicyId(i)}Arn`, { Description: `ARN of managed policy ${i + 1}.`, Value: { Ref: cfnPolicyId(i) } }]),
    ),
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}
