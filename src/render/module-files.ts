import { AWS_PROVIDER_RANGE, GENERATE_COMMAND } from "../model/generated";
import { FACTS, type FactId } from "../model/facts";
import { LIMITS } from "../profile/limits";
import type { ModuleModel, ModuleOutput, ModuleVariable } from "../model/module";
import { type Condition, type Statement, groupByOperator } from "../model/policy";
import { type PolicyDocument, policyChars } from "../model/policy-document";
import { SAMPLE_ACCOUNT, listUses, listUsesPartition } from "../model/expr";
import { LONGEST_PARTITION } from "../model/policy-size";
import { hclCheck, hclList, hclOutput, hclStr, hclString, hclValue, oneLine, partitionCheck } from "../emit/hcl";
import type { Rule } from "../model/checks";
import { hclHeader, markdownHeader } from "./header";
import { mdCode, mdText } from "../emit/markdown";
import { thousands } from "../emit/text";
import { template } from "./templates";

export { AWS_PROVIDER_RANGE } from "../model/generated";

/** Terraform's native tests of a generated module, run by `terraform test` with a mocked provider. */
export const TESTS_FILE = "tests/scoped_ssm.tftest.hcl";

export const MODULE_FILES = ["versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md", TESTS_FILE] as const;

/** The handlebars template of a generated file: `<kind>/<file name>.hbs`. */
export const templateOf = (kind: string, file: string) => `${kind}/${file.split("/").pop()}.hbs`;

const hclStrings = (xs: string[]) => `[${xs.map(hclString).join(", ")}]`;

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

/** The partition the generated tests mock: the longest name, unless the profile's regions belong elsewhere. */
const testPartition = (model: ModuleModel) => model.policy.checks.partition?.partitions[0] ?? LONGEST_PARTITION;

/** The statements of a policy (as present at the defaults) whose ARNs take the partition from data.aws_partition. */
const partitionedSids = (statements: Statement[], atDefaults: PolicyDocument) =>
  atDefaults.Statement.filter((st) => statements.some((s) => s.sid === st.Sid && listUsesPartition(s.resources))).map((st) => st.Sid);

/** Every action of the Deny statements, sorted, as an HCL list, or "" when the profile does not protect its tag. */
export const denyOf = (model: { policy: { statements: Statement[] } } | { statements: Statement[] }) => {
  const statements = "policy" in model ? model.policy.statements : model.statements;
  const actions = [...new Set(statements.filter((s) => s.effect === "Deny").flatMap((s) => s.actions))].sort();
  return actions.length ? hclStrings(actions) : "";
};

/** Whether an ARN of the module names the account it is applied in (data.aws_caller_identity). */
export const usesAccount = (model: ModuleModel) => model.policy.statements.some((s) => listUses(s.resources, "account"));

/** Translates the module model into the strings the templates place; decides nothing about IAM. */
function view(model: ModuleModel) {
  const name = model.profile.name;
  const sizes = model.policy.atDefaults.map(policyChars);
  const checks = model.policy.checks;
  return {
    ...commonView(name, model.variables, model.outputs),
    title: `Module ${name}`,
    description: mdText(model.policy.description),
    tagKeyMd: mdCode(model.profile.tag.key).slice(1, -1),
    tagValuesMd: model.profile.tag.values.map(mdCode).join(" or "),
    policySizes: sizes.map(thousands).join(", "),
    policyCount: sizes.length,
    policyLimit: thousands(LIMITS.managedPolicyChars),
    sizePartition: LONGEST_PARTITION,
    trust: model.role.trust.map((t) => ({
      sid: hclString(t.sid),
      principals: hclList(t.principals),
      actions: hclStrings(t.actions),
      conditions: conditionsByOperator(t.conditions),
      why: oneLine(t.why),
      facts: t.facts.join(", "),
    })),
    roleName: hclStr(model.role.name),
    roleDescription: hclString(model.role.description),
    roleChecks: rulesView(model.role.checks),
    usesAccount: usesAccount(model),
    sampleAccount: SAMPLE_ACCOUNT,
    // What the module's own tests expect, evaluated from the model in the partition they mock.
    denyActions: denyOf(model),
    testPartition: testPartition(model),
    // Every policy of the module: the Denies may fall into any of them when the profile is split.
    allPolicies: `[${model.policy.parts.map((p) => `aws_iam_policy.${p.resourceName}`).join(", ")}]`,
    parts: model.policy.parts.map((p, i) => ({
      number: i + 1,
      sids: hclStrings(model.policy.atDefaults[i].Statement.map((st) => st.Sid)),
      partitionedSids: hclStrings(partitionedSids(p.statements, model.policy.atDefaults[i])),
      roleAttachmentName: p.roleAttachmentName,
      resourceName: p.resourceName,
      statementsLocal: p.statementsLocal,
      policyLocal: p.policyLocal,
      name: hclStr(p.name),
      statements: p.statements.map(statementView),
      sizeMessage: hclStr(checks.sizeMessage),
    })),
    maxChars: checks.maxChars,
    partitionCheck: checks.partition && {
      condition: partitionCheck(checks.partition.partitions),
      message: hclStr(checks.partition.message),
    },
    policyDescription: hclString(model.policy.description),
    attachmentsForEach: hclList(model.attachments.forEach),
    optInForEach: hclList(model.optInTags.forEach),
    optInKey: hclStr(model.optInTags.key),
    optInValue: hclStr(model.optInTags.value),
  };
}

function markdownView(model: ModuleModel) {
  const v = view(model);
  return {
    ...v,
    statements: model.policy.parts.flatMap((p, i) => p.statements.map((s) => ({ policy: i + 1, ...statementMd(s) }))),
    facts: factsMd(model.policy.parts.flatMap((p) => p.statements)),
    resources: resourcesView([
      ["data.aws_partition.current", "data source"],
      ...(usesAccount(model) ? [["data.aws_caller_identity.current", "data source"] as [string, "data source"]] : []),
      ...model.policy.parts.flatMap((p): [string, "resource"][] => [
        [`aws_iam_policy.${p.resourceName}`, "resource"],
        [`aws_iam_role_policy_attachment.${p.resourceName}`, "resource"],
        [`aws_iam_role_policy_attachment.${p.roleAttachmentName}`, "resource"],
      ]),
      ["aws_iam_role.platform", "resource"],
      ["aws_ec2_tag.opt_in", "resource"],
    ]),
  };
}

/** The module's files, name → content. */
export function renderModuleFiles(model: ModuleModel): Map<string, string> {
  const hcl = view(model);
  const files = new Map<string, string>();
  for (const f of MODULE_FILES) {
    const data = f === "README.md" ? markdownView(model) : hcl;
    files.set(f, template(templateOf("module", f))(data));
  }
  return files;
}
