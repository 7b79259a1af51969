/**
 * The requests an access report simulates, as data. Strings may hold {placeholders} that
 * resolve.ts fills from the profile (partition, region, accounts, the tag, the documents); a row
 * whose placeholder has no value for a profile (say, a tag value without letters has no "other
 * case") is left out of that profile's report. A row with `each` is repeated for every approved
 * document of that kind, with {document} and {documentArn} set.
 *
 * Placeholders: see `Placeholders` in resolve.ts.
 */
import type { FactId } from "../../src/model/facts";

export type GroupId = "runCommand" | "sessions" | "ownSessions" | "reads" | "optInTag" | "unrelated";

export interface CatalogueEntry {
  /** Stable id: tests look decisions up by it. */
  id: string;
  group: GroupId;
  /** What the request is, for a reader. */
  request: string;
  action: string;
  resource: string;
  /** Tags on the resource. */
  tags?: Readonly<Record<string, string>>;
  /** Other request context. */
  context?: Readonly<Record<string, string | readonly string[]>>;
  each?: "runCommandDocuments" | "sessionDocuments";
  /** The resource's owner, another account, shares it with the principal (see simulate's sharedByOwner). */
  sharedByOwner?: true;
  /**
   * Documented facts (src/model/facts.ts) the row's meaning rests on; the report marks the row when
   * one of them is beyond what the simulator models.
   */
  rests?: readonly FactId[];
}

export const GROUPS: readonly { id: GroupId; title: string; note: string }[] = [
  {
    id: "runCommand",
    title: "Run Command (ssm:SendCommand)",
    note: "A command runs only when the target row **and** the document row are both allowed: IAM authorises SendCommand against every target and against the document.",
  },
  {
    id: "sessions",
    title: "Sessions (ssm:StartSession)",
    note: "A session starts only when the target row **and** the session document row are both allowed.",
  },
  {
    id: "ownSessions",
    title: "Resuming and ending sessions",
    note: "Sessions are resources of their own (`session/*`); SSM tags each with the id of the principal that started it.",
  },
  { id: "reads", title: "Reads that take no resource ARN", note: "IAM grants these only on `*`." },
  {
    id: "optInTag",
    title: "Adding, changing or removing the opt-in tag",
    note: "Whoever may set the opt-in tag may grant the access above. An explicit deny wins over any allow, in this policy or another one attached to the same principal.",
  },
  {
    id: "unrelated",
    title: "Unrelated SSM actions",
    note: "Not granted by this policy; other policies of the principal may still grant them.",
  },
];

const INSTANCE = "arn:{partition}:ec2:{region}:{account}:instance/{instanceId}";
const HYBRID = "arn:{partition}:ssm:{region}:{account}:managed-instance/{hybridId}";
const SESSION = "arn:{partition}:ssm:{region}:{account}:session/{sessionId}";
const SESSION_OF_USER = "arn:{partition}:ssm:{region}:{account}:session/{userId}-0123456789abcdef0";
const SESSION_OF_OTHER_USER = "arn:{partition}:ssm:{region}:{account}:session/{otherUserId}-0123456789abcdef0";
const ASG =
  "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:0a1b2c3d-0000-4000-8000-0123456789ab:autoScalingGroupName/ir-fleet";

/** Target rows, the same for Run Command and sessions. */
function targets(prefix: string, group: GroupId, action: string): CatalogueEntry[] {
  return [
    {
      id: `${prefix}.instance.tagged`,
      group,
      action,
      request: "EC2 instance tagged with the accepted value",
      resource: INSTANCE,
      tags: { "{key}": "{value}" },
    },
    {
      id: `${prefix}.instance.untagged`,
      group,
      action,
      request: "EC2 instance without the opt-in tag",
      resource: INSTANCE,
      tags: { Name: "web-1" },
    },
    {
      id: `${prefix}.instance.otherValue`,
      group,
      action,
      request: "EC2 instance tagged with another value",
      resource: INSTANCE,
      tags: { "{key}": "{otherValue}" },
    },
    {
      id: `${prefix}.instance.valueOtherCase`,
      group,
      action,
      request: "EC2 instance tagged with the accepted value in another case",
      resource: INSTANCE,
      tags: { "{key}": "{valueOtherCase}" },
    },
    {
      id: `${prefix}.instance.keyOtherCase`,
      group,
      action,
      request: "EC2 instance tagged with the key in another case (IAM compares tag keys ignoring case)",
      resource: INSTANCE,
      tags: { "{keyOtherCase}": "{value}" },
    },
    {
      id: `${prefix}.hybrid.tagged`,
      group,
      action,
      request: "hybrid node tagged with the accepted value",
      resource: HYBRID,
      tags: { "{key}": "{value}" },
    },
    { id: `${prefix}.hybrid.untagged`, group, action, request: "hybrid node without the opt-in tag", resource: HYBRID },
    {
      id: `${prefix}.hybrid.otherValue`,
      group,
      action,
      request: "hybrid node tagged with another value",
      resource: HYBRID,
      tags: { "{key}": "{otherValue}" },
    },
  ];
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  ...targets("runCommand", "runCommand", "ssm:SendCommand"),
  {
    id: "runCommand.document.approved",
    group: "runCommand",
    action: "ssm:SendCommand",
    each: "runCommandDocuments",
    request: "approved document {document}",
    resource: "{documentArn}",
  },
  {
    id: "runCommand.document.unapprovedAws",
    group: "runCommand",
    action: "ssm:SendCommand",
    request: "AWS-owned document that is not approved",
    resource: "arn:{partition}:ssm:{region}::document/{unapprovedAwsDocument}",
  },
  {
    id: "runCommand.document.unapprovedOwn",
    group: "runCommand",
    action: "ssm:SendCommand",
    request: "document of the principal's account that is not approved",
    resource: "arn:{partition}:ssm:{region}:{account}:document/{unapprovedOwnDocument}",
  },
  {
    id: "runCommand.document.otherAccount",
    group: "runCommand",
    action: "ssm:SendCommand",
    sharedByOwner: true,
    request: "document named like an approved one, shared by another account",
    resource: "arn:{partition}:ssm:{region}:{otherAccount}:document/{runCommandDocument}",
  },

  ...targets("sessions", "sessions", "ssm:StartSession"),
  {
    id: "sessions.document.approved",
    group: "sessions",
    action: "ssm:StartSession",
    each: "sessionDocuments",
    request: "approved session document {document}",
    resource: "{documentArn}",
    rests: ["session-document-access-check"],
  },
  {
    id: "sessions.document.approvedOtherAccount",
    group: "sessions",
    action: "ssm:StartSession",
    each: "sessionDocuments",
    sharedByOwner: true,
    request: "session document {document} of another account, shared with the principal",
    resource: "{documentOtherAccountArn}",
    rests: ["session-document-access-check"],
  },
  {
    id: "sessions.document.runCommandDocument",
    group: "sessions",
    action: "ssm:StartSession",
    request: "a Run Command document used as a session document",
    resource: "{runCommandDocumentAsSessionArn}",
  },
  {
    id: "sessions.document.unapproved",
    group: "sessions",
    action: "ssm:StartSession",
    request: "session document that is not approved",
    resource: "arn:{partition}:ssm:{region}::document/{unapprovedSessionDocument}",
  },
  {
    id: "sessions.openDataChannel.own",
    group: "sessions",
    action: "ssmmessages:OpenDataChannel",
    request: "open the data channel of a session this principal started",
    resource: SESSION_OF_USER,
    rests: ["open-data-channel-resource"],
  },
  {
    id: "sessions.openDataChannel.other",
    group: "sessions",
    action: "ssmmessages:OpenDataChannel",
    request: "open the data channel of another principal's session",
    resource: SESSION_OF_OTHER_USER,
    rests: ["open-data-channel-resource"],
  },

  {
    id: "ownSessions.terminate.own",
    group: "ownSessions",
    action: "ssm:TerminateSession",
    request: "end a session this principal started",
    resource: SESSION,
    tags: { "aws:ssmmessages:session-id": "{userId}" },
  },
  {
    id: "ownSessions.terminate.other",
    group: "ownSessions",
    action: "ssm:TerminateSession",
    request: "end another principal's session",
    resource: SESSION,
    tags: { "aws:ssmmessages:session-id": "{otherUserId}" },
  },
  {
    id: "ownSessions.resume.own",
    group: "ownSessions",
    action: "ssm:ResumeSession",
    request: "resume a session this principal started",
    resource: SESSION,
    tags: { "aws:ssmmessages:session-id": "{userId}" },
  },
  {
    id: "ownSessions.resume.other",
    group: "ownSessions",
    action: "ssm:ResumeSession",
    request: "resume another principal's session",
    resource: SESSION,
    tags: { "aws:ssmmessages:session-id": "{otherUserId}" },
  },

  {
    id: "reads.describeInstanceInformation",
    group: "reads",
    action: "ssm:DescribeInstanceInformation",
    request: "list managed nodes",
    resource: "*",
  },
  {
    id: "reads.getCommandInvocation",
    group: "reads",
    action: "ssm:GetCommandInvocation",
    request: "read a command's result",
    resource: "*",
  },
  {
    id: "reads.listCommandInvocations",
    group: "reads",
    action: "ssm:ListCommandInvocations",
    request: "list command invocations, with every command's output (Details)",
    resource: "*",
  },

  {
    id: "optInTag.add",
    group: "optInTag",
    action: "ec2:CreateTags",
    request: "add the opt-in tag to an instance",
    resource: INSTANCE,
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.change",
    group: "optInTag",
    action: "ec2:CreateTags",
    request: "change the opt-in tag of an instance tagged {otherValue} (to opt it in)",
    resource: INSTANCE,
    tags: { "{key}": "{otherValue}" },
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.remove",
    group: "optInTag",
    action: "ec2:DeleteTags",
    request: "remove the opt-in tag",
    resource: INSTANCE,
    tags: { "{key}": "{value}" },
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.removeEveryTag",
    group: "optInTag",
    action: "ec2:DeleteTags",
    request: "remove every tag of an opted-in instance (DeleteTags without tag keys: the request carries no aws:TagKeys)",
    resource: INSTANCE,
    tags: { "{key}": "{value}" },
  },
  {
    id: "optInTag.snapshot",
    group: "optInTag",
    action: "ec2:CreateTags",
    request:
      "put the opt-in key on a snapshot (Data Lifecycle Manager, AWS Backup, forensic copies): no node, so not denied by this policy",
    resource: "arn:{partition}:ec2:{region}::snapshot/snap-0123456789abcdef0",
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.keyOtherCase",
    group: "optInTag",
    action: "ec2:CreateTags",
    request: "add the opt-in key in another case",
    resource: INSTANCE,
    context: { "aws:TagKeys": ["{keyOtherCase}"] },
  },
  {
    id: "optInTag.withOtherTags",
    group: "optInTag",
    action: "ec2:CreateTags",
    request: "add the opt-in tag together with another tag",
    resource: INSTANCE,
    context: { "aws:TagKeys": ["Name", "{key}"] },
  },
  {
    id: "optInTag.atLaunch",
    group: "optInTag",
    action: "ec2:CreateTags",
    request: "tag a new instance at launch (RunInstances)",
    resource: INSTANCE,
    context: { "aws:TagKeys": ["{key}"], "ec2:CreateAction": "RunInstances" },
  },
  {
    id: "optInTag.hybridAdd",
    group: "optInTag",
    action: "ssm:AddTagsToResource",
    request: "add the opt-in tag to a hybrid node",
    resource: HYBRID,
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.hybridRemove",
    group: "optInTag",
    action: "ssm:RemoveTagsFromResource",
    request: "remove the opt-in tag from a hybrid node",
    resource: HYBRID,
    tags: { "{key}": "{value}" },
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.createActivation",
    group: "optInTag",
    action: "ssm:CreateActivation",
    request: "create a hybrid activation whose tags (put on every node it registers) carry the opt-in key",
    resource: "*",
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.registerManagedInstance",
    group: "optInTag",
    action: "ssm:RegisterManagedInstance",
    request: "register a hybrid node with the opt-in tag",
    resource: "*",
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.autoScalingGroupCreate",
    group: "optInTag",
    action: "autoscaling:CreateAutoScalingGroup",
    request: "create an Auto Scaling group whose tags (propagated to its instances) carry the opt-in key",
    resource: ASG,
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.autoScalingGroupTags",
    group: "optInTag",
    action: "autoscaling:CreateOrUpdateTags",
    request: "add the opt-in key to an Auto Scaling group's tags",
    resource: ASG,
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.autoScalingGroupUntag",
    group: "optInTag",
    action: "autoscaling:DeleteTags",
    request: "remove the opt-in key from an Auto Scaling group's tags",
    resource: ASG,
    context: { "aws:TagKeys": ["{key}"] },
  },
  {
    id: "optInTag.otherTag",
    group: "optInTag",
    action: "ec2:CreateTags",
    request: "add an unrelated tag",
    resource: INSTANCE,
    context: { "aws:TagKeys": ["Name"] },
  },

  {
    id: "unrelated.getParameter",
    group: "unrelated",
    action: "ssm:GetParameter",
    request: "read a parameter",
    resource: "arn:{partition}:ssm:{region}:{account}:parameter/app/db-password",
  },
  {
    id: "unrelated.createDocument",
    group: "unrelated",
    action: "ssm:CreateDocument",
    request: "create a document",
    resource: "arn:{partition}:ssm:{region}:{account}:document/{unapprovedOwnDocument}",
  },
  {
    id: "unrelated.updateDocument",
    group: "unrelated",
    action: "ssm:UpdateDocument",
    request: "change the approved document {ownDocument} of the principal's account",
    resource: "arn:{partition}:ssm:{region}:{account}:document/{ownDocument}",
  },
  {
    id: "unrelated.startAutomation",
    group: "unrelated",
    action: "ssm:StartAutomationExecution",
    request: "start an automation",
    resource: "arn:{partition}:ssm:{region}:{account}:automation-definition/AWS-RestartEC2Instance:$DEFAULT",
  },
];
