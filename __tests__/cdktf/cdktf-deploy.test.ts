/**
 * Deploy stacks, offline: each synthesised stack is planned as it is, with only a Terraform
 * override file (placed by the test, not in the stack) that gives its provider fake credentials
 * and swaps its backend for local state. One stack from the JSON synthesis (S3 backend, GovCloud),
 * one from the HCL synthesis (local state, hostile strings). Both are planned in the run's shared
 * plan, as modules that keep their own provider block (plans/cdktf-deploy.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalPolicy } from "../../dev/policy-json";
import { buildModule } from "../../src/model/module";
import { envFor, evalPolicy } from "../../src/model/policy-document";
import { DEPLOY_STACKS, deployPart } from "../plans/cdktf-deploy";
import { changesOf, testConfig } from "../support/cdktf";
import { sharedPart, sharedPlan } from "../support/shared-plan";

const config = testConfig();

// Planned in the run's shared plan (support/shared-plan.ts, plans/cdktf-deploy.ts).
const prepared = new Map<string, { synthesised: string; plan: any }>();
beforeAll(async () => {
  for (const [name, hcl] of DEPLOY_STACKS) {
    const { dir } = await sharedPart(deployPart(name));
    const synthesised = readFileSync(join(dir, hcl ? "cdk.tf" : "cdk.tf.json"), "utf8");
    prepared.set(name, { synthesised, plan: await sharedPlan(deployPart(name)) });
  }
});

describe.each(DEPLOY_STACKS)("deploy stack %s (hcl: %s)", (name, hcl, partition) => {
  const deployment = config.deployments.find((d) => d.name === name)!;
  const profile = config.profiles.find((p) => p.name === deployment.profile)!;
  const model = buildModule(profile);
  let synthesised: string;
  let plan: any;
  beforeAll(() => ({ synthesised, plan } = prepared.get(name)!));

  test("the synthesised stack configures its provider region and backend itself", () => {
    if (hcl) {
      expect(synthesised).toContain(`region = "${deployment.region}"`);
      expect(synthesised).toMatch(/backend "local" \{\n\s+path = "\.\.\/\.\.\/terraform\.hostile-local\.tfstate"\n/);
    } else {
      const json = JSON.parse(synthesised);
      expect(json.provider.aws).toEqual([{ region: deployment.region }]);
      expect(json.terraform.backend).toEqual({
        s3: {
          bucket: "example-terraform-state",
          key: "scoped-ssm/scoped-gov.tfstate",
          region: "us-gov-west-1",
          encrypt: true,
          dynamodb_table: "terraform-locks",
          use_lockfile: true,
        },
      });
    }
  });

  test("plans the policy the model gives for the deployment, in the region's partition", () => {
    const policy = changesOf(plan, "").find((r) => r.type === "aws_iam_policy");
    const env = envFor(model, partition, {
      role_names: deployment.roleNames,
      opt_in_instance_ids: deployment.optInInstanceIds,
      ...(deployment.policyName ? { policy_name: deployment.policyName } : {}),
    });
    expect(canonicalPolicy(policy.change.after.policy)).toEqual(canonicalPolicy(evalPolicy(model, env)));
    expect(policy.change.after.name).toBe(deployment.policyName ?? `scoped-ssm-${profile.name}`);
    expect(policy.change.after.description).toBe(model.policy.description);
  });

  test("attaches the policy to each role and tags each instance, at the module's addresses", () => {
    const changes = changesOf(plan, "");
    expect(changes.map((r) => r.address).sort()).toEqual(
      [
        "aws_iam_policy.this",
        ...deployment.roleNames.map((r) => `aws_iam_role_policy_attachment.this["${r}"]`),
        ...deployment.optInInstanceIds.map((i) => `aws_ec2_tag.opt_in["${i}"]`),
      ].sort(),
    );
    expect(changes.every((r) => r.change.actions.join() === "create")).toBe(true);
    const tags = changes.filter((r) => r.type === "aws_ec2_tag").map((r) => r.change.after);
    expect(tags.sort((a, b) => a.resource_id.localeCompare(b.resource_id))).toEqual(
      [...deployment.optInInstanceIds].sort().map((id) => ({ resource_id: id, key: profile.tag.key, value: profile.tag.values[0] })),
    );
    expect(plan.planned_values.outputs.tagged_instance_ids.value).toEqual([...deployment.optInInstanceIds].sort());
  });
});
