/**
 * The StackSet's template takes the opt-in tag as parameters: for the same inputs, the policy a stack
 * creates from the template (its Ref and Fn::Sub evaluated with the parameters the StackSet module
 * planned) is the policy the account module plans. Three profiles (the embedded default, one split
 * into several policies with hybrid nodes, one of hostile strings), with tag keys and values other
 * than the profiles', in one Terraform plan (the run's shared plan, support/shared-plan.ts; the root
 * is in plans/stackset-parameters.ts).
 */
import { templatePolicyDocuments } from "../../dev/cloudformation-eval";
import { canonicalPolicy } from "../../dev/policy-json";
import { SAMPLE_ACCOUNT } from "../../src/model/expr";
import { TAGS } from "../plans/stackset-parameters";
import { sharedPlan } from "../support/shared-plan";

let plan: any;
beforeAll(async () => {
  plan = await sharedPlan("stackset_parameters");
});

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
