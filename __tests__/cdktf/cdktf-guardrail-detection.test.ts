/**
 * ScopedSsmGuardrail and ScopedSsmDetection with plain values, without Terraform: the synthesised
 * JSON carries the model's statements and pattern with the values bound; options that are off
 * create nothing; bad values stop with InputError naming the construct, the prop and the module's
 * own rule. (Their module stacks are planned against the handlebars modules in cdktf-agreement.)
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ScopedSsmDetection } from "../../src/cdktf/detection";
import { ScopedSsmGuardrail } from "../../src/cdktf/guardrail";
import { detectEventPattern } from "../../src/model/detect";
import { buildGuardrail } from "../../src/model/guardrail";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { InputError } from "../../src/base/errors";
import { ProfileSchema } from "../../src/profile/schema";

const profile = { name: "ir", tag: { key: "IrOptIn", values: ["yes"] }, runCommand: { documents: ["AWS-RunShellScript"] } };
const ADMIN = "arn:aws:iam::*:role/TagAdministrator";

function synth(build: (stack: TerraformStack) => void): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

const errorOf = (f: () => void): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("no InputError");
};

describe("ScopedSsmGuardrail", () => {
  test("with values: the model's statements, the administrators bound, one attachment per target, no tag policy", () => {
    const config = synth((s) => new ScopedSsmGuardrail(s, "g", { profile, targetIds: ["r-ab12"], tagAdminPrincipalArns: [ADMIN] }));
    const [policy] = Object.values<any>(config.resource.aws_organizations_policy);
    expect(Object.keys(config.resource.aws_organizations_policy)).toHaveLength(1);
    expect(policy).toMatchObject({ type: "SERVICE_CONTROL_POLICY", name: "scoped-ssm-ir-guardrail" });
    const locals = Object.values<any>(config.locals);
    const statements: any[] = locals.find((l) => Array.isArray(l))!;
    const model = buildGuardrail(ProfileSchema.parse(profile));
    expect(statements.map((s: any) => s.Sid)).toEqual(model.statements.map((s) => s.sid));
    for (const s of statements) expect(s.Condition.ArnNotLike["aws:PrincipalArn"]).toEqual([ADMIN]);
    expect(JSON.stringify(statements)).toContain('"aws:TagKeys":["IrOptIn"]');
    // protect_launch_templates off: the document holds the tag statements only.
    expect(JSON.stringify(locals)).not.toContain("ProtectLaunchTemplates");
    expect(Object.values<any>(config.resource.aws_organizations_policy_attachment)[0].for_each).toBe('${toset(["r-ab12"])}');
  });

  test("protectLaunchTemplates and enableTagPolicy as values add the statement and the tag policy", () => {
    const config = synth(
      (s) =>
        new ScopedSsmGuardrail(s, "g", {
          profile,
          targetIds: ["r-ab12"],
          tagAdminPrincipalArns: [ADMIN],
          protectLaunchTemplates: true,
          enableTagPolicy: true,
        }),
    );
    expect(JSON.stringify(config.locals)).toContain("ProtectLaunchTemplatesOrganizationWide");
    const tagPolicy = Object.values<any>(config.resource.aws_organizations_policy).find((p) => p.type === "TAG_POLICY");
    expect(tagPolicy).toMatchObject({ name: "scoped-ssm-ir-guardrail-tag-policy", count: "1" });
    const document = Object.values<any>(config.locals).find((l) => l.tags);
    expect(document.tags).toEqual({
      '${lower("IrOptIn")}': {
        tag_key: { "@@assign": "IrOptIn" },
        tag_value: { "@@assign": ["yes"] },
        enforced_for: { "@@assign": ["ec2:instance"] },
      },
    });
  });

  test("as Terraform variables, the switches decide at plan time", () => {
    const config = synth((s) => {
      const bool = (id: string) => new TerraformVariable(s, id, { type: "bool", default: false });
      new ScopedSsmGuardrail(s, "g", {
        profile,
        targetIds: ["r-ab12"],
        tagAdminPrincipalArns: [ADMIN],
        protectLaunchTemplates: bool("protect"),
        enableTagPolicy: bool("enable"),
      });
    });
    const document = Object.values<any>(config.locals).find((l) => l.Version);
    expect(document.Statement).toMatch(/^\$\{concat\(local\.\S+, var\.protect \? local\.\S+ : \[\]\)\}$/);
    const tagPolicy = Object.values<any>(config.resource.aws_organizations_policy).find((p) => p.type === "TAG_POLICY");
    expect(tagPolicy.count).toBe("${var.enable ? 1 : 0}");
  });

  test.each([
    ["targetIds", { targetIds: ["ou-1"] }, "A target is a root id"],
    ["targetIds", { targetIds: [] }, "List at least one root, OU or account id."],
    ["tagAdminPrincipalArns", { tagAdminPrincipalArns: ["arn:aws:sts::*:assumed-role/Admin/*"] }, "no assumed-role pattern"],
    ["tagAdminPrincipalArns", { tagAdminPrincipalArns: undefined }, "is required"],
    ["policyName", { policyName: "" }, "A policy name has 1-128 characters."],
  ])("bad %s stops with InputError in the module's words", (field, change, message) => {
    const e = errorOf(() =>
      synth((s) => new ScopedSsmGuardrail(s, "g", { profile, targetIds: ["r-ab12"], tagAdminPrincipalArns: [ADMIN], ...(change as any) })),
    );
    expect(e.message).toContain(`ScopedSsmGuardrail test/g`);
    expect(e.message).toContain(field);
    expect(e.message).toContain(message);
  });

  test("a Terraform variable of the wrong type is refused", () => {
    const e = errorOf(() =>
      synth((s) => {
        const wrong = new TerraformVariable(s, "wrong", { type: "string" });
        new ScopedSsmGuardrail(s, "g", { profile, targetIds: ["r-ab12"], tagAdminPrincipalArns: [ADMIN], enableTagPolicy: wrong });
      }),
    );
    expect(e.message).toContain("enableTagPolicy");
    expect(e.message).toContain("type bool");
  });
});

describe("ScopedSsmDetection", () => {
  test("by default: the model's pattern for the profile's key, a topic EventBridge may publish to, the rule's target", () => {
    const config = synth((s) => new ScopedSsmDetection(s, "d", { profile: DEFAULT_PROFILE }));
    const [pattern] = Object.values<any>(config.locals);
    expect(pattern).toEqual(detectEventPattern(DEFAULT_PROFILE.tag.key));
    const [topic] = Object.values<any>(config.resource.aws_sns_topic);
    expect(topic).toMatchObject({ name: "scoped-ssm-cado-response-opt-in-tag", count: "1" });
    const [policy] = Object.values<any>(config.resource.aws_sns_topic_policy);
    expect(policy.policy).toContain('Principal = { Service = "events.amazonaws.com" }');
    expect(Object.values<any>(config.resource.aws_cloudwatch_event_target)[0].arn).toMatch(/^\$\{aws_sns_topic\.\S+\[0\]\.arn\}$/);
  });

  test("a given target replaces the topic", () => {
    const arn = "arn:aws:sqs:us-east-1:123456789012:security-alerts";
    const config = synth((s) => new ScopedSsmDetection(s, "d", { profile, targetArn: arn }));
    expect(config.resource.aws_sns_topic).toBeUndefined();
    expect(Object.values<any>(config.resource.aws_cloudwatch_event_target)[0].arn).toBe(arn);
  });

  test.each([
    ["targetArn", { targetArn: "security-alerts" }, "A target is empty or the ARN"],
    ["ruleName", { ruleName: "bad name" }, "A rule name has 1-64 characters"],
  ])("bad %s stops with InputError in the module's words", (field, change, message) => {
    const e = errorOf(() => synth((s) => new ScopedSsmDetection(s, "d", { profile, ...change })));
    expect(e.message).toContain("ScopedSsmDetection test/d");
    expect(e.message).toContain(field);
    expect(e.message).toContain(message);
  });
});
