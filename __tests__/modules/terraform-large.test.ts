/**
 * Profiles too large for one managed policy, planned offline through the real Terraform CLI: the
 * module splits them, every planned policy is within IAM's 6,144 characters and no larger than what
 * `generate` reports; a profile scoped to commercial regions, planned in GovCloud, stops with a
 * message naming the regions and the partition. The CDKTF module stack of the large commercial
 * profile splits the same way. The roots (plans/terraform-large.ts) are planned in the run's shared
 * plan (support/shared-plan.ts).
 */
import { canonicalPolicy } from "../../dev/policy-json";
import { renderConfig } from "../../src/generate";
import { envFor, evalPolicies } from "../../src/model/policy-document";
import { LIMITS } from "../../src/profile/limits";
import { config, models } from "../plans/terraform-large";
import { sharedPlan, sharedRefusal } from "../support/shared-plan";

const reported = Object.fromEntries(renderConfig(config).map((o) => [o.profile, o.policyChars]));

describe("large profiles split into policies that fit, in aws and aws-us-gov", () => {
  let plan: any;
  beforeAll(async () => {
    plan = await sharedPlan("large");
  });

  test.each([
    ["large-aws", "aws", "aws"],
    ["large-gov", "gov", "aws-us-gov"],
  ])("%s: every planned policy is within the limit, no larger than generate reported, and the model's", (name, output, partition) => {
    const planned: string[] = plan.planned_values.outputs[output].value;
    expect(planned.length).toBeGreaterThan(1);
    expect(planned.length).toBe(reported[name].length);
    planned.forEach((json, i) => {
      expect(json.length).toBeLessThanOrEqual(LIMITS.managedPolicyChars);
      expect(json.length).toBeLessThanOrEqual(reported[name][i]);
      if (partition === "aws-us-gov") expect(json.length).toBe(reported[name][i]);
    });
    const model = models[name];
    expect(planned.map(canonicalPolicy)).toEqual(evalPolicies(model, envFor(model, partition)).map(canonicalPolicy));
  });

  test("the CDKTF module stack splits the profile into the same policies, at the same addresses", () => {
    expect(plan.planned_values.outputs.cdktf_aws.value).toEqual(plan.planned_values.outputs.aws.value);
    const addresses = (m: string) =>
      plan.resource_changes
        .filter((r: any) => r.module_address === m)
        .map((r: any) => r.address.replace(`${m}.`, ""))
        .sort();
    expect(addresses("module.cdktf_large_aws")).toEqual(addresses("module.large_aws"));
  });

  test("no ARN repeats within a statement, and every policy is attached to every role", () => {
    for (const output of ["aws", "gov"])
      for (const json of plan.planned_values.outputs[output].value as string[])
        for (const s of JSON.parse(json).Statement) expect([s.Sid, s.Resource.length]).toEqual([s.Sid, new Set(s.Resource).size]);
    const attachments = plan.resource_changes.filter(
      (r: any) => r.type === "aws_iam_role_policy_attachment" && r.module_address === "module.large_aws",
    );
    expect(attachments.length).toBe(reported["large-aws"].length);
  });
});

test("plans stop with a message: a profile scoped to commercial regions planned in GovCloud; create_role without external_id", async () => {
  const message = (await sharedRefusal("large_refused")).replace(/\s*\n\s*│?\s*/g, " ");
  expect(message).toContain(
    'Profile "commercial" scopes its ARNs to regions us-east-1, eu-west-1 (partition aws), but this plan runs in partition aws-us-gov',
  );
  expect(message).toContain("create_role = true needs external_id");
});
