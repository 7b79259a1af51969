/**
 * The StackSet's template takes the opt-in tag as parameters: for the same inputs, the policy a stack
 * creates from the template (its Ref and Fn::Sub evaluated with the parameters the StackSet module
 * planned) is the policy the account module plans. Three profiles (the embedded default, one split
 * into several policies with hybrid nodes, one of hostile strings), with tag keys and values other
 * than the profiles', in one Terraform plan.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { templatePolicyDocuments } from "../dev/cloudformation-eval";
import { canonicalPolicy } from "../dev/policy-json";
import { fakeProvider, planJson, removeDir, tempDir } from "../dev/terraform";
import { run } from "../src/cli/main";
import { hclValue } from "../src/emit/hcl";
import { SAMPLE_ACCOUNT } from "../src/model/expr";
import { DEFAULT_PROFILE } from "../src/profile/default-profile";
import { testConfig } from "./support/cdktf";

const hostile = testConfig().profiles.find((p) => p.name === "hostile")!;
const PROFILES = [DEFAULT_PROFILE, require("./cases/split-hybrid-profile.json"), hostile];

/** Each profile's module inputs: a tag other than the profile's own (hybrid nodes take SSM's tag characters only). */
const TAGS: Record<string, { tag_key: string; tag_values: string[] }> = {
  "cado-response": { tag_key: "IrOptIn", tag_values: ["on", 'a,b "quoted"', "${aws:userid}", "back\\slash"] },
  "split-hybrid": { tag_key: "Forensics:Opt-In", tag_values: ["ready", "Ready"] },
  hostile: { tag_key: 'k"${x}\\\n&{y}', tag_values: ["", "$", "x&{y}\n\t$${z}", "<&>"] },
};

let dir: string;
let plan: any;
beforeAll(() => {
  dir = tempDir("stackset-params");
  writeFileSync(join(dir, "scoped-ssm.json"), JSON.stringify({ profiles: PROFILES }));
  expect(run(["generate"], dir)).toMatchObject({ code: 0, stderr: "" });
  const blocks = Object.entries(TAGS).flatMap(([name, tag]) => {
    const inputs = Object.entries(tag)
      .map(([k, v]) => `  ${k} = ${hclValue(v)}`)
      .join("\n");
    return [
      `module "${name}_account" {\n  source = "../modules/${name}"\n${inputs}\n}`,
      `module "${name}_stackset" {\n  source = "../modules/${name}/stackset"\n  organizational_unit_ids = ["ou-ab12-11111111"]\n${inputs}\n}`,
    ];
  });
  mkdirSync(join(dir, "root"));
  writeFileSync(join(dir, "root/main.tf"), `${fakeProvider("us-east-1")}\n${blocks.join("\n\n")}\n`);
  plan = planJson(join(dir, "root"));
}, 120_000);
afterAll(() => dir && removeDir(dir));

const after = (module: string, type: string) =>
  plan.resource_changes.filter((r: any) => r.module_address === `module.${module}` && r.type === type).map((r: any) => r.change.after);

test.each(Object.keys(TAGS))("%s: the template's policies, for the planned parameters, are the account module's", (name) => {
  const [set] = after(`${name}_stackset`, "aws_cloudformation_stack_set");
  const fromTemplate = templatePolicyDocuments(set.template_body, {
    parameters: set.parameters,
    partition: "aws",
    account: SAMPLE_ACCOUNT,
  });
  // The account module's policies, in the order of their parts: this, part_2, part_3, ...
  const planned = plan.resource_changes
    .filter((r: any) => r.module_address === `module.${name}_account` && r.type === "aws_iam_policy")
    .sort((a: any, b: any) => (a.name === "this" ? -1 : b.name === "this" ? 1 : a.name.localeCompare(b.name, "en", { numeric: true })))
    .map((r: any) => r.change.after.policy);
  expect(planned.length).toBe(fromTemplate.length);
  expect(fromTemplate.map(canonicalPolicy)).toEqual(planned.map(canonicalPolicy));
  // The inputs reached the policy: the module's tag key stands in it, not the profile's.
  expect(JSON.stringify(fromTemplate)).toContain(JSON.stringify(`ssm:resourceTag/${TAGS[name].tag_key}`).slice(1, -1));
});

test("the split profile's template holds several policies", () => {
  const [set] = after("split-hybrid_stackset", "aws_cloudformation_stack_set");
  expect(
    templatePolicyDocuments(set.template_body, { parameters: set.parameters, partition: "aws", account: SAMPLE_ACCOUNT }).length,
  ).toBeGreaterThan(1);
});

test("the evaluator refuses a function it does not know", () => {
  const template = JSON.stringify({
    Resources: { P: { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: { "Fn::Base64": "x" } } } },
  });
  expect(() => templatePolicyDocuments(template, { parameters: {}, partition: "aws", account: SAMPLE_ACCOUNT })).toThrow(/Fn::Base64/);
});
