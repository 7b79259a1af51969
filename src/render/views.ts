import { AWS_PROVIDER_RANGE, GENERATE_COMMAND } from "../model/generated";
import { FACTS, type FactId } from "../model/facts";
import type { ModuleOutput, ModuleVariable } from "../model/module";
import { type Condition, type Statement, groupByOperator } from "../model/policy";
import { hclCheck, hclList, hclOutput, hclStr, hclString, hclValue, oneLine } from "../emit/hcl";
import type { Rule } from "../model/checks";
import { hclHeader, markdownHeader } from "./header";
import { mdCode, mdText } from "../emit/markdown";

/**
 * The views every generated module's templates share (account, guardrail, StackSet, detect): the
 * strings they place alike, translated from the model. Each module's own view is in its *-files.ts.
 */

/** Terraform's native tests of a generated module, run by `terraform test` with a mocked provider. */
export const TESTS_FILE = "tests/scoped_ssm.tftest.hcl";

/** The handlebars template of a generated file: `<kind>/<file name>.hbs`. */
export const templateOf = (kind: string, file: string) => `${kind}/${file.split("/").pop()}.hbs`;

export const hclStrings = (xs: string[]) => `[${xs.map(hclString).join(", ")}]`;

/** IAM's Condition element groups keys under their operator: { StringEquals = { key = values } }. */
export function conditionsByOperator(conditions: Condition[]) {
  return groupByOperator(conditions).map((g) => ({
    test: /^[A-Za-z]+$/.test(g.test) ? g.test : hclString(g.test),
    keys: g.conditions.map((c) => ({
      variable: c.variable.kind === "lit" ? hclString(c.variable.value) : hclStr(c.variable),
      values: hclList(c.values),
    })),
  }));
}

/** What every generated module's templates place alike: headers, provider range, variables, outputs. */
export function commonView(profileName: string, variables: ModuleVariable[], outputs: ModuleOutput[]) {
  return {
    header: hclHeader(profileName),
    markdownHeader: markdownHeader(profileName),
    generateCommand: GENERATE_COMMAND,
    awsProviderRange: AWS_PROVIDER_RANGE,
    profileName,
    moduleLabel: profileName.replace(/-/g, "_"),
    variables: variablesView(variables),
    inputs: inputsView(variables),
    outputs: outputs.map((o) => ({ name: o.name, description: hclString(o.description), value: hclOutput(o.value) })),
    outputsMd: outputs.map((o) => ({ name: mdCode(o.name), description: mdText(o.description) })),
  };
}

/** Validations or preconditions: the HCL condition and message of each rule. */
export const rulesView = (rules: Rule[]) => rules.map((r) => ({ condition: hclCheck(r.check), message: hclString(r.message) }));

/** Variables for variables.tf; one without a default is required. */
export function variablesView(variables: ModuleVariable[]) {
  return variables.map((v) => ({
    name: v.name,
    description: hclString(v.description),
    type: v.type,
    default: v.default === undefined ? "" : hclValue(v.default),
    validations: rulesView(v.validations),
  }));
}

/** Variables for a module README's Inputs table. */
export function inputsView(variables: ModuleVariable[]) {
  return variables.map((x) => ({
    name: mdCode(x.name),
    description: mdText(x.description),
    type: x.type,
    default: x.default === undefined ? "n/a" : mdCode(hclValue(x.default)),
    required: x.default === undefined ? "yes" : "no",
  }));
}

/** Rows of a module README's Resources table (terraform-docs' layout). */
export function resourcesView(resources: [address: string, mode: "resource" | "data source"][]) {
  return resources.map(([address, mode]) => ({ name: mdCode(address.replace(/^data\./, "")), type: mode }));
}

/** A row of a module README's statements table; facts link to the README's own facts table (factsMd). */
export const statementMd = (s: Statement) => ({
  sid: mdText(s.sid),
  effect: s.effect,
  actions: s.actions.map(mdCode).join(", "),
  why: mdText(s.why),
  facts: s.facts.map((f) => `[${f}](#${f})`).join(", "),
});

/**
 * The rows of a module README's facts table: every fact its statements rest on, in order of first
 * use, with its claim and the AWS page that states it. The README carries them itself: a module is
 * read where it is installed (a git source, the npm package), where this repository's
 * docs/IAM-FACTS.md is not.
 */
export function factsMd(statements: Statement[]) {
  const ids = [...new Set(statements.flatMap((s) => s.facts))] as FactId[];
  return ids.map((id) => ({
    id,
    claim: mdText(FACTS[id].claim),
    source: `[${mdText(FACTS[id].source.title)}](${FACTS[id].source.url})`,
  }));
}

export function statementView(s: Statement) {
  return {
    sid: hclString(s.sid),
    effect: hclString(s.effect),
    actions: hclStrings(s.actions),
    resources: hclList(s.resources),
    why: oneLine(s.why),
    facts: s.facts.join(", "),
    conditions: conditionsByOperator(s.conditions),
  };
}

/** Every action of the Deny statements, sorted, as an HCL list, or "" when the profile does not protect its tag. */
export const denyOf = (model: { policy: { statements: Statement[] } } | { statements: Statement[] }) => {
  const statements = "policy" in model ? model.policy.statements : model.statements;
  const actions = [...new Set(statements.filter((s) => s.effect === "Deny").flatMap((s) => s.actions))].sort();
  return actions.length ? hclStrings(actions) : "";
};
