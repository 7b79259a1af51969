/**
 * terraform-large.test.ts's roots, planned in the run's shared plan (support/shared-plan.ts):
 * profiles too large for one managed policy, in aws and aws-us-gov, beside the CDKTF module stack
 * of the commercial one; and a root whose plan must fail (a profile scoped to commercial regions,
 * planned in GovCloud; create_role without external_id).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeProvider, tempDir } from "../../dev/terraform";
import { buildModule } from "../../src/model/module";
import { ConfigSchema, type ProfileInput } from "../../src/profile/schema";
import { stackDir, synthConfig } from "../support/cdktf";
import { writeModule } from "../support/modules";
import type { PlanParts } from "../support/shared-plan";

const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(111111111111 + i * 1000001).padStart(12, "0"));
const DOCUMENTS = {
  runCommand: {
    documents: ["AWS-RunShellScript", "AWS-RunPowerShellScript", "AWSSupport-CollectEC2Logs", "Team-Collect-Triage", "Team-Memory-Dump"],
  },
  sessions: { documents: ["SSM-SessionManagerRunShell", "AWS-StartSSHSession", "Team-Forensic-Shell"], portForwarding: false },
};
export const LARGE_AWS: ProfileInput = {
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
export const LARGE_GOV: ProfileInput = {
  ...LARGE_AWS,
  name: "large-gov",
  scope: { regions: ["us-gov-west-1", "us-gov-east-1"], accounts: accounts(10) },
};
export const COMMERCIAL: ProfileInput = {
  name: "commercial",
  tag: { key: "OptIn", values: ["yes"] },
  runCommand: { documents: ["AWS-RunShellScript"] },
  scope: { regions: ["us-east-1", "eu-west-1"] },
};

export const config = ConfigSchema.parse({ profiles: [LARGE_AWS, LARGE_GOV, COMMERCIAL] });
export const models = Object.fromEntries(config.profiles.map((p) => [p.name, buildModule(p)]));

/** The roots: `large` (the split profiles) and `large_refused`. */
export function largeParts(): PlanParts {
  const dirs: string[] = [];
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

  const refused = root(
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
  const gov = fakeProvider("us-gov-west-1", "gov");
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
  return { large: { dir, cleanup: dirs }, large_refused: { dir: refused, refused: "preconditions" } };
}
