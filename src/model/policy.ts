import type { Profile } from "../profile/schema";
import { sessionArns, documentArns, nodeArns } from "./arns";
import { type List, type Str, iamLiteral, item, join, lit, listOf, listVar, mapList, strVar } from "./expr";
import { VAR } from "./variables";

/**
 * Every IAM decision of scoped-ssm lives in this file: which statements a profile gets, with which
 * actions, resources and conditions. Renderers translate these statements and decide nothing.
 */
export interface Condition {
  test: string;
  variable: Str;
  values: List;
}

export interface Statement {
  sid: string;
  effect: "Allow" | "Deny";
  actions: string[];
  resources: List;
  conditions: Condition[];
  /** Why the statement exists, for comments and reports. */
  why: string;
}

/** Actions that act on nodes and documents: the ones the opt-in tag must guard. */
export const RUN_COMMAND_ACTIONS = ["ssm:SendCommand"];
export const SESSION_ACTIONS = ["ssm:StartSession"];
/** Act on session ARNs (session/*), not on instances. */
export const OWN_SESSION_ACTIONS = ["ssm:ResumeSession", "ssm:TerminateSession"];
/** The service reference lists no resource type for these: only "*" grants them. */
export const READ_ACTIONS = ["ssm:DescribeInstanceInformation", "ssm:GetCommandInvocation", "ssm:ListCommandInvocations"];
/** Every way to put the opt-in tag on, change it or take it off (RunInstances with tags is ec2:CreateTags). */
export const TAG_MUTATION_ACTIONS = ["ec2:CreateTags", "ec2:DeleteTags", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"];

const MATCH_OPERATOR = { exact: "StringEquals", ignoreCase: "StringEqualsIgnoreCase" } as const;

function optInCondition(p: Profile): Condition {
  return {
    test: MATCH_OPERATOR[p.tag.match],
    variable: join`ssm:resourceTag/${strVar(VAR.tagKey)}`,
    // Tag values are the user's literal strings: a `$` in them must not become a policy variable.
    values: mapList(listVar(VAR.tagValues), iamLiteral(item)),
  };
}

export function policyStatements(p: Profile): Statement[] {
  const statements: Statement[] = [];
  const nodes = nodeArns(p);
  if (p.runCommand !== false) {
    statements.push(
      {
        sid: "SendCommandOnOptedInNodes",
        effect: "Allow",
        actions: RUN_COMMAND_ACTIONS,
        resources: nodes,
        conditions: [optInCondition(p)],
        why: "Run Command only on nodes that carry the opt-in tag.",
      },
      {
        sid: "SendCommandWithApprovedDocuments",
        effect: "Allow",
        actions: RUN_COMMAND_ACTIONS,
        resources: documentArns(p, listVar(VAR.runCommandDocuments)),
        conditions: [],
        why: "SendCommand is also authorised against the document; documents carry no opt-in tag.",
      },
    );
  }
  if (p.sessions !== false) {
    statements.push(
      {
        sid: "StartSessionOnOptedInNodes",
        effect: "Allow",
        actions: SESSION_ACTIONS,
        resources: nodes,
        conditions: [
          optInCondition(p),
          { test: "BoolIfExists", variable: lit("ssm:SessionDocumentAccessCheck"), values: listOf(lit("true")) },
        ],
        why: "Sessions only on opted-in nodes, and only with a session document this policy allows.",
      },
      {
        sid: "StartSessionWithApprovedDocuments",
        effect: "Allow",
        actions: SESSION_ACTIONS,
        resources: documentArns(p, listVar(VAR.sessionDocuments)),
        conditions: [],
        why: "StartSession checks session documents, not Run Command documents.",
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
      },
    );
  }
  if (p.readActions) {
    statements.push({
      sid: "ReadsWithoutResourceArn",
      effect: "Allow",
      actions: READ_ACTIONS,
      resources: listOf(lit("*")),
      conditions: [],
      why: "These actions take no resource ARN: only '*' grants them.",
    });
  }
  if (p.protectTag) {
    statements.push({
      sid: "ProtectOptInTag",
      effect: "Deny",
      actions: TAG_MUTATION_ACTIONS,
      resources: listOf(lit("*")),
      conditions: [
        {
          test: "ForAnyValue:StringEqualsIgnoreCase",
          variable: lit("aws:TagKeys"),
          values: listOf(iamLiteral(strVar(VAR.tagKey))),
        },
      ],
      why: "Whoever may set the opt-in tag may grant this access; IAM compares tag keys case-insensitively.",
    });
  }
  return statements;
}
