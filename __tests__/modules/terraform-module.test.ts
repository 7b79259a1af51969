/**
 * The handlebars module, through the real Terraform CLI, offline: fmt and a plan (in the run's
 * shared plan, support/shared-plan.ts: the roots are in plans/terraform-module.ts) of a root
 * calling it in commercial and GovCloud, with every input overridden, and for hostile strings;
 * IAM simulation of the policy read from the plan; and lint of every identity policy in the plan.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalPolicy } from "../../dev/policy-json";
import { simulate } from "../../dev/simulate";
import { removeDir, tempDir, tf } from "../../dev/terraform";
import { writeModule } from "../support/modules";
import { SAMPLE_ACCOUNT } from "../../src/model/expr";
import { envFor, evalPolicy, policyChars } from "../../src/model/policy-document";
import { runAsync } from "../../src/cli/main";
import { CUSTOM, HOSTILE_DESCRIPTION, HOSTILE_KEY, HOSTILE_VALUES, INSTANCES, ROLES, model } from "../plans/terraform-module";
import { sharedPlan, sharedRefusal } from "../support/shared-plan";

let moduleDir: string;
let planDir: string;
let plan: any;
let planFile: string;
beforeAll(async () => {
  moduleDir = writeModule(model);
  // The roots are planned in the run's shared plan (plans/terraform-module.ts); lint reads this one's part of it.
  plan = await sharedPlan("module");
  planDir = tempDir("module-plan");
  planFile = join(planDir, "plan.json");
  writeFileSync(planFile, JSON.stringify(plan, null, 2));
});
afterAll(() => [moduleDir, planDir].forEach(removeDir));

/** The part of the plan that one module call made. */
function planOf(call: string) {
  return {
    resource_changes: plan.resource_changes.filter((r: any) => r.module_address === `module.${call}`),
  };
}

const changes = (p: any, type: string) => p.resource_changes.filter((r: any) => r.type === type);
const plannedPolicy = (p: any) => changes(p, "aws_iam_policy")[0].change.after.policy as string;

test("the module is terraform fmt-clean", () => {
  expect(tf(moduleDir, ["fmt", "-check", "-list=true", "-recursive", "."])).toBe("");
});

describe.each([
  ["aws", "us-east-1"],
  ["aws-us-gov", "us-gov-west-1"],
])("planned in partition %s (%s)", (partition, region) => {
  let p: any;
  beforeAll(() => {
    p = planOf(partition.replace(/-/g, "_"));
  });

  test("creates the policy, one attachment per role and one tag per instance", () => {
    expect(changes(p, "aws_iam_policy").map((r: any) => [r.address, r.change.actions])).toEqual([
      [`module.${partition.replace(/-/g, "_")}.aws_iam_policy.this`, ["create"]],
    ]);
    expect(
      changes(p, "aws_iam_role_policy_attachment")
        .map((r: any) => r.change.after.role)
        .sort(),
    ).toEqual([...ROLES].sort());
    expect(
      changes(p, "aws_ec2_tag")
        .map((r: any) => r.change.after)
        .sort((a: any, b: any) => a.resource_id.localeCompare(b.resource_id)),
    ).toEqual([...INSTANCES].sort().map((id) => ({ resource_id: id, key: "CadoResponseSSMEnabled", value: "True" })));
  });

  test("the planned policy is the model's policy, with the partition in every ARN", () => {
    const planned = canonicalPolicy(plannedPolicy(p));
    expect(planned).toEqual(canonicalPolicy(evalPolicy(model, envFor(model, partition))));
    const arns = planned.Statement.flatMap((s) => s.Resource ?? []).filter((r) => r !== "*");
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) expect(arn.startsWith(`arn:${partition}:`)).toBe(true);
  });

  test("the size generate reports is the planned policy's size", () => {
    expect(policyChars(evalPolicy(model, envFor(model, partition)))).toBe(plannedPolicy(p).length);
  });

  const instance = (id: string) => `arn:${partition}:ec2:${region}:111122223333:instance/${id}`;
  const document = (name: string) => `arn:${partition}:ssm:${region}::document/${name}`;
  test.each([
    ["tagged instance", "ssm:SendCommand", () => instance(INSTANCES[0]), { CadoResponseSSMEnabled: "True" }, {}, "Allowed"],
    ["approved document", "ssm:SendCommand", () => document("AWS-RunShellScript"), {}, {}, "Allowed"],
    ["untagged instance", "ssm:SendCommand", () => instance(INSTANCES[1]), {}, {}, "ImplicitlyDenied"],
    [
      "instance tagged true (other case)",
      "ssm:SendCommand",
      () => instance(INSTANCES[1]),
      { CadoResponseSSMEnabled: "true" },
      {},
      "ImplicitlyDenied",
    ],
    ["unapproved document", "ssm:SendCommand", () => document("AWS-RunPatchBaseline"), {}, {}, "ImplicitlyDenied"],
    ["instance information on *", "ssm:DescribeInstanceInformation", () => "*", {}, {}, "Allowed"],
    [
      "creating the opt-in tag",
      "ec2:CreateTags",
      () => instance(INSTANCES[1]),
      {},
      { "aws:TagKeys": ["CadoResponseSSMEnabled"] },
      "ExplicitlyDenied",
    ],
    [
      "creating the opt-in tag, key in another case",
      "ec2:CreateTags",
      () => instance(INSTANCES[1]),
      {},
      { "aws:TagKeys": ["cadoresponsessmenabled"] },
      "ExplicitlyDenied",
    ],
  ])("simulated %s (%s)", async (_, action, resource, resourceTags, context, expected) => {
    const decision = await simulate([JSON.parse(plannedPolicy(p))], { action, resource: resource(), resourceTags, context });
    expect(decision).toBe(expected);
  });
});

test.each([
  ["aws", "us-east-1"],
  ["aws_us_gov", "us-gov-west-1"],
])("own documents are pinned by the account id the plan read from STS, with no global condition key (%s)", async (call, region) => {
  const text = plannedPolicy(planOf(call));
  const policy = JSON.parse(text);
  const partition = call === "aws" ? "aws" : "aws-us-gov";
  const documents = policy.Statement.flatMap((s: any) => [s.Resource].flat().filter((r: string) => r.includes(":document/")));
  const own = documents.filter((r: string) => r.split(":")[4] !== "");
  expect(own.length).toBeGreaterThan(0);
  for (const arn of own) expect(arn.split(":")[4]).toBe(SAMPLE_ACCOUNT);
  expect(text).not.toMatch(/aws:ResourceAccount|aws:ViaAWSService/);
  const doc = (account: string) => `arn:${partition}:ssm:${region}:${account}:document/SSM-SessionManagerRunShell`;
  const decide = (account: string, sharedByOwner: boolean) =>
    simulate([policy], {
      action: "ssm:StartSession",
      resource: doc(account),
      principalAccount: SAMPLE_ACCOUNT,
      principalArn: `arn:${partition}:iam::${SAMPLE_ACCOUNT}:role/platform`,
      sharedByOwner,
    });
  expect(await decide(SAMPLE_ACCOUNT, false)).toBe("Allowed");
  expect(await decide("444455556666", true)).toBe("ImplicitlyDenied");
});

test("module inputs reach the planned policy and tags as the model says", () => {
  const p = planOf("custom");
  expect(canonicalPolicy(plannedPolicy(p))).toEqual(canonicalPolicy(evalPolicy(model, envFor(model, "aws", CUSTOM))));
  expect(changes(p, "aws_iam_policy")[0].change.after.name).toBe("ir-ssm");
  expect(changes(p, "aws_ec2_tag")[0].change.after).toEqual({ resource_id: INSTANCES[0], key: "IR-Opt-In", value: "yes" });
});

test("variable validation rejects what AWS would reject", async () => {
  const message = await sharedRefusal("module_refused");
  expect(message).toContain("does not start with aws:");
  expect(message).toContain("An instance id is");
});

describe("hostile strings through the plan", () => {
  const after = (type: string) => planOf("hostile").resource_changes.find((r: any) => r.type === type).change.after;

  test("the tag and the description are planned exactly as written", () => {
    expect(after("aws_ec2_tag")).toEqual({ resource_id: INSTANCES[0], key: HOSTILE_KEY, value: HOSTILE_VALUES[0] });
    expect(after("aws_iam_policy").description).toBe(HOSTILE_DESCRIPTION);
  });

  test("the policy names the key as written and escapes '$' in values for IAM", () => {
    const policy = JSON.parse(after("aws_iam_policy").policy);
    const sendOnNodes = policy.Statement.find((s: any) => s.Sid === "SendCommandOnOptedInNodes");
    expect(sendOnNodes.Condition.StringEquals).toEqual({
      [`ssm:resourceTag/${HOSTILE_KEY}`]: ["${$}{aws:userid}", "x&{y}\n\t${$}${$}{z}", ""],
    });
    const deny = policy.Statement.find((s: any) => s.Sid === "ProtectOptInTag");
    expect(deny.Condition["ForAnyValue:StringEqualsIgnoreCase"]["aws:TagKeys"]).toEqual(['a"b${$}{c}%{d}\\e &{f} #g']);
  });

  describe("IAM reads the planned values literally", () => {
    const instance = `arn:aws:ec2:us-east-1:111122223333:instance/${INSTANCES[0]}`;
    const send = async (tag?: string) =>
      simulate([JSON.parse(after("aws_iam_policy").policy)], {
        action: "ssm:SendCommand",
        resource: instance,
        resourceTags: tag === undefined ? {} : { [HOSTILE_KEY]: tag },
      });

    test("an instance tagged with the literal string ${aws:userid} is allowed", async () => {
      expect(await send("${aws:userid}")).toBe("Allowed");
      expect(await send(HOSTILE_VALUES[1])).toBe("Allowed");
    });

    test("an instance tagged with the caller's actual user id is not", async () => {
      expect(await send("AROAEXAMPLEID:platform-session")).toBe("ImplicitlyDenied");
      expect(await send()).toBe("ImplicitlyDenied");
    });
  });
});

/**
 * lint reads every identity policy in `terraform show -json` output: the generated module's (clean
 * but for the hybrid-nodes note), an aws_iam_policy_document data source and the inline role
 * policy built from it; trust policies are left out.
 */
test("lint: every identity policy of the plan is linted, each named by its address", async () => {
  const r = await runAsync(["lint", planFile, "--format", "json"]);
  const out = JSON.parse(r.stdout);
  const by = (address: string) => out.findings.filter((f: any) => f.address === address).map((f: any) => [f.severity, f.ruleId, f.at]);
  expect(by("module.aws_us_gov.aws_iam_policy.this.policy")).toEqual([
    ["note", "hybrid-nodes-not-covered", "ssm:SendCommand, ssm:StartSession"],
  ]);
  expect(by("data.aws_iam_policy_document.broad.json")).toEqual([["error", "untagged-command-target", "ssm:SendCommand"]]);
  expect(by("aws_iam_role_policy.inline.policy")).toEqual([["error", "untagged-command-target", "ssm:SendCommand"]]);
  // Four module calls, the data source and the inline policy; the trust policy names a Principal, and
  // aws_iam_policy_document's minified_json repeats its json.
  expect(out.policies).toBe(6);
  expect(r.code).toBe(1);
  for (const f of out.findings) expect(f.line).toBeGreaterThan(0);
});
