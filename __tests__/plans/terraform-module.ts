/**
 * terraform-module.test.ts's roots, planned in the run's shared plan (support/shared-plan.ts): the
 * handlebars module of the embedded default profile called in commercial and GovCloud, with every
 * input overridden and for hostile strings, beside identity policies of other kinds for lint; and
 * a call whose plan must fail.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeMultiRoot, writeRoot } from "../../dev/terraform";
import { buildModule } from "../../src/model/module";
import { loadConfig } from "../../src/profile/load";
import { ProfileSchema } from "../../src/profile/schema";
import { writeModule } from "../support/modules";
import type { PlanParts } from "../support/shared-plan";

export const profile = loadConfig(undefined, "/nonexistent-dir").config.profiles[0];
export const model = buildModule(profile);
export const ROLES = ["IrPlatformRole", "IrAnalystRole"];
export const INSTANCES = ["i-0123456789abcdef0", "i-0fedcba9876543210"];

export const CUSTOM = {
  tag_key: "IR-Opt-In",
  tag_values: ["yes", "Yes"],
  run_command_documents: ["AWS-RunShellScript", "Team-Collect"],
  session_documents: ["AWS-StartPortForwardingSession"],
  opt_in_instance_ids: [INSTANCES[0]],
  policy_name: "ir-ssm",
};

/** A sample of hostile strings, through the same plan: the module must carry them exactly. */
export const HOSTILE_KEY = 'a"b${c}%{d}\\e &{f} #g';
export const HOSTILE_VALUES = ["${aws:userid}", "x&{y}\n\t$${z}", ""];
export const HOSTILE_DESCRIPTION = 'Line one "quoted" ${not_a_var} %{if x}\nline two \\ end';
export const hostile = ProfileSchema.parse({
  name: "hostile",
  description: HOSTILE_DESCRIPTION,
  tag: { key: HOSTILE_KEY, values: HOSTILE_VALUES },
  runCommand: { documents: ["AWS-RunShellScript"] },
});

export const LINT_EXTRA = `
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

/** The roots: `module` (four calls and the lint extras) and `module_refused` (an input AWS rejects). */
export function moduleParts(): PlanParts {
  const moduleDir = writeModule(model);
  const hostileDir = writeModule(buildModule(hostile));
  const base = { role_names: ROLES, opt_in_instance_ids: INSTANCES };
  const root = writeMultiRoot([
    { name: "aws", source: moduleDir, inputs: base, region: "us-east-1" },
    { name: "aws_us_gov", source: moduleDir, inputs: base, region: "us-gov-west-1" },
    { name: "custom", source: moduleDir, inputs: CUSTOM, region: "us-east-1" },
    { name: "hostile", source: hostileDir, inputs: { opt_in_instance_ids: [INSTANCES[0]] }, region: "us-east-1" },
  ]);
  // Identity policies of other kinds in the same plan, for lint: a policy document data source and
  // an inline role policy built from it.
  writeFileSync(join(root, "extra.tf"), LINT_EXTRA);
  const bad = writeRoot({ moduleDir, region: "us-east-1", inputs: { tag_key: "aws:reserved", opt_in_instance_ids: ["i-XYZ"] } });
  return {
    module: { dir: root, cleanup: [moduleDir, hostileDir] },
    module_refused: { dir: bad, refused: "variables" },
  };
}
