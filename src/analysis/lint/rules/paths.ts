/**
 * Paths to the nodes beyond SendCommand and StartSession, and grants that cannot work as written:
 * associations, Automation and maintenance windows on untagged targets; every command's output;
 * policy variables where IAM does not resolve them; a tag condition on documents; every session
 * document at once.
 */
import { LIST_COMMAND_INVOCATIONS, RUN_COMMAND_ACTIONS, SESSION_ACTIONS } from "../../../model/policy";
import { hasWildcard } from "../../glob";
import { INDIRECT_COMMAND_PATHS, NODE_TYPES } from "../../node-paths";
import type { PolicyStatement } from "../../policy-input";
import { documentName } from "../../ssm-documents";
import { actionInfo } from "../service-reference";
import { coveringPattern, coversArn, grants, optInConditions, resourceTagKey, tagKeyServices } from "../statement-scope";
import type { LintContext, RawFinding, RuleFamily } from "../types";

const resourcesText = (s: PolicyStatement) =>
  s.notResource ? "every resource but those in NotResource" : s.resource?.includes("*") ? '"*"' : (s.resource ?? []).join(", ");

/** Associations, runbooks and maintenance windows on "*", nodes or their documents, with no opt-in tag condition. */
async function* indirectPaths(ctx: LintContext): AsyncGenerator<RawFinding> {
  for (const { statement: s } of ctx.facts) {
    if (s.effect !== "Allow") continue;
    const byPattern = new Map<string, { actions: string[]; why: string[] }>();
    for (const path of INDIRECT_COMMAND_PATHS) {
      const pattern = coveringPattern(s, path.action);
      if (!pattern || optInConditions(s, path.action).length) continue;
      const types = ((await actionInfo(path.action))?.resourceTypes ?? []).filter((t) => [...path.types, ...NODE_TYPES].includes(t.name));
      if (!types.some((t) => coversArn(s, t.arn))) continue;
      const entry = byPattern.get(pattern) ?? { actions: [], why: [] };
      entry.actions.push(path.action);
      if (!entry.why.includes(path.why)) entry.why.push(path.why);
      byPattern.set(pattern, entry);
    }
    for (const [pattern, { actions, why }] of byPattern)
      yield {
        ruleId: "indirect-command-path",
        statement: s,
        at: pattern,
        message: `${grants(pattern, actions)} on ${resourcesText(s)} with no opt-in tag condition (${why.join("; ")}): it runs commands on nodes that lack the opt-in tag.`,
        fix: "Leave these out: a platform that runs commands needs ssm:SendCommand, scoped to opted-in nodes. Whatever must manage associations, runbooks or maintenance windows needs a role of its own, limited to the documents and windows it owns.",
      };
  }
}

function* everyOutput(ctx: LintContext): Generator<RawFinding> {
  for (const { statement: s } of ctx.facts) {
    if (s.effect !== "Allow") continue;
    const pattern = coveringPattern(s, LIST_COMMAND_INVOCATIONS);
    // It takes no resource ARN: only "*" (or NotResource) grants it.
    if (!pattern || !(s.notResource || s.resource?.includes("*"))) continue;
    yield {
      ruleId: "every-command-output",
      statement: s,
      at: pattern,
      message: `${grants(pattern, [LIST_COMMAND_INVOCATIONS])} on "*": with Details it returns the output of every command run in the account, by any principal on any node, not only this principal's.`,
      fix: "Leave it out: ssm:GetCommandInvocation reads the output of the commands whose ids the platform knows (a generated policy grants ListCommandInvocations only with listCommandInvocations: true).",
    };
  }
}

const FIELDS = ["partition", "service", "region", "account"];
/** A policy variable other than ${*}, ${?} and ${$}, which stand for the characters themselves. */
const VARIABLE = /\$\{(?![*?$]\})[^}]*\}/;

/** An ARN's six fields; a policy variable (which may hold a colon, as ${aws:PrincipalAccount} does) stays whole. */
function arnFields(arn: string): string[] {
  const fields = [""];
  for (let i = 0; i < arn.length; i++) {
    const end = arn.startsWith("${", i) ? arn.indexOf("}", i) : -1;
    if (end > 0) {
      fields[fields.length - 1] += arn.slice(i, end + 1);
      i = end;
    } else if (arn[i] === ":" && fields.length < 6) fields.push("");
    else fields[fields.length - 1] += arn[i];
  }
  return fields;
}

function* variablesBeforeFifthColon(ctx: LintContext): Generator<RawFinding> {
  for (const { statement: s } of ctx.facts)
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      if (!r.startsWith("arn:")) continue;
      const fields = arnFields(r).slice(1, 5);
      const at = fields.findIndex((f) => VARIABLE.test(f));
      if (at < 0) continue;
      const field = FIELDS[at];
      yield {
        ruleId: "variable-before-fifth-colon",
        statement: s,
        at: r,
        message: `${r} holds a policy variable in its ${field} field: IAM resolves policy variables in an ARN only after its fifth colon (the resource part), so here it is not resolved and the ARN does not match what it means to.`,
        fix:
          field === "account"
            ? 'Write "*" in the account field and pin the account with a condition, e.g. StringEquals aws:ResourceAccount = ${aws:PrincipalAccount} (as a generated policy does).'
            : field === "partition"
              ? "Write the partition literally, or in Terraform arn:${data.aws_partition.current.partition}:... (scoped-ssm generate does)."
              : `Write "*" or the literal ${field} in that field, and narrow it with a condition (e.g. aws:RequestedRegion) if needed.`,
      };
    }
}

/** A tag condition beside document ARNs: documents carry no opt-in tag, so the statement never grants them. */
function* tagConditionOnDocuments(ctx: LintContext): Generator<RawFinding> {
  for (const { statement: s } of ctx.facts) {
    if (s.effect !== "Allow") continue;
    for (const action of [...RUN_COMMAND_ACTIONS, ...SESSION_ACTIONS]) {
      if (!coveringPattern(s, action)) continue;
      const tags = optInConditions(s, action);
      const documents = (s.resource ?? []).filter((r) => r !== "*" && documentName(r) !== undefined);
      if (!tags.length || !documents.length) continue;
      yield {
        ruleId: "tag-condition-on-documents",
        statement: s,
        at: documents[0],
        message: `${action} is allowed on ${documents.length === 1 ? "a document" : `${documents.length} documents`} (${documents.map((d) => documentName(d)).join(", ")}) only when ${documents.length === 1 ? "it carries" : "they carry"} the tag ${resourceTagKey(tags[0].key, tagKeyServices(action))}: documents carry no opt-in tag, so this statement never grants them, and ${action}, authorised against the document as well as the node, never succeeds with them unless another statement grants them.`,
        fix: "Move the document ARNs to a statement of their own, without the tag condition (scoped-ssm tighten does).",
      };
      break;
    }
  }
}

/** StartSession on document/* (or any wildcard name): every session document, AWS-StartInteractiveCommand included. */
function* sessionDocumentWildcards(ctx: LintContext): Generator<RawFinding> {
  for (const { statement: s } of ctx.facts) {
    const action = SESSION_ACTIONS[0];
    const pattern = s.effect === "Allow" ? coveringPattern(s, action) : undefined;
    // With an opt-in tag condition, the statement grants no document at all (tag-condition-on-documents).
    if (!pattern || optInConditions(s, action).length) continue;
    for (const r of s.resource ?? []) {
      const name = documentName(r);
      if (name === undefined || !hasWildcard(name)) continue;
      yield {
        ruleId: "session-documents-wildcard",
        statement: s,
        at: r,
        message: `${grants(pattern, [action])} on ${r}: every session document matches, among them AWS-StartInteractiveCommand and AWS-StartNonInteractiveCommand (which run any command the caller names) and AWS-StartPortForwardingSessionToRemoteHost (which reaches any host the node can), so the session document check checks nothing.`,
        fix: "Name the session documents the platform needs (e.g. SSM-SessionManagerRunShell), each in full.",
      };
    }
  }
}

export const pathRules: RuleFamily = {
  rules: [
    {
      id: "indirect-command-path",
      severity: "error",
      summary:
        'An indirect way to run commands on nodes (ssm:CreateAssociation, UpdateAssociation, StartAutomationExecution, maintenance-window tasks and targets) is allowed on "*", nodes or their documents without an opt-in tag condition.',
      help: "An association runs its document on every node it targets, by tag or all of them; a runbook runs commands and scripts on nodes; a maintenance-window task runs on the window's targets. None of these is checked against the node's opt-in tag.",
    },
    {
      id: "every-command-output",
      severity: "warning",
      summary: 'ssm:ListCommandInvocations is allowed on "*" (also through ssm:List*, ssm:* or NotAction).',
      help: "With Details, ListCommandInvocations returns the output of every command run in the account, by any principal on any node: secrets printed by other teams' commands included.",
    },
    {
      id: "variable-before-fifth-colon",
      severity: "error",
      summary: "A policy variable in the partition, service, region or account field of a Resource ARN.",
      help: "IAM resolves policy variables in an ARN only in its resource part, after the fifth colon. An account pinned as ${aws:PrincipalAccount} there does not match the caller's account: pin it with a condition on aws:ResourceAccount instead.",
    },
    {
      id: "tag-condition-on-documents",
      severity: "error",
      summary: "ssm:SendCommand or ssm:StartSession is allowed on document ARNs in a statement with an opt-in tag condition.",
      help: "SendCommand is authorised against the document as well as the node, and documents carry no opt-in tag: the tag condition makes the statement grant no document, so the command never runs with them unless another statement grants them.",
    },
    {
      id: "session-documents-wildcard",
      severity: "warning",
      summary: "ssm:StartSession is allowed on a wildcard of document names (document/*).",
      help: "Session documents include AWS-StartInteractiveCommand and AWS-StartNonInteractiveCommand, which run any command, and port forwarding to remote hosts: a wildcard grants them all, and the session document check then checks nothing.",
    },
  ],
  async *check(ctx) {
    yield* indirectPaths(ctx);
    yield* everyOutput(ctx);
    yield* variablesBeforeFifthColon(ctx);
    yield* tagConditionOnDocuments(ctx);
    yield* sessionDocumentWildcards(ctx);
  },
};
