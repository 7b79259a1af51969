/**
 * The handlebars module, through the real Terraform CLI, offline: fmt, validate, plan (commercial
 * and GovCloud, and with every input overridden: three calls of the module in one root, one plan),
 * and IAM simulation of the policy read from the plan.
 */
import { canonicalPolicy } from "../dev/policy-json";
import { simulate } from "../dev/simulate";
import { planJson, removeDir, tf, writeMultiRoot, writeRoot } from "../dev/terraform";
import { writeModule } from "./support/modules";
import { buildModule } from "../src/model/module";
import { envFor, evalPolicy, policyChars } from "../src/model/policy-document";
import { loadConfig } from "../src/profile/load";

const profile = loadConfig(undefined, "/nonexistent-dir").config.profiles[0];
const model = buildModule(profile);
const ROLES = ["IrPlatformRole", "IrAnalystRole"];
const INSTANCES = ["i-0123456789abcdef0", "i-0fedcba9876543210"];

const CUSTOM = {
  tag_key: "IR-Opt-In",
  tag_values: ["yes", "Yes"],
  run_command_documents: ["AWS-RunShellScript", "Team-Collect"],
  session_documents: ["AWS-StartPortForwardingSession"],
  opt_in_instance_ids: [INSTANCES[0]],
  policy_name: "ir-ssm",
};

let moduleDir: string;
let plan: any;
const roots: string[] = [];
beforeAll(() => {
  moduleDir = writeModule(model);
  const base = { role_names: ROLES, opt_in_instance_ids: INSTANCES };
  const root = writeMultiRoot([
    { name: "aws", source: moduleDir, inputs: base, region: "us-east-1" },
    { name: "aws_us_gov", source: moduleDir, inputs: base, region: "us-gov-west-1" },
    { name: "custom", source: moduleDir, inputs: CUSTOM, region: "eu-west-1" },
  ]);
  roots.push(root);
  plan = planJson(root);
});
afterAll(() => [moduleDir, ...roots].forEach(removeDir));

/** The part of the plan that one module call made. */
function planOf(call: string) {
  return {
    resource_changes: plan.resource_changes.filter((r: any) => r.module_address === `module.${call}`),
  };
}

const changes = (p: any, type: string) => p.resource_changes.filter((r: any) => r.type === type);
const plannedPolicy = (p: any) => changes(p, "aws_iam_policy")[0].change.after.policy as string;

test("a root calling the module passes terraform validate", () => {
  expect(tf(roots[0], ["validate", "-no-color"])).toContain("Success");
});

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

test("module inputs reach the planned policy and tags as the model says", () => {
  const p = planOf("custom");
  expect(canonicalPolicy(plannedPolicy(p))).toEqual(canonicalPolicy(evalPolicy(model, envFor(model, "aws", CUSTOM))));
  expect(changes(p, "aws_iam_policy")[0].change.after.name).toBe("ir-ssm");
  expect(changes(p, "aws_ec2_tag")[0].change.after).toEqual({ resource_id: INSTANCES[0], key: "IR-Opt-In", value: "yes" });
});

test("variable validation rejects what AWS would reject", () => {
  const dir = writeRoot({ moduleDir, region: "us-east-1", inputs: { tag_key: "aws:reserved", opt_in_instance_ids: ["i-XYZ"] } });
  roots.push(dir);
  tf(dir, ["init", "-input=false", "-no-color", "-backend=false"]);
  let message = "";
  try {
    tf(dir, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false"]);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain("does not start with aws:");
  expect(message).toContain("An instance id is");
});
