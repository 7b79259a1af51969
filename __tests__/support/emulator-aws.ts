/**
 * The AWS API of the run's emulator, for the apply suites: what a test sets up before an apply
 * (an organization with OUs and member accounts, instances, roles) and what it reads back after
 * (policies, roles, attachments, tags, organization policies, stack sets), through the AWS SDK.
 */
import {
  CloudFormationClient,
  DeleteStackInstancesCommand,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  ListStackSetsCommand,
} from "@aws-sdk/client-cloudformation";
import { CreateTagsCommand, DescribeImagesCommand, DescribeTagsCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import {
  CreateRoleCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand as ListOrgPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { emulatorEnv } from "../../dev/emulator";

export interface Aws {
  iam: IAMClient;
  ec2: EC2Client;
  org: OrganizationsClient;
  cfn: CloudFormationClient;
  sts: STSClient;
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const clientConfig = (endpoint: string, credentials?: Credentials) => {
  const env = emulatorEnv(endpoint);
  return {
    endpoint,
    region: env.AWS_REGION!,
    credentials: credentials ?? { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  };
};

// The SDK's notice that its 2027 releases need Node 22 says nothing about these tests: keep the output clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export function awsClients(endpoint: string, credentials?: Credentials): Aws {
  const c = clientConfig(endpoint, credentials);
  return {
    iam: new IAMClient(c),
    ec2: new EC2Client(c),
    org: new OrganizationsClient(c),
    cfn: new CloudFormationClient(c),
    sts: new STSClient(c),
  };
}

/** The same API as seen from another account of the emulator's organization (an assumed role there). */
export async function inAccount(endpoint: string, aws: Aws, account: string): Promise<Aws> {
  const { Credentials: c } = await aws.sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: "scoped-ssm-test" }),
  );
  return awsClients(endpoint, { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
}

export const callerAccount = async (aws: Aws) => (await aws.sts.send(new GetCallerIdentityCommand({}))).Account!;

const ignoring = async <T>(p: Promise<T>, ...names: string[]): Promise<T | undefined> =>
  p.catch((e) => {
    if (names.includes(e?.name)) return undefined;
    throw e;
  });

export interface Organization {
  rootId: string;
  /** OU name → id. */
  ous: Record<string, string>;
  /** OU name → the member account created in it. */
  accounts: Record<string, string>;
}

/**
 * An organization (created unless the emulator has one), policy types enabled on its root as a
 * real organization needs them, and one OU with one member account per name.
 */
export async function prepareOrganization(aws: Aws, ouNames: string[]): Promise<Organization> {
  await ignoring(aws.org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })), "AlreadyInOrganizationException");
  await aws.org.send(new DescribeOrganizationCommand({}));
  const rootId = (await aws.org.send(new ListRootsCommand({}))).Roots![0].Id!;
  for (const type of ["SERVICE_CONTROL_POLICY", "TAG_POLICY"] as const)
    await ignoring(aws.org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type })), "PolicyTypeAlreadyEnabledException");
  const ous: Record<string, string> = {};
  const accounts: Record<string, string> = {};
  for (const name of ouNames) {
    ous[name] = (await aws.org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }))).OrganizationalUnit!.Id!;
    const created = await aws.org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const status = await aws.org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }));
    accounts[name] = status.CreateAccountStatus!.AccountId!;
    await aws.org.send(new MoveAccountCommand({ AccountId: accounts[name], SourceParentId: rootId, DestinationParentId: ous[name] }));
  }
  return { rootId, ous, accounts };
}

/** Launches n instances (of the first image the emulator offers); returns their ids. */
export async function launchInstances(aws: Aws, n: number): Promise<string[]> {
  const image = (await aws.ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
  const r = await aws.ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: n, MaxCount: n, InstanceType: "t3.micro" }));
  const ids = r.Instances!.map((i) => i.InstanceId!);
  // A tag of someone else's: applying and destroying the module must leave it alone.
  await aws.ec2.send(new CreateTagsCommand({ Resources: ids, Tags: [{ Key: "Owner", Value: "forensics" }] }));
  return ids;
}

/** Roles that exist before the apply (the platform's own, to which the modules attach policies). */
export async function createRoles(aws: Aws, names: string[]): Promise<void> {
  const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
  for (const RoleName of names) await aws.iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
}

/** IAM returns policy documents URL-encoded. */
const decode = (doc: string) => JSON.parse(decodeURIComponent(doc));

/**
 * Customer managed policies whose names `ours` accepts: name → ARN and default version's document.
 * The apply suites share one emulator account and run at once: reading another suite's policy
 * could meet it between its listing and its deletion.
 */
export async function customerPolicies(aws: Aws, ours: (name: string) => boolean): Promise<Map<string, { arn: string; document: any }>> {
  const out = new Map<string, { arn: string; document: any }>();
  let Marker: string | undefined;
  do {
    const page = await aws.iam.send(new ListPoliciesCommand({ Scope: "Local", Marker }));
    for (const p of (page.Policies ?? []).filter((p) => ours(p.PolicyName!))) {
      const v = await aws.iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: p.DefaultVersionId! }));
      out.set(p.PolicyName!, { arn: p.Arn!, document: decode(v.PolicyVersion!.Document!) });
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return out;
}

export async function roleNames(aws: Aws): Promise<string[]> {
  return ((await aws.iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? []).map((r) => r.RoleName!);
}

export async function roleTrust(aws: Aws, name: string): Promise<any> {
  return decode((await aws.iam.send(new GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument!);
}

export async function attachedPolicyArns(aws: Aws, role: string): Promise<string[]> {
  const r = await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
  return (r.AttachedPolicies ?? []).map((p) => p.PolicyArn!).sort();
}

/** Instance id → its tags. */
export async function instanceTags(aws: Aws, ids: string[]): Promise<Record<string, Record<string, string>>> {
  const r = await aws.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: ids }], MaxResults: 1000 }));
  const out: Record<string, Record<string, string>> = Object.fromEntries(ids.map((id) => [id, {}]));
  for (const t of r.Tags ?? []) out[t.ResourceId!][t.Key!] = t.Value!;
  return out;
}

export interface OrgPolicy {
  id: string;
  name: string;
  content: any;
  targets: string[];
}

/** The organization's policies of one type (AWS-managed ones left out), with their targets. */
export async function organizationPolicies(aws: Aws, type: "SERVICE_CONTROL_POLICY" | "TAG_POLICY"): Promise<OrgPolicy[]> {
  const list = (await aws.org.send(new ListOrgPoliciesCommand({ Filter: type }))).Policies ?? [];
  const out: OrgPolicy[] = [];
  for (const p of list.filter((x) => !x.AwsManaged)) {
    const d = await aws.org.send(new DescribePolicyCommand({ PolicyId: p.Id! }));
    const t = await aws.org.send(new ListTargetsForPolicyCommand({ PolicyId: p.Id! }));
    out.push({
      id: p.Id!,
      name: p.Name!,
      content: JSON.parse(d.Policy!.Content!),
      targets: (t.Targets ?? []).map((x) => x.TargetId!).sort(),
    });
  }
  return out;
}

export interface StackSet {
  name: string;
  status: string;
  template: string;
  callAs?: string;
  parameters: Record<string, string>;
  instances: { account: string; region: string; ou?: string; status: string }[];
}

/** Stack sets that are not deleted, with their instances. */
export async function stackSets(aws: Aws): Promise<StackSet[]> {
  const summaries = (await aws.cfn.send(new ListStackSetsCommand({ Status: "ACTIVE" }))).Summaries ?? [];
  const out: StackSet[] = [];
  // moto lists deleted stack sets whatever the filter says, and then cannot describe them.
  for (const s of summaries.filter((x) => x.Status !== "DELETED")) {
    const d = (await ignoring(aws.cfn.send(new DescribeStackSetCommand({ StackSetName: s.StackSetName! })), "StackSetNotFoundException"))
      ?.StackSet;
    if (!d) continue;
    const instances = (await aws.cfn.send(new ListStackInstancesCommand({ StackSetName: s.StackSetName! }))).Summaries ?? [];
    out.push({
      name: d.StackSetName!,
      status: d.Status!,
      template: d.TemplateBody!,
      parameters: Object.fromEntries((d.Parameters ?? []).map((p) => [p.ParameterKey!, p.ParameterValue!])),
      instances: instances.map((i) => ({
        account: i.Account!,
        region: i.Region!,
        ...(i.OrganizationalUnitId ? { ou: i.OrganizationalUnitId } : {}),
        status: i.Status!,
      })),
    });
  }
  return out;
}

/**
 * moto 5.2 gap: DeleteStackInstances ignores DeploymentTargets, so the OU instances that Terraform
 * deletes stay, and DeleteStackSet then fails (StackSetNotEmptyException). Before a destroy the
 * tests delete them by account, as AWS does for an OU target.
 */
export async function deleteStackInstancesByAccount(aws: Aws, sets: StackSet[]): Promise<void> {
  for (const s of sets)
    for (const i of s.instances)
      await aws.cfn.send(
        new DeleteStackInstancesCommand({ StackSetName: s.name, Accounts: [i.account], Regions: [i.region], RetainStacks: false }),
      );
}
