/**
 * lint reads every identity policy in `terraform show -json` output: the generated module's (clean
 * but for the hybrid-nodes note), an aws_iam_policy_document data source and the inline role
 * policy built from it; trust policies are left out. Runs the real Terraform CLI, offline.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { planJson, removeDir, writeRoot } from "../dev/terraform";
import { runAsync } from "../src/cli/main";
import { buildModule } from "../src/model/module";
import { DEFAULT_PROFILE } from "../src/profile/default-profile";
import { ProfileSchema } from "../src/profile/schema";
import { writeModule } from "./support/modules";

const EXTRA = `
data "aws_iam_policy_document" "broad" {
  statement {
    sid       = "Broad"
    actions   = ["ssm:SendCommand"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "platform" {
  name = "IrPlatformRole"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "inline" {
  name   = "inline"
  role   = aws_iam_role.platform.name
  policy = data.aws_iam_policy_document.broad.json
}
`;

const dirs: string[] = [];
let planFile: string;
beforeAll(() => {
  const moduleDir = writeModule(buildModule(ProfileSchema.parse(DEFAULT_PROFILE)));
  const root = writeRoot({ moduleDir, region: "us-gov-west-1", inputs: { role_names: ["IrPlatformRole"] } });
  dirs.push(moduleDir, root);
  writeFileSync(join(root, "extra.tf"), EXTRA);
  planFile = join(root, "plan.json");
  writeFileSync(planFile, JSON.stringify(planJson(root), null, 2));
});
afterAll(() => dirs.forEach(removeDir));

test("every identity policy of the plan is linted, each named by its address", async () => {
  const r = await runAsync(["lint", planFile, "--format", "json"]);
  const out = JSON.parse(r.stdout);
  const by = (address: string) => out.findings.filter((f: any) => f.address === address).map((f: any) => [f.severity, f.ruleId, f.at]);
  expect(by("module.ssm.aws_iam_policy.this.policy")).toEqual([["note", "hybrid-nodes-not-covered", "ssm:SendCommand, ssm:StartSession"]]);
  expect(by("data.aws_iam_policy_document.broad.json")).toEqual([["error", "untagged-command-target", "ssm:SendCommand"]]);
  expect(by("aws_iam_role_policy.inline.policy")).toEqual([["error", "untagged-command-target", "ssm:SendCommand"]]);
  // The trust policy names a Principal; aws_iam_policy_document's minified_json repeats its json.
  expect(out.policies).toBe(3);
  expect(r.code).toBe(1);
  for (const f of out.findings) expect(f.line).toBeGreaterThan(0);
});
