import type { GuardrailModel } from "../model/guardrail";
import { hclStr, hclString } from "../emit/hcl";
import { mdCode } from "../emit/markdown";
import { TESTS_FILE, commonView, denyOf, factsMd, resourcesView, rulesView, statementMd, statementView, templateOf } from "./views";
import { thousands } from "../emit/text";
import { template } from "./templates";

export const GUARDRAIL_FILES = ["versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md", TESTS_FILE] as const;

/** Translates the guardrail model into the strings the templates place; decides nothing. */
function view(model: GuardrailModel) {
  const name = model.profile.name;
  return {
    ...commonView(name, model.variables, model.outputs),
    title: `Guardrail for profile ${name}`,
    tagKeyMd: mdCode(model.profile.tag.key).slice(1, -1),
    description: hclString(model.description),
    tagPolicyName: hclStr(model.tagPolicy.name),
    tagPolicyDescription: hclString(model.tagPolicy.description),
    statements: model.statements.map(statementView),
    launchTemplateStatements: model.launchTemplateStatements.map(statementView),
    statementsMd: [...model.statements, ...model.launchTemplateStatements].map(statementMd),
    facts: factsMd([...model.statements, ...model.launchTemplateStatements]),
    denyActions: denyOf(model),
    enforcedFor: `[${model.tagPolicy.enforcedFor.map(hclString).join(", ")}]`,
    sizeCheck: rulesView([model.sizeCheck])[0],
    policySize: thousands(model.typicalChars),
    policyLimit: thousands(model.maxChars),
    resources: resourcesView([
      ["data.aws_partition.current", "data source"],
      ["aws_organizations_policy.this", "resource"],
      ["aws_organizations_policy_attachment.this", "resource"],
      ["aws_organizations_policy.tag_policy", "resource"],
      ["aws_organizations_policy_attachment.tag_policy", "resource"],
    ]),
  };
}

const TEMPLATE: Record<(typeof GUARDRAIL_FILES)[number], string> = {
  "versions.tf": "module/versions.tf.hbs",
  "variables.tf": "module/variables.tf.hbs",
  "main.tf": "guardrail/main.tf.hbs",
  "outputs.tf": "module/outputs.tf.hbs",
  "README.md": "guardrail/README.md.hbs",
  [TESTS_FILE]: templateOf("guardrail", TESTS_FILE),
};

/** The guardrail module's files, name → content. */
export function renderGuardrailFiles(model: GuardrailModel): Map<string, string> {
  const data = view(model);
  return new Map(GUARDRAIL_FILES.map((f) => [f, template(TEMPLATE[f])(data)]));
}
