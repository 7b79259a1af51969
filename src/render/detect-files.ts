import type { DetectModel } from "../model/detect";
import { DETECT_SOURCES } from "../model/detect";
import { hclStr, hclString } from "../emit/hcl";
import type { Str } from "../model/expr";
import { mdCode } from "../emit/markdown";
import { TESTS_FILE, commonView, resourcesView, templateOf } from "./views";
import { template } from "./templates";

export const DETECT_FILES = ["versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md", TESTS_FILE] as const;

const TEMPLATE: Record<(typeof DETECT_FILES)[number], string> = {
  "versions.tf": "module/versions.tf.hbs",
  "variables.tf": "module/variables.tf.hbs",
  "main.tf": "detect/main.tf.hbs",
  "outputs.tf": "module/outputs.tf.hbs",
  "README.md": "detect/README.md.hbs",
  [TESTS_FILE]: templateOf("detect", TESTS_FILE),
};

/**
 * JSON text as JSON.stringify(v, null, 2) writes it, inside an HCL heredoc: its template sequences
 * escaped, and the model's expression `key` written as an interpolation of its HCL (jsonencode
 * quotes it as JSON does).
 */
function heredocJson(v: unknown, key: Str, indent = ""): string {
  if (v === key) return `\${jsonencode(${hclStr(key)})}`;
  const inner = `${indent}  `;
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => inner + heredocJson(x, key, inner)).join(",\n")}\n${indent}]` : "[]";
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length
      ? `{\n${entries.map(([k, x]) => `${inner}${heredocText(k)}: ${heredocJson(x, key, inner)}`).join(",\n")}\n${indent}}`
      : "{}";
  }
  return heredocText(v);
}

const heredocText = (v: unknown) => JSON.stringify(v).replace(/([$%])\{/g, "$1$1{");

/** The pattern as the body of an HCL heredoc: JSON, the key read from var.tag_key. */
export function patternHeredoc(model: DetectModel): string {
  return heredocJson(model.pattern, model.key)
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

/** Translates the detect model into the strings the templates place; decides nothing. */
function view(model: DetectModel) {
  const name = model.profile.name;
  const pattern = model.pattern as { detail: { $or: unknown[] } };
  return {
    ...commonView(name, model.variables, model.outputs),
    title: `Detective control for profile ${name}`,
    tagKeyMd: mdCode(model.profile.tag.key).slice(1, -1),
    description: hclString(model.description),
    topicPolicy: {
      sid: hclString(model.topicPolicy.sid),
      effect: hclString(model.topicPolicy.effect),
      service: hclString(model.topicPolicy.service),
      action: hclString(model.topicPolicy.action),
      test: model.topicPolicy.sourceArn.test,
      key: hclString(model.topicPolicy.sourceArn.key),
    },
    patternJson: patternHeredoc(model),
    branches: pattern.detail.$or.length,
    sources: DETECT_SOURCES,
    resources: resourcesView([
      ["aws_cloudwatch_event_rule.this", "resource"],
      ["aws_cloudwatch_event_target.this", "resource"],
      ["aws_sns_topic.this", "resource"],
      ["aws_sns_topic_policy.this", "resource"],
    ]),
  };
}

/** The detect module's files, name → content. */
export function renderDetectFiles(model: DetectModel): Map<string, string> {
  const data = view(model);
  return new Map(DETECT_FILES.map((f) => [f, template(TEMPLATE[f])(data)]));
}
