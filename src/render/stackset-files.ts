import { type StackSetModel, stackSetParameters } from "../model/stackset";
import { renderCloudFormation } from "../emit/cloudformation";
import { hclJsonText, hclParameterValue, hclString } from "../emit/hcl";
import { TESTS_FILE, commonView, resourcesView, rulesView, templateOf } from "./views";
import { template } from "./templates";

export const STACKSET_FILES = ["versions.tf", "variables.tf", "main.tf", "outputs.tf", "template.json", "README.md", TESTS_FILE] as const;

const TEMPLATE: Record<Exclude<(typeof STACKSET_FILES)[number], "template.json">, string> = {
  "versions.tf": "module/versions.tf.hbs",
  "variables.tf": "module/variables.tf.hbs",
  "main.tf": "stackset/main.tf.hbs",
  "outputs.tf": "module/outputs.tf.hbs",
  "README.md": "stackset/README.md.hbs",
  [TESTS_FILE]: templateOf("stackset", TESTS_FILE),
};

/** Each template parameter and the HCL of its value, padded so that the `=` align, as terraform fmt writes them. */
function parametersView(model: StackSetModel) {
  const params = stackSetParameters(model);
  const width = Math.max(...params.map((p) => p.name.length));
  return params.map((p) => ({ name: p.name.padEnd(width), value: p.jsonOf ? hclJsonText(p.jsonOf) : hclParameterValue(p.source) }));
}

/** The StackSet module's files, name → content: Terraform, and the CloudFormation template it deploys. */
export function renderStackSetFiles(model: StackSetModel): Map<string, string> {
  const name = model.profile.name;
  const data = {
    ...commonView(name, model.variables, model.outputs),
    title: `StackSet rollout for profile ${name}`,
    policyCount: model.account.policy.parts.length,
    policyWord: model.account.policy.parts.length > 1 ? "policies" : "policy",
    description: hclString(model.description),
    parameters: parametersView(model),
    roleChecks: rulesView(model.account.role.checks),
    resources: resourcesView([
      ["aws_cloudformation_stack_set.this", "resource"],
      ["aws_cloudformation_stack_set_instance.this", "resource"],
    ]),
  };
  return new Map(STACKSET_FILES.map((f) => [f, f === "template.json" ? renderCloudFormation(model) : template(TEMPLATE[f])(data)]));
}
