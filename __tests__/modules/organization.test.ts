/**
 * Across an organisation: the guardrail SCP and the StackSet modules, generated for the default
 * profile, plan offline from examples/organization (in the run's shared plan: support/shared-plan.ts,
 * plans/organization.ts); the SCP, simulated as a service control policy
 * beside FullAWSAccess, stops an administrator of a member account on every tagging path of the
 * opt-in key and lets a tag administrator through; the StackSet's template holds the account
 * module's policy.
 */
import { readFileSync } from "node:fs";
import { SAMPLE_ACCOUNT } from "../../src/model/expr";
import { join } from "node:path";
import { canonicalPolicy } from "../../dev/policy-json";
import { templatePolicyDocuments } from "../../dev/cloudformation-eval";
import { type Decision, simulate } from "../../dev/simulate";
import { tf } from "../../dev/terraform";
import { buildGuardrail } from "../../src/model/guardrail";
import { buildModule } from "../../src/model/module";
import { TAG_MUTATION_ACTIONS } from "../../src/model/policy";
import { envFor, evalDocument, evalPolicies, policyChars } from "../../src/model/policy-document";
import { buildStackSet } from "../../src/model/stackset";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { LIMITS } from "../../src/profile/limits";
import { ProfileSchema, type ProfileInput } from "../../src/profile/schema";
import { sharedPart, sharedPlan } from "../support/shared-plan";
import { renderCloudFormation } from "../../src/emit/cloudformation";

const profile = ProfileSchema.parse(DEFAULT_PROFILE);
const ADMINS = ["arn:aws:iam::*:role/TagAdministrator"];

let plan: any;
let dir: string;
beforeAll(async () => {
  plan = await sharedPlan("organization");
  // The folder where the part ran `generate`: its modules, for fmt.
  dir = join((await sharedPart("organization")).dir, "..", "..");
});

test("examples/basic plans against the module generate writes for the embedded default profile, offline", () => {
  const types = plan.resource_changes
    .filter((r: any) => r.module_address?.startsWith("module.basic"))
    .map((r: any) => r.type)
    .sort();
  expect(types).toEqual(["aws_ec2_tag", "aws_ec2_tag", "aws_iam_policy", "aws_iam_role_policy_attachment"]);
});

test("the generated guardrail and StackSet modules are terraform fmt-clean", () => {
  expect(tf(join(dir, "modules/cado-response"), ["fmt", "-check", "-list=true", "-recursive", "."])).toBe("");
});

const changes = (type: string) => plan.resource_changes.filter((r: any) => r.type === type);

describe("the guardrail module", () => {
  test("plans the SCP, its attachments, and the tag policy when enabled", () => {
    const policies = changes("aws_organizations_policy").map((r: any) => [r.address, r.change.after.type]);
    expect(policies).toEqual([
      ["module.organization.module.guardrail.aws_organizations_policy.tag_policy[0]", "TAG_POLICY"],
      ["module.organization.module.guardrail.aws_organizations_policy.this", "SERVICE_CONTROL_POLICY"],
    ]);
    expect(changes("aws_organizations_policy_attachment").map((r: any) => r.change.after.target_id)).toEqual(["r-ab12", "r-ab12"]);
    const tagPolicy = JSON.parse(
      changes("aws_organizations_policy").find((r: any) => r.change.after.type === "TAG_POLICY").change.after.content,
    );
    expect(tagPolicy).toEqual({
      tags: {
        cadoresponsessmenabled: {
          tag_key: { "@@assign": "CadoResponseSSMEnabled" },
          tag_value: { "@@assign": ["True"] },
          enforced_for: { "@@assign": ["ec2:instance"] },
        },
      },
    });
  });

  test("the planned SCP is the model's, within an SCP's size", () => {
    const scp: string = plan.planned_values.outputs.scp.value;
    const guardrail = buildGuardrail(profile);
    expect(canonicalPolicy(scp)).toEqual(
      canonicalPolicy(evalDocument(guardrail.statements, envFor(guardrail, "aws", { tag_admin_principal_arns: ADMINS }))),
    );
    expect(scp.length).toBeLessThanOrEqual(LIMITS.serviceControlPolicyChars);
  });

  describe("simulated as a service control policy beside FullAWSAccess", () => {
    const FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    const ADMINISTRATOR = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    const account = "444455556666";
    const admin = `arn:aws:iam::${account}:role/Admin`;
    const tagAdmin = `arn:aws:iam::${account}:role/TagAdministrator`;
    const resourceOf = (action: string) =>
      action.startsWith("ec2:")
        ? `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`
        : action.startsWith("autoscaling:")
          ? `arn:aws:autoscaling:us-east-1:${account}:autoScalingGroup:0a1b2c3d-0000-4000-8000-0123456789ab:autoScalingGroupName/fleet`
          : /Tags/.test(action)
            ? `arn:aws:ssm:us-east-1:${account}:managed-instance/mi-0123456789abcdef0`
            : "*";
    const decide = (principalArn: string, action: string, tagKeys: string[]): Promise<Decision> =>
      simulate(
        [ADMINISTRATOR],
        { action, resource: resourceOf(action), principalAccount: account, principalArn, context: { "aws:TagKeys": tagKeys } },
        { serviceControlPolicies: [FULL_AWS_ACCESS, JSON.parse(plan.planned_values.outputs.scp.value)] },
      );

    test.each(TAG_MUTATION_ACTIONS)("%s with the opt-in key, in any case, is denied to an administrator", async (action) => {
      for (const key of ["CadoResponseSSMEnabled", "cadoresponsessmenabled", "CADORESPONSESSMENABLED"])
        expect([key, await decide(admin, action, ["Name", key])]).toEqual([key, "ExplicitlyDenied"]);
    });

    test.each(TAG_MUTATION_ACTIONS)("%s is allowed to a tag administrator, and with other keys to anyone", async (action) => {
      expect(await decide(tagAdmin, action, ["CadoResponseSSMEnabled"])).toBe("Allowed");
      expect(await decide(admin, action, ["Name", "team"])).toBe("Allowed");
    });

    test("unrelated actions are untouched", async () => {
      for (const action of ["ssm:SendCommand", "ec2:RunInstances", "iam:CreateRole"])
        expect(
          await simulate(
            [ADMINISTRATOR],
            { action, resource: "*", principalAccount: account, principalArn: admin },
            {
              serviceControlPolicies: [FULL_AWS_ACCESS, JSON.parse(plan.planned_values.outputs.scp.value)],
            },
          ),
        ).toBe("Allowed");
    });
  });
});

/** A CloudFormation template's policy with Fn::Sub evaluated in a partition. */
function templatePolicies(template: string, partition: string): object[] {
  return templatePolicyDocuments(template, { parameters: {}, partition, account: SAMPLE_ACCOUNT }) as object[];
}

describe("the StackSet module", () => {
  test("plans a service-managed StackSet with automatic deployment, one instance per OU, from the generated template", () => {
    const [set] = changes("aws_cloudformation_stack_set").map((r: any) => r.change.after);
    expect(set).toMatchObject({
      permission_model: "SERVICE_MANAGED",
      capabilities: ["CAPABILITY_NAMED_IAM"],
      auto_deployment: [{ enabled: true }],
    });
    expect(set.parameters).toEqual({
      PolicyName: "scoped-ssm-cado-response",
      RoleNames: "",
      CreateRole: "true",
      RoleName: "IrPlatformRole",
      TrustedPrincipalArns: "arn:aws:iam::999988887777:root",
      ExternalId: "cado-ext-0123456789",
      MaxSessionDuration: "3600",
      PermissionsBoundaryArn: "",
      TagKey: "CadoResponseSSMEnabled",
      TagKeyLiteral: "CadoResponseSSMEnabled",
      TagValues: '["True"]',
    });
    expect(set.template_body).toBe(readFileSync(join(dir, "modules/cado-response/stackset/template.json"), "utf8"));
    const instances = changes("aws_cloudformation_stack_set_instance").map((r: any) => r.change.after);
    expect(instances.map((i: any) => i.deployment_targets[0].organizational_unit_ids)).toEqual([
      ["ou-ab12-11111111"],
      ["ou-ab12-22222222"],
    ]);
    // No region argument (deprecated in AWS provider 6, its successor missing in 5): the provider's region, known at apply.
    expect(instances.every((i: any) => i.region === undefined && i.call_as === "SELF")).toBe(true);
    expect(set.call_as).toBe("SELF");
  });

  test("the template's role trusts the given principals only with the external id, and holds every policy", () => {
    const template = JSON.parse(renderCloudFormation(buildStackSet(profile)));
    expect(template.Resources.PlatformRole).toMatchObject({
      Type: "AWS::IAM::Role",
      Condition: "CreateRole",
      Properties: {
        RoleName: { Ref: "RoleName" },
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "TrustedPrincipalsWithExternalId",
              Effect: "Allow",
              Principal: { AWS: { Ref: "TrustedPrincipalArns" } },
              Action: ["sts:AssumeRole"],
              Condition: { StringEquals: { "sts:ExternalId": [{ Ref: "ExternalId" }] } },
            },
          ],
        },
        ManagedPolicyArns: [{ Ref: "Policy" }],
      },
    });
    expect(template.Rules.RoleNeedsExternalIdAndPrincipals.RuleCondition).toEqual({ "Fn::Equals": [{ Ref: "CreateRole" }, "true"] });
  });

  const large: ProfileInput = {
    name: "large",
    tag: { key: "OptIn", values: ["yes", "Yes", "true"] },
    hybridNodes: true,
    runCommand: { documents: ["AWS-RunShellScript", "Team-Collect"] },
    sessions: { documents: ["SSM-SessionManagerRunShell"] },
    scope: {
      regions: ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2"],
      accounts: ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"],
    },
  };
  test.each<[string, ProfileInput, string]>([
    ["the default profile", DEFAULT_PROFILE, "aws"],
    [
      "a hybrid profile with own documents, in China",
      {
        name: "hybrid",
        tag: { key: "Forensics", values: ["on"] },
        hybridNodes: true,
        ec2Instances: false,
        runCommand: { documents: ["AWS-RunShellScript", "Collect-Triage"] },
      },
      "aws-cn",
    ],
    [
      "a profile whose values hold policy variables, in GovCloud",
      {
        ...DEFAULT_PROFILE,
        name: "dollar",
        tag: { key: "Opt", values: ["${aws:userid}", "x$y"] },
        sessions: { documents: ["SSM-SessionManagerRunShell"], portForwarding: true },
      },
      "aws-us-gov",
    ],
    ["a profile split into several policies", large, "aws"],
  ])("%s: the template's policies, Fn::Sub evaluated, are the module's", (_, input, partition) => {
    const p = ProfileSchema.parse(input);
    const model = buildModule(p);
    const fromTemplate = templatePolicies(renderCloudFormation(buildStackSet(p)), partition);
    expect(fromTemplate.map(canonicalPolicy)).toEqual(evalPolicies(model, envFor(model, partition)).map(canonicalPolicy));
    for (const doc of fromTemplate) expect(policyChars(doc as any)).toBeLessThanOrEqual(LIMITS.managedPolicyChars);
  });
});
