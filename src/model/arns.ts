import { AWS_RESERVED_DOCUMENT_PREFIXES } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type List, type Pred, type Str, account, concatLists, item, join, lit, listOf, mapList, partition, testPred } from "./expr";

/**
 * ARN patterns. The partition is always data.aws_partition, never a literal, so that GovCloud and
 * China match. Regions and accounts are `*` unless the profile scopes them. No policy variable ever
 * stands before an ARN's fifth colon: IAM resolves variables only in the resource part.
 */
interface Scope {
  regions: string[];
  accounts: string[];
}

export const scopeOf = (p: Profile): Scope => ({
  regions: p.scope.regions ?? ["*"],
  accounts: p.scope.accounts ?? ["*"],
});

function forEachScope(scope: Scope, build: (region: string, account: string) => Str): List {
  return listOf(...scope.regions.flatMap((r) => scope.accounts.map((a) => build(r, a))));
}

/** EC2 instances and (optionally) hybrid nodes: the targets the tag condition guards. */
export function nodeArns(p: Profile): List {
  const scope = scopeOf(p);
  const lists: List[] = [];
  if (p.ec2Instances) lists.push(forEachScope(scope, (r, a) => join`arn:${partition}:ec2:${lit(r)}:${lit(a)}:instance/*`));
  if (p.hybridNodes) lists.push(forEachScope(scope, (r, a) => join`arn:${partition}:ssm:${lit(r)}:${lit(a)}:managed-instance/*`));
  return concatLists(lists);
}

/** Document names with a reserved prefix (aws, amazon, amzn) are AWS-owned; the rest are a customer's. */
export const AWS_OWNED: Pred = { kind: "startsWithAny", prefixes: AWS_RESERVED_DOCUMENT_PREFIXES, negate: false };
export const CUSTOMER_OWNED: Pred = { ...AWS_OWNED, negate: true };

export const isAwsOwnedDocument = (name: string): boolean => testPred(AWS_OWNED, name);

/**
 * ARNs of the AWS-owned documents among `names`: their account field is empty. One ARN per
 * document and scoped region, whatever the scoped accounts.
 */
export function awsDocumentArns(p: Profile, names: List): List {
  return concatLists(scopeOf(p).regions.map((r) => mapList(names, join`arn:${partition}:ssm:${lit(r)}::document/${item}`, AWS_OWNED)));
}

/**
 * ARNs of a customer's own documents among `names`, in the account the module is applied in (the
 * account of the principals it is attached to): written by the renderer from the caller identity
 * (Terraform, CDKTF) or ${AWS::AccountId} (CloudFormation), since a policy variable may not stand in
 * an ARN's account field. A same-named document shared from another account does not match.
 */
export function ownDocumentArns(p: Profile, names: List): List {
  return concatLists(
    scopeOf(p).regions.map((r) => mapList(names, join`arn:${partition}:ssm:${lit(r)}:${account}:document/${item}`, CUSTOMER_OWNED)),
  );
}

/** Session Manager sessions. */
export function sessionArns(p: Profile): List {
  return forEachScope(scopeOf(p), (r, a) => join`arn:${partition}:ssm:${lit(r)}:${lit(a)}:session/*`);
}

/** Sessions this principal started, as AWS's quickstart writes them: `<aws:userid>-<suffix>` (fact open-data-channel-resource). */
export function ownSessionArns(p: Profile): List {
  return forEachScope(scopeOf(p), (r, a) => join`arn:${partition}:ssm:${lit(r)}:${lit(a)}:session/${lit("${aws:userid}")}-*`);
}

/** The resource types the opt-in tag's Deny names (Service Authorization Reference names: service:type). */
export type TagTargetType = "ec2:instance" | "ssm:instance" | "ssm:managed-instance" | "autoscaling:autoScalingGroup";

/** Each type's ARNs in any region and account: the Deny holds wherever the key is put. */
const TAG_TARGET_ARN: Record<TagTargetType, Str> = {
  "ec2:instance": join`arn:${partition}:ec2:*:*:instance/*`,
  // SSM's instance type is the EC2 instance's ARN.
  "ssm:instance": join`arn:${partition}:ec2:*:*:instance/*`,
  "ssm:managed-instance": join`arn:${partition}:ssm:*:*:managed-instance/*`,
  "autoscaling:autoScalingGroup": join`arn:${partition}:autoscaling:*:*:autoScalingGroup:*`,
};

export const tagTargetArn = (type: TagTargetType): Str => TAG_TARGET_ARN[type];

/** The ARNs of these resource types, each once. */
export function tagTargetArns(types: readonly TagTargetType[]): List {
  const seen = new Map<string, Str>();
  for (const t of types) seen.set(JSON.stringify(TAG_TARGET_ARN[t]), TAG_TARGET_ARN[t]);
  return listOf(...seen.values());
}
