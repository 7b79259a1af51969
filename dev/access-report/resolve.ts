/**
 * Turns the request catalogue into concrete requests for one profile: fills the placeholders with
 * the profile's tag, documents, region and account.
 */
import { PRINCIPAL_ACCOUNT, PRINCIPAL_USERID, type AccessRequest } from "../simulate";
import { isAwsOwnedDocument } from "../../src/model/arns";
import type { FactId } from "../../src/model/facts";
import { sessionDocuments } from "../../src/model/policy";
import { partitionOfRegion } from "../../src/model/partitions";
import type { Profile } from "../../src/profile/schema";
import { CATALOGUE, type CatalogueEntry, type GroupId } from "./catalogue";

/**
 * The partition a profile's report is simulated in: that of its scoped regions (the module refuses to
 * plan elsewhere), else `aws`.
 */
export const reportPartition = (p: Profile): string => (p.scope.regions ? partitionOfRegion(p.scope.regions[0]) : "aws");
export const DEFAULT_REGION = "us-east-1";
export const OTHER_USERID = "AROAOTHERPRINCIPAL:analyst-session";

export interface ReportRequest extends AccessRequest {
  id: string;
  group: GroupId;
  request: string;
  /** Documented facts the row rests on (see CatalogueEntry.rests). */
  rests?: readonly FactId[];
}

export type Placeholders = Record<string, string | undefined>;

/** Placeholder values, and the approved documents (name, ARN) that `each` rows repeat over. */
export interface ProfileValues {
  values: Placeholders;
  /** Name, ARN in the principal's account, ARN in another account (none for AWS-owned documents). */
  documents: Record<NonNullable<CatalogueEntry["each"]>, [name: string, arn: string, otherAccountArn: string | undefined][]>;
}

const firstNotIn = (candidates: string[], taken: (c: string) => boolean) => candidates.find((c) => !taken(c));

/** The same string in another case that is none of `avoid`, if the string has case at all. */
export function otherCase(s: string, avoid: readonly string[] = []): string | undefined {
  const swapped = [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
  return firstNotIn([s.toLowerCase(), s.toUpperCase(), swapped], (c) => c === s || avoid.includes(c));
}

/** The values the catalogue's placeholders take for a profile. */
export function placeholders(p: Profile): ProfileValues {
  const region = p.scope.regions?.[0] ?? DEFAULT_REGION;
  const account = p.scope.accounts?.[0] ?? PRINCIPAL_ACCOUNT;
  const partition = reportPartition(p);
  const documentArn = (name: string) => `arn:${partition}:ssm:${region}:${isAwsOwnedDocument(name) ? "" : account}:document/${name}`;
  const runDocs = p.runCommand === false ? [] : p.runCommand.documents;
  const sessionDocs = sessionDocuments(p);
  const approved = [...runDocs, ...sessionDocs];
  const preferOwn = (docs: string[]) => docs.find((d) => !isAwsOwnedDocument(d)) ?? docs[0];
  const lower = p.tag.values.map((v) => v.toLowerCase());
  const asSession = firstNotIn([...runDocs, "AWS-RunShellScript", "AWS-RunPowerShellScript"], (d) => sessionDocs.includes(d));
  const values: Placeholders = {
    partition,
    region,
    account,
    otherAccount: firstNotIn(["444455556666", "777788889999", "123456789012"], (a) => p.scope.accounts?.includes(a) ?? false),
    instanceId: "i-0123456789abcdef0",
    hybridId: "mi-0123456789abcdef0",
    sessionId: "platform-session-0123456789abcdef0",
    userId: PRINCIPAL_USERID,
    otherUserId: OTHER_USERID,
    key: p.tag.key,
    keyOtherCase: otherCase(p.tag.key),
    value: p.tag.values[0],
    valueOtherCase: otherCase(p.tag.values[0], p.tag.values),
    otherValue: firstNotIn(["False", "no", "disabled", "opted-out"], (v) => lower.includes(v.toLowerCase())),
    runCommandDocument: preferOwn(runDocs) ?? "AWS-RunShellScript",
    sessionDocument: preferOwn(sessionDocs) ?? "SSM-SessionManagerRunShell",
    ownDocument: approved.find((d) => !isAwsOwnedDocument(d)),
    unapprovedAwsDocument: firstNotIn(["AWS-RunPatchBaseline", "AWS-ApplyPatchBaseline", "AWS-RunAnsiblePlaybook"], (d) =>
      approved.includes(d),
    ),
    unapprovedOwnDocument: firstNotIn(["Unapproved-Collect", "Team-Unapproved-Script"], (d) => approved.includes(d)),
    unapprovedSessionDocument: firstNotIn(["AWS-StartPortForwardingSession", "AWS-StartInteractiveCommand", "AWS-StartSSHSession"], (d) =>
      sessionDocs.includes(d),
    ),
    runCommandDocumentAsSessionArn: asSession && documentArn(asSession),
  };
  const otherAccountArn = (name: string) =>
    isAwsOwnedDocument(name) ? undefined : `arn:${partition}:ssm:${region}:${values.otherAccount}:document/${name}`;
  const withArns = (docs: string[]) => docs.map((d): [string, string, string | undefined] => [d, documentArn(d), otherAccountArn(d)]);
  return { values, documents: { runCommandDocuments: withArns(runDocs), sessionDocuments: withArns(sessionDocs) } };
}

class Missing extends Error {}

/** Fills {name} placeholders in one pass: text that a placeholder brings in is not read again. */
function fill(template: string, values: Placeholders): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`unknown placeholder {${name}} in the access report catalogue`);
    const v = values[name];
    if (v === undefined) throw new Missing(name);
    return v;
  });
}

function resolveEntry(e: CatalogueEntry, values: Placeholders): ReportRequest | undefined {
  try {
    const out: ReportRequest = {
      id: e.id,
      group: e.group,
      request: fill(e.request, values),
      action: e.action,
      resource: fill(e.resource, values),
      principalAccount: values.account,
      principalArn: `arn:${values.partition}:iam::${values.account}:role/platform`,
    };
    if (e.sharedByOwner) out.sharedByOwner = true;
    const rests = new Set(e.rests ?? []);
    // The simulator reads ${$} as IAM documents only through simulate.ts's mapping: say so.
    if ([...Object.entries(e.tags ?? {}).flat(), ...Object.values(e.context ?? {}).flat()].some((t) => fill(t, values).includes("$")))
      rests.add("literal-dollar");
    if (rests.size) out.rests = [...rests];
    if (e.tags) out.resourceTags = Object.fromEntries(Object.entries(e.tags).map(([k, v]) => [fill(k, values), fill(v, values)]));
    if (e.context)
      out.context = Object.fromEntries(
        Object.entries(e.context).map(([k, v]) => [k, typeof v === "string" ? fill(v, values) : v.map((x) => fill(x, values))]),
      );
    return out;
  } catch (err) {
    if (err instanceof Missing) return undefined;
    throw err;
  }
}

/** The concrete requests of a profile's report, in catalogue order. */
export function reportRequests(p: Profile, catalogue: readonly CatalogueEntry[] = CATALOGUE): ReportRequest[] {
  const { values, documents } = placeholders(p);
  return catalogue.flatMap((e) => {
    if (!e.each) return resolveEntry(e, values) ?? [];
    return documents[e.each].flatMap(([document, documentArn, documentOtherAccountArn], i) => {
      const r = resolveEntry(e, { ...values, document, documentArn, documentOtherAccountArn });
      return r ? [{ ...r, id: `${e.id}.${i}` }] : [];
    });
  });
}
