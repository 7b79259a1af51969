/**
 * The IAM facts the policy model relies on, each with the AWS documentation page that states it.
 * Every statement in policy.ts names the facts it rests on (a test fails when one names none), and
 * docs/IAM-FACTS.md is rendered from this table (`npm run facts`).
 *
 * `simulated` says whether the access reports can show the fact through @cloud-copilot/iam-simulate;
 * where it is false, the fact rests on the documentation alone and the reports mark the rows
 * that depend on it.
 */
export interface Fact {
  claim: string;
  source: { title: string; url: string };
  simulated: boolean;
  /** Sources that disagree with `source` (or with each other): the fact is contested, and the docs say so. */
  contested?: readonly { title: string; url: string; says: string }[];
}

const SAR_SSM = {
  title: "Service Authorization Reference: Actions, resources, and condition keys for AWS Systems Manager",
  url: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html",
};
const IAM_VARIABLES = {
  title: "IAM User Guide: IAM policy elements: Variables and tags",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
};
const GLOBAL_KEYS = {
  title: "IAM User Guide: AWS global condition context keys",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
};

export const FACTS = {
  "send-command-targets-and-document": {
    claim:
      "ssm:SendCommand is authorised against the document and against every target node: the policy must allow both, and the document carries no opt-in tag, so the tag condition belongs to the node statement only.",
    source: SAR_SSM,
    simulated: true,
  },
  "resource-tag-condition-key": {
    claim:
      "ssm:SendCommand and ssm:StartSession support ssm:resourceTag/${TagKey} for instance and managed-instance resources, so a node's tag can scope them.",
    source: SAR_SSM,
    simulated: true,
  },
  "tag-values-case-sensitive": {
    claim:
      "StringEquals compares values case-sensitively (True is not true); StringEqualsIgnoreCase ignores case. StringLike without a wildcard matches as StringEquals, so values are written with StringEquals.",
    source: {
      title: "IAM User Guide: IAM JSON policy elements: Condition operators",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    },
    simulated: true,
  },
  "tag-key-names-case-insensitive": {
    claim:
      "Condition key names, tag-key names in them included, are not case-sensitive: ec2:ResourceTag/OptIn also reads a tag optin. A deny on the opt-in key must therefore compare the keys of aws:TagKeys ignoring case (fact ec2-tag-keys-case-sensitive says why).",
    source: {
      title: "IAM User Guide: AWS global condition context keys (aws:ResourceTag/tag-key)",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    },
    simulated: true,
  },
  "ec2-tag-keys-case-sensitive": {
    claim:
      "EC2 tag keys and values are case-sensitive: an instance may carry both OptIn and optin, as two tags. Since IAM reads either through the same condition key, a Deny that compared keys case-sensitively would let a key in another case opt a node in.",
    source: {
      title: "Amazon EC2 User Guide: Tag your Amazon EC2 resources (tag restrictions)",
      url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html",
    },
    simulated: true,
  },
  "partition-from-data-source": {
    claim:
      "An ARN starts with its partition (aws, aws-cn, aws-us-gov, ...): an ARN written for one partition matches nothing in another, so the module reads it from data.aws_partition.",
    source: {
      title: "IAM User Guide: IAM identifiers (ARNs)",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    },
    simulated: true,
  },
  "regions-belong-to-a-partition": {
    claim:
      "Each region belongs to exactly one partition (us-gov-* to aws-us-gov, cn-* to aws-cn, ...): an ARN naming a region of another partition matches nothing.",
    source: {
      title: "AWS Fault Isolation Boundaries: Partitions",
      url: "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html",
    },
    simulated: false,
  },
  "region-table": {
    claim:
      "Each partition has a fixed list of regions (aws: us-east-1, eu-west-1, ...; aws-us-gov: us-gov-east-1, us-gov-west-1; aws-cn: cn-north-1, cn-northwest-1; ...): an ARN naming a region that does not exist matches nothing. AWS opens regions over time, so the table is a snapshot, and a profile may name a newer one explicitly.",
    source: {
      title: "AWS Regions and Availability Zones: AWS Regions",
      url: "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html",
    },
    simulated: false,
  },
  "aws-owned-document-arn": {
    claim:
      "Document name prefixes aws, amazon, amzn (and AWSEC2, AWSConfigRemediation, AWSSupport, which start with aws) are reserved for AWS-owned documents; AWS's examples write their ARNs with an empty account field: arn:PARTITION:ssm:REGION::document/NAME.",
    source: {
      title:
        "AWS Systems Manager User Guide: Setting up identity based policies examples (Automation): the account ID is not specified in the ARN of AWS-owned public documents",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-identity-based-policies.html",
    },
    simulated: true,
  },
  "no-variable-before-fifth-colon": {
    claim:
      "In the Resource element a policy variable may stand only in the resource part of an ARN, after its fifth colon; not in the partition, service, region or account fields.",
    source: IAM_VARIABLES,
    simulated: false,
  },
  "variables-in-condition-values": {
    claim: "Policy variables such as ${aws:PrincipalAccount} and ${aws:userid} are resolved in condition values of string operators.",
    source: IAM_VARIABLES,
    simulated: true,
  },
  "literal-dollar": {
    claim: "Inside a policy string ${$} stands for a literal $, so a tag value that holds ${...} is not read as a policy variable.",
    source: IAM_VARIABLES,
    simulated: false,
  },
  "account-from-caller-identity": {
    claim:
      "An ARN's account field holds the 12-digit id of the account that owns the resource. A policy variable may not stand there, but the renderer may write the id itself: Terraform and CDKTF read it from data.aws_caller_identity (the account the module is applied in, where its policy and the principals it is attached to live), CloudFormation from the pseudo parameter AWS::AccountId. A same-named document shared from another account then does not match.",
    source: {
      title: "AWS CloudFormation User Guide: Get AWS values using pseudo parameters (AWS::AccountId)",
      url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html",
    },
    simulated: true,
  },
  "run-command-global-keys-need-via-aws-service": {
    claim:
      "When a policy uses a global condition key (aws:*) on ssm:SendCommand, it must also allow the same resources with aws:ViaAWSService = true, since Systems Manager makes calls on the caller's behalf; the guide's example pairs the two statements and keeps the account id in the document ARN. The module's SendCommand statements use no global condition key (own documents are pinned by the account id in their ARN, tags by ssm:resourceTag), so they need no companion.",
    source: {
      title: "AWS Systems Manager User Guide: Setting up Run Command",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html",
    },
    simulated: false,
  },
  "session-document-access-check": {
    claim:
      "With ssm:SessionDocumentAccessCheck = true, StartSession checks that the caller may use the session document (SSM-SessionManagerRunShell when the request names none); the condition must be in every statement that allows ssm:StartSession.",
    source: {
      title: "AWS Systems Manager User Guide: Specify a session document in IAM policies",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-specify-session-document.html",
    },
    simulated: false,
  },
  "session-manager-run-shell-in-account": {
    claim:
      "SSM-SessionManagerRunShell is a Session document created in the customer's own account (it holds the Session Manager preferences), not an AWS-owned one: its ARN carries the account id.",
    source: {
      title: "AWS Systems Manager User Guide: Enforce a session document permission check for the AWS CLI",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-sessiondocumentaccesscheck.html",
    },
    simulated: true,
  },
  "port-forwarding-documents": {
    claim:
      "Port forwarding uses the AWS-owned session documents AWS-StartPortForwardingSession and AWS-StartPortForwardingSessionToRemoteHost, named in the StartSession request.",
    source: {
      title: "AWS Systems Manager User Guide: Start a session (port forwarding)",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html",
    },
    simulated: true,
  },
  "own-sessions-by-session-id-tag": {
    claim:
      "Sessions are resources (session/*) tagged by Session Manager with ssm:resourceTag/aws:ssmmessages:session-id = the starter's aws:userid; comparing the two limits ResumeSession and TerminateSession to one's own sessions.",
    source: {
      title: "AWS Systems Manager User Guide: Additional sample IAM policies for Session Manager",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-examples.html",
    },
    simulated: true,
  },
  "open-data-channel-resource": {
    claim:
      "CONTESTED. The user who starts a session needs ssmmessages:OpenDataChannel, but AWS's sources disagree on its resource. The module grants it on arn:PARTITION:ssm:REGION:ACCOUNT:session/* by default (the form least likely to deny the platform its sessions while naming only sessions); the profile option sessions.dataChannel = ownSessions writes the quickstart's session/${aws:userid}-* instead.",
    source: {
      title: "AWS Systems Manager User Guide: Sample IAM policies for Session Manager (quickstart end user policies)",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-quickstart.html",
    },
    simulated: false,
    contested: [
      {
        title: "Service Authorization Reference: Actions, resources, and condition keys for Amazon Message Gateway Service",
        url: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_ssmmessages.html",
        says: 'lists no resource type for ssmmessages:OpenDataChannel (only Resource "*" would match)',
      },
      {
        title: "AWS Systems Manager User Guide: Sample IAM policies for Session Manager (quickstart end user policies)",
        url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-quickstart.html",
        says: "grants it on arn:PARTITION:ssm:*:*:session/${aws:userid}-*",
      },
      {
        title: "AWS re:Post: Policy variable for IAM Identity Center user",
        url: "https://repost.aws/questions/QUcFDnsldoR4O7IYTQfgIpNQ/policy-variable-for-iam-identity-center-user",
        says: "a user reports that session/${aws:userid}-* did not match IAM Identity Center sessions: the session id starts with the user name (dev-123456), while aws:userid is ROLEID:name",
      },
    ],
  },
  "session-kms-generate-data-key": {
    claim:
      "When Session Manager preferences encrypt session data with a KMS key, the user who starts a session needs kms:GenerateDataKey on that key.",
    source: {
      title: "AWS Systems Manager User Guide: Sample IAM policies for Session Manager (quickstart end user policies)",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-quickstart.html",
    },
    simulated: true,
  },
  "reads-take-no-resource": {
    claim:
      'ssm:DescribeInstanceInformation, ssm:GetCommandInvocation and ssm:ListCommandInvocations list no resource type: only Resource "*" grants them.',
    source: SAR_SSM,
    simulated: true,
  },
  "get-command-invocation-account-wide": {
    claim:
      'ssm:GetCommandInvocation on "*" returns the result and output of any command in the account whose command id and node id are known.',
    source: {
      title: "AWS Systems Manager API Reference: GetCommandInvocation",
      url: "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetCommandInvocation.html",
    },
    simulated: true,
  },
  "command-invocations-account-wide": {
    claim:
      "ssm:ListCommandInvocations with Details returns the output of every command run in the account, by any principal, on any node: not a default grant.",
    source: {
      title: "AWS Systems Manager API Reference: ListCommandInvocations",
      url: "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListCommandInvocations.html",
    },
    simulated: true,
  },
  "explicit-deny-wins": {
    claim: "An explicit Deny in any applicable policy overrides every Allow.",
    source: {
      title: "IAM User Guide: Policy evaluation logic",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    },
    simulated: true,
  },
  "tag-keys-for-any-value": {
    claim:
      "aws:TagKeys is multivalued: ForAnyValue matches when any key of the request is listed, so a request that adds the opt-in key among others is denied. When the request carries no aws:TagKeys (no tag keys given), every ForAnyValue condition is false: such a request needs a Null condition of its own.",
    source: {
      title: "IAM User Guide: Single-valued vs. multivalued context keys",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    },
    simulated: true,
  },
  "delete-tags-without-keys": {
    claim:
      'ec2:DeleteTags without tag keys removes every user-defined tag of the resources ("If you omit this parameter, we delete all user-defined tags for the specified resources"): the request carries no aws:TagKeys, so a Deny needs Null aws:TagKeys = true to stop it. ssm:RemoveTagsFromResource (TagKeys) and autoscaling:DeleteTags (Tags, each with its Key) require their keys.',
    source: {
      title: "Amazon EC2 API Reference: DeleteTags (Tag.N)",
      url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html",
    },
    simulated: true,
  },
  "null-operator": {
    claim: "The Null condition operator with true matches when the condition key is absent from the request context.",
    source: {
      title: "IAM User Guide: IAM JSON policy elements: Condition operators (Condition operator to check existence of condition keys)",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null",
    },
    simulated: true,
  },
  "tag-paths-resource-types": {
    claim:
      'ec2:CreateTags and ec2:DeleteTags take the instance resource type (among many others: snapshots, volumes, images); ssm:AddTagsToResource and ssm:RemoveTagsFromResource take instance and managed-instance (among documents, parameters, ...); the Auto Scaling tag actions take autoScalingGroup; ssm:CreateActivation and ssm:RegisterManagedInstance take no resource type, so only Resource "*" matches them. A Deny on the node types alone leaves the key free on the other types.',
    source: {
      title: "Service Authorization Reference: Actions, resources, and condition keys for Amazon EC2",
      url: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html",
    },
    simulated: true,
  },
  "tag-on-create-is-create-tags": {
    claim:
      "Tags given at launch (RunInstances and other create actions with TagSpecifications) are authorised as ec2:CreateTags, with ec2:CreateAction naming the create action.",
    source: {
      title: "Amazon EC2 User Guide: Grant permission to tag Amazon EC2 resources during creation",
      url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html",
    },
    simulated: true,
  },
  "tag-resources-needs-create-tags": {
    claim:
      "tag:TagResources also needs the tagged service's own permission (ec2:CreateTags for instances), so denying ec2:CreateTags covers it.",
    source: {
      title: "Resource Groups Tagging API Reference: TagResources",
      url: "https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_TagResources.html",
    },
    simulated: false,
  },
  "create-activation-tags-nodes": {
    claim:
      "The tags of a hybrid activation (ssm:CreateActivation) are applied to every node registered with it; CreateActivation and RegisterManagedInstance support aws:TagKeys.",
    source: {
      title: "AWS Systems Manager User Guide: Create a hybrid activation to register nodes with Systems Manager",
      url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-managed-instance-activation.html",
    },
    simulated: true,
  },
  "autoscaling-tag-actions": {
    claim:
      "autoscaling:CreateAutoScalingGroup, CreateOrUpdateTags and DeleteTags support aws:TagKeys (UpdateAutoScalingGroup does not). Auto Scaling checks the caller's ec2:CreateTags when a group is created or updated with a launch template that has tag specifications, but its service-linked role launches and tags the instances at each scale-out, beyond the caller's policies.",
    source: {
      title: "Amazon EC2 Auto Scaling User Guide: Amazon EC2 Auto Scaling API permissions",
      url: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html",
    },
    simulated: true,
  },
  "managed-policy-size": {
    claim:
      "A customer managed policy holds at most 6,144 characters, whitespace not counted; a role takes 10 managed policies by default (20 at most).",
    source: {
      title: "IAM User Guide: IAM and AWS STS quotas",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    },
    simulated: false,
  },
  "scp-size": {
    claim: "A service control policy document holds at most 5,120 characters.",
    source: {
      title: "AWS Organizations User Guide: Quotas and service limits for AWS Organizations",
      url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
    },
    simulated: false,
  },
  "scp-scope": {
    claim:
      "A service control policy limits every principal of the member accounts it is attached to (the root user included), but not principals of the management account, nor service-linked roles; it grants nothing, so FullAWSAccess (or another Allow) must stay attached beside it.",
    source: {
      title: "AWS Organizations User Guide: Service control policies (SCPs)",
      url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
    },
    simulated: true,
  },
  "principal-arn-key": {
    claim:
      "aws:PrincipalArn is the ARN of the principal making the request (for a role session, the role's ARN); ArnNotLike with wildcards exempts a set of principals from a Deny.",
    source: GLOBAL_KEYS,
    simulated: true,
  },
  "tag-policy-enforcement": {
    claim:
      "A tag policy with enforced_for on ec2:instance makes noncompliant tagging operations on instances fail: the key's capitalisation (tag_key) and its allowed values (tag_value) are enforced; it does not say who may tag.",
    source: {
      title: "AWS Organizations User Guide: Tag policies",
      url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html",
    },
    simulated: false,
  },
  "launch-templates-by-trusted-administrators": {
    claim:
      "Resource-level permissions cannot restrict what a launch template (or a new version) specifies, tags for the instances included; the EC2 guide says to grant ec2:CreateLaunchTemplate and launch template versions only to trusted administrators. Instances that services launch from a template (Auto Scaling, EC2 Fleet, Spot, EKS node groups, Batch) carry its tags.",
    source: {
      title: "Amazon EC2 User Guide: IAM permissions required for Amazon EC2 launch templates",
      url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permissions-for-launch-templates.html",
    },
    simulated: true,
  },
  "external-id-for-third-parties": {
    claim:
      "A role that a third party assumes should require the external id the third party gave (Condition StringEquals sts:ExternalId): it stops the confused deputy, another customer of the same platform steering it at your account.",
    source: {
      title: "IAM User Guide: Access to AWS accounts owned by third parties (external ID)",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    },
    simulated: false,
  },
  "statement-needs-resource": {
    claim:
      "A statement must name at least one resource (or NotResource): a statement with an empty Resource list is refused, so the module leaves such statements out.",
    source: {
      title: "IAM User Guide: IAM JSON policy elements: Resource",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    },
    simulated: false,
  },
  "scp-evaluation": {
    claim:
      "SCPs are evaluated per level: a request is allowed only if an SCP attached at every level of the account's path (the root, each OU, the account itself) allows it, and an explicit Deny in any SCP of any level blocks it. AWS attaches FullAWSAccess to every level when SCPs are enabled; a level without an Allow blocks everything below it.",
    source: {
      title: "AWS Organizations User Guide: SCP evaluation",
      url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html",
    },
    simulated: false,
  },
} as const satisfies Record<string, Fact>;

export type FactId = keyof typeof FACTS;

/** The facts `audit --scp` rests on (src/analysis/audit/scp.ts evaluates SCPs as they say). */
export const SCP_FACTS: FactId[] = ["scp-evaluation", "scp-scope", "principal-arn-key"];
