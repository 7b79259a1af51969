/**
 * The two renderers agree: for each profile, one root configuration calls the handlebars module,
 * the CDKTF module stack synthesised as JSON and the same stack synthesised as HCL, each with the
 * same inputs (twice: the module defaults plus roles and instances, and every input overridden).
 * One offline `terraform plan` for every profile and renderer (a root calling them all, in the run's
 * shared plan: support/shared-plan.ts, plans/cdktf-agreement.ts); the
 * planned policies (canonically ordered), tags, attachments and outputs must be identical, and
 * equal to what the model evaluates to. The guardrail and detect modules of each profile are in the
 * same configuration: handlebars against their CDKTF module stacks (JSON and HCL), with their own
 * two input sets (defaults, and every option turned on or overridden).
 */
import { canonicalPolicy } from "../../dev/policy-json";
import { SAMPLE_ACCOUNT } from "../../src/model/expr";
import { buildModule } from "../../src/model/module";
import { buildStackSet } from "../../src/model/stackset";
import { buildGuardrail } from "../../src/model/guardrail";
import { detectEventPattern } from "../../src/model/detect";
import { evalDocument } from "../../src/model/policy-document";
import { renderCloudFormation } from "../../src/emit/cloudformation";
import { templatePolicyDocuments } from "../../dev/cloudformation-eval";
import { envFor, evalPolicy } from "../../src/model/policy-document";
import { changesOf } from "../support/cdktf";
import { sharedPlan } from "../support/shared-plan";
import { INSTANCES, OTHER_MODULES, ROLES, callName, config, inputSets } from "../plans/cdktf-agreement";

/** Every profile's module calls, planned once. */
let plan: any;
beforeAll(async () => {
  plan = await sharedPlan("agreement");
});

/** What a module call planned, comparable across renderers. */
function summary(plan: any, module: string) {
  const changes = changesOf(plan, module);
  const byIndex = (a: any, b: any) => String(a.index).localeCompare(String(b.index));
  const policy = changes.filter((r) => r.type === "aws_iam_policy");
  const { policy: document, ...policyRest } = policy[0].change.after;
  return {
    addresses: changes.map((r) => r.address).sort(),
    actions: [...new Set(changes.flatMap((r) => r.change.actions))],
    policy: canonicalPolicy(document),
    policyRest,
    attachments: changes
      .filter((r) => r.type === "aws_iam_role_policy_attachment")
      .sort(byIndex)
      .map((r) => [r.index, r.change.after]),
    tags: changes
      .filter((r) => r.type === "aws_ec2_tag")
      .sort(byIndex)
      .map((r) => [r.index, r.change.after]),
    roles: changes
      .filter((r) => r.type === "aws_iam_role")
      .map((r) => ({ ...r.change.after, assume_role_policy: JSON.parse(r.change.after.assume_role_policy) })),
    outputs: [
      plan.planned_values.outputs[`${module}_tagged_instance_ids`],
      canonicalPolicy(plan.planned_values.outputs[`${module}_policy_json`].value),
    ],
  };
}

describe.each(config.profiles.map((p) => [p.name, p] as const))("profile %s", (name, profile) => {
  const model = buildModule(profile);
  const inputs = inputSets(profile);
  const partition = profile.scope.regions?.some((r) => r.startsWith("us-gov-")) ? "aws-us-gov" : "aws";

  test.each(["base", "custom"] as const)("with the %s inputs, the handlebars module plans what the model says", (set) => {
    const s = summary(plan, callName(name, "hbs", set));
    const env = envFor(model, partition, inputs[set] as Record<string, string | string[]>);
    expect(s.policy).toEqual(canonicalPolicy(evalPolicy(model, env)));
    expect(s.actions).toEqual(["create"]);
    expect(s.addresses).toEqual(
      [
        "aws_iam_policy.this",
        ...ROLES.map((r) => `aws_iam_role_policy_attachment.this["${r}"]`),
        ...INSTANCES.map((i) => `aws_ec2_tag.opt_in["${i}"]`),
        ...(set === "custom" ? ["aws_iam_role.platform[0]", "aws_iam_role_policy_attachment.platform[0]"] : []),
      ].sort(),
    );
    if (set === "custom") {
      const role = changesOf(plan, callName(name, "hbs", set)).find((r) => r.type === "aws_iam_role").change.after;
      expect(role).toMatchObject({ name: "ir-platform", max_session_duration: 7200 });
      expect(JSON.parse(role.assume_role_policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "TrustedPrincipalsWithExternalId",
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::999988887777:role/PlatformScanner"] },
            Action: ["sts:AssumeRole"],
            Condition: { StringEquals: { "sts:ExternalId": ["cado-ext-0123456789"] } },
          },
        ],
      });
    }
    const tagKey = set === "base" ? profile.tag.key : "IR-Opt-In";
    const tagValue = set === "base" ? profile.tag.values[0] : "on";
    expect(s.tags.map(([, after]: any) => after)).toEqual(
      INSTANCES.map((id) => ({ resource_id: id, key: tagKey, value: tagValue })).sort((a, b) => a.resource_id.localeCompare(b.resource_id)),
    );
  });

  test("the StackSet's CloudFormation template (Fn::Sub evaluated) holds the policy the handlebars module planned", () => {
    const planned = summary(plan, callName(name, "hbs", "base")).policy;
    const documents = templatePolicyDocuments(renderCloudFormation(buildStackSet(profile)), {
      parameters: {},
      partition,
      account: SAMPLE_ACCOUNT,
    });
    expect(documents).toHaveLength(1);
    expect(canonicalPolicy(documents[0])).toEqual(planned);
  });

  test.each(["cdktf_json", "cdktf_hcl"] as const)("the CDKTF module stack (%s) plans the same as the handlebars module", (renderer) => {
    for (const set of ["base", "custom"] as const)
      expect(summary(plan, callName(name, renderer, set))).toEqual(summary(plan, callName(name, "hbs", set)));
  });
});

/** What a guardrail call planned, comparable across renderers. */
function guardrailSummary(plan: any, module: string) {
  const changes = changesOf(plan, module);
  const byIndex = (a: any, b: any) => String(a.index).localeCompare(String(b.index));
  const policies = changes
    .filter((r) => r.type === "aws_organizations_policy")
    .map((r) => ({ address: r.address, ...r.change.after, content: JSON.parse(r.change.after.content) }));
  return {
    addresses: changes.map((r) => r.address).sort(),
    actions: [...new Set(changes.flatMap((r) => r.change.actions))],
    policies: policies.map((p) => (p.type === "SERVICE_CONTROL_POLICY" ? { ...p, content: canonicalPolicy(p.content) } : p)),
    attachments: changes
      .filter((r) => r.type === "aws_organizations_policy_attachment")
      .sort(byIndex)
      .map((r) => [r.address, r.change.after, r.change.after_unknown]),
    content: plan.planned_values.outputs[`${module}_policy_content`],
  };
}

/** What a detect call planned, comparable across renderers: the pattern parsed, the rest as planned. */
function detectSummary(plan: any, module: string) {
  const changes = changesOf(plan, module);
  return changes
    .map((r) => ({
      address: r.address,
      actions: r.change.actions,
      after:
        r.type === "aws_cloudwatch_event_rule"
          ? { ...r.change.after, event_pattern: JSON.parse(r.change.after.event_pattern) }
          : r.change.after,
      unknown: r.change.after_unknown,
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** What a StackSet call planned, comparable across renderers: the template parsed, the rest as planned. */
function stackSetSummary(plan: any, module: string) {
  return changesOf(plan, module)
    .map((r) => ({
      address: r.address,
      actions: r.change.actions,
      after:
        r.type === "aws_cloudformation_stack_set"
          ? { ...r.change.after, template_body: JSON.parse(r.change.after.template_body) }
          : r.change.after,
      unknown: r.change.after_unknown,
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

describe.each(config.profiles.map((p) => [p.name, p] as const))("profile %s: guardrail and detect modules", (name, profile) => {
  const partition = profile.scope.regions?.some((r) => r.startsWith("us-gov-")) ? "aws-us-gov" : "aws";
  const guardrail = buildGuardrail(profile);

  test.each(["base", "custom"] as const)("with the %s inputs, the handlebars guardrail plans what the model says", (set) => {
    const s = guardrailSummary(plan, callName(name, "guardrail_hbs", set));
    const inputs = OTHER_MODULES.guardrail.inputs[set] as Record<string, any>;
    const statements = [...guardrail.statements, ...(set === "custom" ? guardrail.launchTemplateStatements : [])];
    const scp = s.policies.find((p) => p.type === "SERVICE_CONTROL_POLICY")!;
    expect(scp.content).toEqual(canonicalPolicy(evalDocument(statements, envFor(guardrail, partition, inputs))));
    expect(s.actions).toEqual(["create"]);
    const tagPolicy = s.policies.find((p) => p.type === "TAG_POLICY");
    if (set === "base") expect(tagPolicy).toBeUndefined();
    else
      expect(tagPolicy!.content).toEqual({
        tags: {
          "ir-opt-in": {
            tag_key: { "@@assign": "IR-Opt-In" },
            tag_value: { "@@assign": ["on", "On"] },
            enforced_for: { "@@assign": ["ec2:instance"] },
          },
        },
      });
    expect(s.attachments).toHaveLength(set === "base" ? 2 : 4);
  });

  test.each(["base", "custom"] as const)("with the %s inputs, the handlebars detect module matches the model's pattern", (set) => {
    const s = detectSummary(plan, callName(name, "detect_hbs", set));
    const rule = s.find((r) => r.address === "aws_cloudwatch_event_rule.this")!;
    expect(rule.after.event_pattern).toEqual(detectEventPattern(set === "base" ? profile.tag.key : "IR-Opt-In"));
    expect(s.map((r) => r.address)).toEqual(
      (set === "base"
        ? ["aws_cloudwatch_event_rule.this", "aws_cloudwatch_event_target.this", "aws_sns_topic.this[0]", "aws_sns_topic_policy.this[0]"]
        : ["aws_cloudwatch_event_rule.this", "aws_cloudwatch_event_target.this"]
      ).sort((a, b) => a.localeCompare(b)),
    );
  });

  test.each(["cdktf_json", "cdktf_hcl"] as const)(
    "the CDKTF guardrail and detect stacks (%s) plan the same as the handlebars modules",
    (renderer) => {
      for (const set of ["base", "custom"] as const) {
        expect(guardrailSummary(plan, callName(name, `guardrail_${renderer}`, set))).toEqual(
          guardrailSummary(plan, callName(name, "guardrail_hbs", set)),
        );
        expect(detectSummary(plan, callName(name, `detect_${renderer}`, set))).toEqual(
          detectSummary(plan, callName(name, "detect_hbs", set)),
        );
      }
    },
  );

  test.each(["cdktf_json", "cdktf_hcl"] as const)("the CDKTF StackSet stack (%s) plans the same as the handlebars module", (renderer) => {
    for (const set of ["base", "custom"] as const)
      expect(stackSetSummary(plan, callName(name, `stackset_${renderer}`, set))).toEqual(
        stackSetSummary(plan, callName(name, "stackset_hbs", set)),
      );
    const custom = stackSetSummary(plan, callName(name, "stackset_hbs", "custom"));
    const stackSet = custom.find((r) => r.address === "aws_cloudformation_stack_set.this")!.after;
    expect(stackSet).toMatchObject({ name: "ir-rollout", call_as: "DELEGATED_ADMIN" });
    expect(stackSet.parameters).toMatchObject({ CreateRole: "true", MaxSessionDuration: "7200", TagKey: "IR-Opt-In" });
    expect(stackSet.template_body).toEqual(JSON.parse(renderCloudFormation(buildStackSet(profile))));
    expect(custom.filter((r) => r.address.startsWith("aws_cloudformation_stack_set_instance."))).toHaveLength(1);
  });
});

test("the profiles exercise what they are meant to", () => {
  const policies = Object.fromEntries(config.profiles.map((p) => [p.name, evalPolicy(buildModule(p), envFor(buildModule(p)))]));
  const text = (n: string) => JSON.stringify(policies[n]);
  expect(text("hybrid-run-only")).toContain("managed-instance/*");
  expect(text("hybrid-run-only")).not.toContain("ssm:StartSession");
  expect(text("scoped-ignore-case")).toContain("StringEqualsIgnoreCase");
  expect(text("scoped-ignore-case")).toContain(":us-gov-west-1:111122223333:");
  expect(text("hostile")).toContain("${$}{aws:userid}");
});
