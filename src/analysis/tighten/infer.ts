/**
 * The profile a broad policy means: its tag, documents, targets and scope, read from the statements
 * that grant what a generated module grants, so that tighten can build the module's own statements.
 */
import { READ_ACTIONS, RUN_COMMAND_ACTIONS, SESSION_ACTIONS } from "../../model/policy";
import { DEFAULT_PROFILE } from "../../profile/default-profile";
import { InputError } from "../../base/errors";
import { LIMITS } from "../../profile/limits";
import { type ProfileInput } from "../../profile/schema";
import { arnsIntersect, hasWildcard, literalPartition } from "../glob";
import { actionInfo } from "../lint/service-reference";
import { covers, coversArn, isOptInCondition, resourceTagKey, targetTypes } from "../lint/statement-scope";
import { type ConditionEntry, type PolicyDoc, type PolicyStatement, statementName } from "../policy-input";
import { documentKind, documentName } from "../ssm-documents";

export interface TightenOptions {
  /** The opt-in tag key; read from the input's tag condition when not given. */
  tagKey?: string;
  tagValues?: string[];
  partition?: string;
  /** The account whose own documents the policy approves; read from the input's ARNs when they name one. */
  account?: string;
  documents?: string[];
  sessionDocuments?: string[];
  hybridNodes?: boolean;
}

export interface Inferred {
  profile: ProfileInput;
  partition: string;
  /** The account written in own documents' ARNs ("*" when unknown, and said so in the decisions). */
  account: string;
  /** Each decision, with where it came from. */
  decisions: string[];
}

const fail = (file: string, path: string, message: string, value?: unknown): never => {
  throw new InputError([{ file, path, message, value }]);
};

const DEFAULT_RUN_DOCUMENTS = DEFAULT_PROFILE.runCommand === false ? [] : DEFAULT_PROFILE.runCommand.documents;
const DEFAULT_SESSION_DOCUMENTS = (DEFAULT_PROFILE.sessions && DEFAULT_PROFILE.sessions.documents) || [];

/** Conditions tighten knows how to carry: the opt-in tag and the ones the generated statements set themselves. */
function isUnderstood(c: ConditionEntry, tagKey: string): boolean {
  if (isOptInCondition(c) && resourceTagKey(c.key)!.toLowerCase() === tagKey.toLowerCase()) return true;
  if (/^aws:ResourceAccount$/i.test(c.key)) return c.operator === "StringEquals" && c.values.every((v) => v === "${aws:PrincipalAccount}");
  if (/^aws:ViaAWSService$/i.test(c.key)) return c.operator === "Bool" && c.values.every((v) => v === "true");
  return /^ssm:(?:SessionDocumentAccessCheck|resourceTag\/aws:ssmmessages:session-id)$/i.test(c.key);
}

/** The partitions AWS has; an ARN or --partition naming another matches nothing anywhere. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

function partitionOf(doc: PolicyDoc, file: string, given?: string): [string, string] {
  if (given !== undefined) {
    if (!PARTITIONS.includes(given)) fail("command line", "--partition", `must be one of ${PARTITIONS.join(", ")}`, given);
    return [given, "--partition"];
  }
  const arns = doc.statements.flatMap((s) => [...(s.resource ?? []), ...(s.notResource ?? [])]);
  const found = [...new Set(arns.map(literalPartition).filter((p): p is string => p !== undefined))].sort();
  if (found.length > 1) fail(file, "Statement", `ARNs name several partitions (${found.join(", ")}): choose one with --partition`);
  if (found.length && !PARTITIONS.includes(found[0]))
    fail(file, "Statement", `ARNs name the partition ${found[0]}, which is none of ${PARTITIONS.join(", ")}: choose one with --partition`);
  return found.length
    ? [found[0], "the partition of the input's ARNs"]
    : ["aws", "no ARN of the input names one; pass --partition to change"];
}

/** The account own documents live in: --account, else the one account the input's ARNs name, else unknown ("*"). */
function accountOf(doc: PolicyDoc, file: string, given?: string): [string, string] {
  if (given !== undefined) {
    if (!LIMITS.accountId.test(given)) fail("command line", "--account", "must be a 12-digit account id", given);
    return [given, "--account"];
  }
  const arns = doc.statements.flatMap((s) => s.resource ?? []);
  const found = [...new Set(arns.map((a) => a.split(":")[4] ?? "").filter((a) => LIMITS.accountId.test(a)))].sort();
  return found.length === 1
    ? [found[0], "the account of the input's ARNs; pass --account to change"]
    : [
        "*",
        `${found.length ? "the input's ARNs name several accounts" : "no ARN of the input names an account"}: pass --account with yours, or a same-named document shared from another account matches`,
      ];
}

/** The opt-in tag key of the input's tag conditions (ssm:resourceTag/K, aws:ResourceTag/K), when it names exactly one. */
export function inferTagKey(sources: PolicyStatement[], file: string): string {
  const keys = new Map<string, string>();
  for (const s of sources)
    for (const c of s.conditions) if (isOptInCondition(c)) keys.set(resourceTagKey(c.key)!.toLowerCase(), resourceTagKey(c.key)!);
  if (keys.size === 1) return [...keys.values()][0];
  if (!keys.size)
    return fail(
      "command line",
      "--tag-key",
      "is required: the key of the opt-in tag (the input has no ssm:resourceTag/KEY or aws:ResourceTag/KEY condition to read it from)",
    );
  return fail(
    file,
    "Condition",
    `the input's tag conditions name several keys (${[...keys.values()].join(", ")}): choose the opt-in key with --tag-key`,
  );
}

/** Document names a statement grants `action` on; `any` when it grants every document. */
function documentsOf(sources: PolicyStatement[], action: string, documentArn: string): { names: string[]; any: boolean } {
  const names: string[] = [];
  let any = false;
  for (const s of sources.filter((s) => covers(s, action))) {
    if (!s.resource || s.resource.includes("*")) any = true;
    for (const r of s.resource ?? []) {
      if (r === "*" || !arnsIntersect(r, documentArn)) continue;
      const name = documentName(r);
      if (!name || hasWildcard(name)) any = true;
      else if (!names.includes(name)) names.push(name);
    }
  }
  return { names, any };
}

/** Regions or accounts of the node ARNs, when every one names them literally. */
function scopeOf(arns: string[], part: 3 | 4, valid: RegExp): string[] | undefined {
  const values = arns.map((a) => a.split(":")[part] ?? "*");
  if (!values.length || values.some((v) => hasWildcard(v) || !valid.test(v))) return undefined;
  return [...new Set(values)].sort();
}

/** Where Run Command's or sessions' documents come from: the option, else the input, else the default. */
interface DocumentChoice {
  what: string;
  option: string;
  /** The kind of document the action never uses: the input's ones of that kind are dropped. */
  otherKind: "command" | "session";
  defaults: string[];
  /** Why the default, when the input allowed no document of this kind by name. */
  noneNamed: string;
  whyDefault: string;
  whyDropped: (names: string) => string;
}

const RUN_COMMAND_DOCUMENTS: DocumentChoice = {
  what: "Run Command documents",
  option: "--document",
  otherKind: "session",
  defaults: DEFAULT_RUN_DOCUMENTS,
  noneNamed: "named none",
  whyDefault: "default; pass --document to change",
  whyDropped: (names) => `not for SendCommand: ${names} (session documents)`,
};

const SESSION_DOCUMENTS: DocumentChoice = {
  what: "session documents",
  option: "--session-document",
  otherKind: "command",
  defaults: DEFAULT_SESSION_DOCUMENTS,
  noneNamed: "named no session document",
  whyDefault: "this is the one Session Manager uses when a request names none; pass --session-document to change",
  whyDropped: (names) => `not for StartSession: ${names} (Run Command documents, which StartSession never checks)`,
};

function chooseDocuments(
  c: DocumentChoice,
  given: string[] | undefined,
  input: { names: string[]; any: boolean },
  decisions: string[],
): string[] {
  const kept = input.names.filter((n) => documentKind(n) !== c.otherKind);
  const dropped = input.names.filter((n) => documentKind(n) === c.otherKind);
  const [documents, why] = given?.length
    ? [given, c.option]
    : kept.length
      ? [kept, "from the input"]
      : [c.defaults, `the input ${input.any ? "allowed every document" : c.noneNamed}; ${c.whyDefault}`];
  decisions.push(`${c.what} ${documents.join(", ")} (${why})`);
  if (dropped.length) decisions.push(c.whyDropped(dropped.join(", ")));
  return documents;
}

export async function inferProfile(
  doc: PolicyDoc,
  sources: PolicyStatement[],
  file: string,
  opts: TightenOptions & { tagKey: string },
): Promise<Inferred> {
  const decisions: string[] = [];
  const [partition, partitionWhy] = partitionOf(doc, file, opts.partition);
  decisions.push(`partition ${partition} (${partitionWhy})`);
  const [account, accountWhy] = accountOf(doc, file, opts.account);
  decisions.push(`own documents in account ${account} (${accountWhy})`);

  // Conditions other than the opt-in tag would be lost: refuse rather than widen access.
  for (const s of sources)
    for (const c of s.conditions)
      if (!isUnderstood(c, opts.tagKey))
        fail(
          file,
          `${statementName(s)}.Condition.${c.operator}.${c.key}`,
          `tighten keeps no condition but the opt-in tag (--tag-key ${opts.tagKey}); dropping this one would widen access. Remove it from the input, or tighten the policy by hand`,
        );

  const tagConditions = sources.flatMap((s) => s.conditions.filter((c) => isOptInCondition(c)));
  let values = opts.tagValues;
  if (values?.length) decisions.push(`opt-in tag ${opts.tagKey} = ${values.join(", ")} (--tag-value)`);
  else {
    const patterns = tagConditions
      .filter((c) => /Like/i.test(c.operator))
      .flatMap((c) => c.values.filter((v) => /[*?]/.test(v.replace(/\$\{[^}]*\}/g, ""))));
    if (patterns.length)
      fail(
        file,
        "Condition",
        `the input accepts tag values by pattern (${patterns.join(", ")}): name the accepted values with --tag-value`,
      );
    const variables = tagConditions.flatMap((c) => c.values.filter((v) => /\$\{(?![$*?]\})[^}]*\}/.test(v)));
    if (variables.length)
      fail(
        file,
        "Condition",
        `the input's tag values hold policy variables (${variables.join(", ")}): name the accepted values with --tag-value`,
      );
    // Condition values are IAM strings: ${$}, ${*} and ${?} are the characters themselves.
    const found = [...new Set(tagConditions.flatMap((c) => c.values.map((v) => v.replace(/\$\{([$*?])\}/g, "$1"))))];
    values = found.length ? found : [...DEFAULT_PROFILE.tag.values];
    decisions.push(
      `opt-in tag ${opts.tagKey} = ${values.join(", ")} (${found.length ? "the value the input's tag condition accepts" : "default; pass --tag-value to change"})`,
    );
  }
  const match = tagConditions.some((c) => /IgnoreCase/i.test(c.operator)) ? "ignoreCase" : "exact";
  if (match === "ignoreCase") decisions.push("tag values compared ignoring case, as the input does");

  const sendCommand = RUN_COMMAND_ACTIONS.find((a) => sources.some((s) => covers(s, a)));
  const startSession = SESSION_ACTIONS.find((a) => sources.some((s) => covers(s, a)));
  const documentArn = (await actionInfo(RUN_COMMAND_ACTIONS[0]))!.resourceTypes.find((t) => t.name === "document")!.arn;

  const runCommand: ProfileInput["runCommand"] = sendCommand
    ? { documents: chooseDocuments(RUN_COMMAND_DOCUMENTS, opts.documents, documentsOf(sources, sendCommand, documentArn), decisions) }
    : false;
  const sessions: ProfileInput["sessions"] = startSession
    ? { documents: chooseDocuments(SESSION_DOCUMENTS, opts.sessionDocuments, documentsOf(sources, startSession, documentArn), decisions) }
    : false;
  if (!startSession && sources.some((s) => covers(s, "ssm:TerminateSession") || covers(s, "ssm:ResumeSession")))
    decisions.push("no sessions: the input allows no ssm:StartSession, so ssm:TerminateSession and ssm:ResumeSession are dropped");

  // Targets: the node ARNs of the statements that grant SendCommand or StartSession.
  const commandSources = sources.filter((s) => (sendCommand && covers(s, sendCommand)) || (startSession && covers(s, startSession)));
  const types = await targetTypes(RUN_COMMAND_ACTIONS[0]);
  const instance = types.find((t) => t.name === "instance")!;
  const hybrid = types.find((t) => t.name === "managed-instance")!;
  const nodeArns = commandSources.flatMap((s) =>
    (s.resource ?? []).filter((r) => r !== "*" && (arnsIntersect(r, instance.arn) || arnsIntersect(r, hybrid.arn))),
  );
  const everywhere = commandSources.some((s) => !s.resource || s.resource.includes("*"));
  // Whatever reached hybrid nodes before still does: "*", NotResource, or ARNs that match managed-instance.
  const coversHybrid = commandSources.some((s) => coversArn(s, hybrid.arn));
  const hybridNodes = opts.hybridNodes === true || coversHybrid;
  const ec2Instances = everywhere || nodeArns.some((r) => arnsIntersect(r, instance.arn)) || !hybridNodes;
  if (hybridNodes)
    decisions.push(
      `hybrid nodes (managed-instance/*) included (${coversHybrid ? (everywhere ? 'the input granted "*"' : "the input covers managed-instance") : "--hybrid-nodes"})`,
    );
  else
    decisions.push(
      "hybrid nodes not included (the input did not cover managed-instance); pass --hybrid-nodes to include managed-instance/*",
    );
  const named = nodeArns.filter((r) => !/\/\*$/.test(r));
  if (named.length)
    decisions.push(`the input named nodes (${named.join(", ")}): now every node that carries the opt-in tag; tag exactly those`);

  const scope: ProfileInput["scope"] = {};
  if (!everywhere) {
    const regions = scopeOf(nodeArns, 3, LIMITS.region);
    const accounts = scopeOf(nodeArns, 4, LIMITS.accountId);
    if (regions) scope.regions = regions;
    if (accounts) scope.accounts = accounts;
    if (regions || accounts)
      decisions.push(
        `scoped to ${[regions && `regions ${regions.join(", ")}`, accounts && `accounts ${accounts.join(", ")}`].filter(Boolean).join(" and ")} (from the input's node ARNs)`,
      );
  }

  const readActions = READ_ACTIONS.some((a) => sources.some((s) => covers(s, a)));
  const profile: ProfileInput = {
    name: "tightened",
    tag: { key: opts.tagKey, values, match },
    ec2Instances,
    hybridNodes,
    runCommand,
    sessions,
    readActions,
    protectTag: true,
    scope,
  };
  return { profile, partition, account, decisions };
}
