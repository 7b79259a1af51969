/**
 * Profiles too large for one managed policy, planned offline through the real Terraform CLI: the
 * module splits them, every planned policy is within IAM's 6,144 characters and no larger than what
 * `generate` reports; a profile scoped to commercial regions, planned in GovCloud, stops with a
 * message naming the regions and the partition. The CDKTF module stack of the large commercial
 * profile splits the same way. One init and one plan for all of them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalPolicy } from "../dev/policy-json";
import { fakeProvider, removeDir, tempDir, planJsonAsync, planRefusal } from "../dev/terraform";
import { renderConfig } from "../src/generate";
import { buildModule } from "../src/model/module";
import { envFor, evalPolicies } from "../src/model/policy-document";
import { LIMITS } from "../src/profile/limits";
import { ConfigSchema, type ProfileInput } from "../src/profile/schema";
import { writeModule } from "./support/modules";
import { stackDir, synthConfig } from "./support/cdktf";

const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(111111111111 + i * 1000001).padStart(12, "0"));
const DOCUMENTS = {
  runCommand: {
    documents: ["AWS-RunShellScript", "AWS-RunPowerShellScript", "AWSSupport-CollectEC2Logs", "Team-Collect-Triage", "Team-Memory-Dump"],
  },
  sessions: { documents: ["SSM-SessionManagerRunShell", "AWS-StartSSHSession", "Team-Forensic-Shell"], portForwarding: false },
};
const LARGE_AWS: ProfileInput = {
  name: "large-aws",
  tag: { key: "ForensicsOptIn", values: ["yes", "Yes", "true", "enabled", "ir-approved"] },
  hybridNodes: true,
  ...DOCUMENTS,
  scope: {
    regions: [
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
      "eu-west-1",
      "eu-west-2",
      "eu-central-1",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-northeast-1",
    ],
    accounts: accounts(5),
  },
};
const LARGE_GOV: ProfileInput = {
  ...LARGE_AWS,
  name: "large-gov",
  scope: { regions: ["us-gov-west-1", "us-gov-east-1"], accounts: accounts(10) },
};
const COMMERCIAL: ProfileInput = {
  name: "commercial",
  tag: { key: "OptIn", values: ["yes"] },
  runCommand: { documents: ["AWS-RunShellScript"] },
  scope: { regions: ["us-east-1", "eu-west-1"] },
};

const config = ConfigSchema.parse({ profiles: [LARGE_AWS, LARGE_GOV, COMMERCIAL] });
const reported = Object.fromEntries(renderConfig(config).map((o) => [o.profile, o.policyChars]));
const models = Object.fromEntries(config.profiles.map((p) => [p.name, buildModule(p)]));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function root(body: string, modules: string[]): string {
  const dir = tempDir("large");
  dirs.push(dir);
  for (const name of modules) {
    const moduleDir = writeModule(models[name]);
    dirs.push(moduleDir);
    body = body.split(`./${name}"`).join(`${moduleDir}"`);
  }
  if (body.includes("./cdktf-large-aws")) {
    const out = synthConfig(ConfigSchema.parse({ profiles: [LARGE_AWS] }), false);
    dirs.push(out);
    body = body.split("./cdktf-large-aws").join(stackDir(out, "large-aws"));
  }
  writeFileSync(join(dir, "main.tf"), body);
  return dir;
}

// A root whose plan must fail, started first so that its Terraform runs overlap the large plan's.
let refused: Promise<string>;
beforeAll(() => {
  const dir = root(
    `${fakeProvider("us-gov-west-1")}
module "ssm" {
  source = "./commercial"
}

module "role_without_external_id" {
  source                 = "./commercial"
  create_role            = true
  trusted_principal_arns = ["arn:aws-us-gov:iam::999988887777:role/Platform"]
}
`,
    ["commercial"],
  );
  refused = planRefusal(dir);
});

describe("large profiles split into policies that fit, in aws and aws-us-gov", () => {
  let plan: any;
  beforeAll(async () => {
    const gov = fakeProvider("us-gov-west-1").replace('provider "aws" {', 'provider "aws" {\n  alias = "gov"');
    const dir = root(
      `${fakeProvider("us-east-1")}\n${gov}
module "large_aws" {
  source     = "./large-aws"
  role_names = ["IrPlatformRole"]
}

module "large_gov" {
  source     = "./large-gov"
  role_names = ["IrPlatformRole"]
  providers  = { aws = aws.gov }
}

module "cdktf_large_aws" {
  source     = "./cdktf-large-aws"
  role_names = ["IrPlatformRole"]
}

output "aws" {
  value = module.large_aws.policy_jsons
}

output "cdktf_aws" {
  value = module.cdktf_large_aws.policy_jsons
}

output "gov" {
  value = module.large_gov.policy_jsons
}
`,
      ["large-aws", "large-gov"],
    );
    plan = await planJsonAsync(dir);
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
  const message = (await refused).replace(/\s*\n\s*│?\s*/g, " ");
  expect(message).toContain(
    'Profile "commercial" scopes its ARNs to regions us-east-1, eu-west-1 (partition aws), but this plan runs in partition aws-us-gov',
  );
  expect(message).toContain("create_role = true needs external_id");
});
