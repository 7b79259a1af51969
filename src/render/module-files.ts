import { LIMITS } from "../profile/limits";
import type { ModuleModel } from "../model/module";
import type { Statement } from "../model/policy";
import { type PolicyDocument, policyChars } from "../model/policy-document";
import { SAMPLE_ACCOUNT, listUses, listUsesPartition } from "../model/expr";
import { LONGEST_PARTITION } from "../model/policy-size";
import { hclKeptStatements, hclList, hclOptional, hclStr, hclString, oneLine, partitionCheck } from "../emit/hcl";
import { mdCode, mdText } from "../emit/markdown";
import { thousands } from "../emit/text";
import { template } from "./templates";
import {
  TESTS_FILE,
  commonView,
  conditionsByOperator,
  denyOf,
  factsMd,
  hclStrings,
  resourcesView,
  rulesView,
  statementMd,
  statementView,
  templateOf,
} from "./views";

export const MODULE_FILES = ["versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md", TESTS_FILE] as const;

/** The partition the generated tests mock: the longest name, unless the profile's regions belong elsewhere. */
const testPartition = (model: ModuleModel) => model.policy.checks.partition?.partitions[0] ?? LONGEST_PARTITION;

/** The statements of a policy (as present at the defaults) whose ARNs take the partition from data.aws_partition. */
const partitionedSids = (statements: Statement[], atDefaults: PolicyDocument) =>
  atDefaults.Statement.filter((st) => statements.some((s) => s.sid === st.Sid && listUsesPartition(s.resources))).map((st) => st.Sid);

/** Whether an ARN of the module names the account it is applied in (data.aws_caller_identity). */
const usesAccount = (model: ModuleModel) => model.policy.statements.some((s) => listUses(s.resources, "account"));

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
      effect: hclString(t.effect),
      principals: hclList(t.principals),
      actions: hclStrings(t.actions),
      conditions: conditionsByOperator(t.conditions),
      why: oneLine(t.why),
      facts: t.facts.join(", "),
    })),
    roleName: hclStr(model.role.name),
    roleDescription: hclString(model.role.description),
    permissionsBoundary: hclOptional(model.role.permissionsBoundary),
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
      keptStatements: hclKeptStatements(p.statementsLocal, p.keep),
      policyLocal: p.policyLocal,
      name: hclStr(p.name),
      statements: p.statements.map(statementView),
      sizeCheck: rulesView([p.sizeCheck])[0],
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
