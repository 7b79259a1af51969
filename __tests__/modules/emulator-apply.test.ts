/**
 * Applied, not only planned: the account, guardrail and StackSet modules of two profiles (the
 * embedded default, and one with own documents, hybrid nodes and split policies), with
 * examples/basic and examples/organization, and the detect modules, are applied together against the run's AWS API
 * emulator (one configuration, one init), read back through the AWS API, destroyed, and read back
 * again: nothing of ours remains. Beside them, the default profile's four modules as the CDKTF
 * module stacks synthesise them to HCL: what they create must be what the handlebars modules create. Skipped, with one line from the global setup, where moto_server
 * is not installed; CI requires it.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalPolicy } from "../../dev/policy-json";
import { emulatorAccountId, emulatorEnv, runEmulator } from "../../dev/emulator";
import { removeDir, tempDir, tfAsync } from "../../dev/terraform";
import { moduleStackName } from "../../src/cdktf/app";
import { run } from "../../src/cli/main";
import { buildModule } from "../../src/model/module";
import { detectEventPattern } from "../../src/model/detect";
import { envFor, evalPolicy } from "../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";
import {
  type Aws,
  type Organization,
  type OrgPolicy,
  type StackSet,
  attachedPolicyArns,
  awsClients,
  createRoles,
  customerPolicies,
  deleteStackInstancesByAccount,
  inAccount,
  instanceTags,
  launchInstances,
  organizationPolicies,
  prepareOrganization,
  roleNames,
  roleTrust,
  stackSets,
} from "../support/emulator-aws";
import { copyExample } from "../support/examples";
import { stackDir, synthConfig } from "../support/cdktf";

const endpoint = runEmulator();
const SPLIT = ProfileSchema.parse(require("../cases/split-hybrid-profile.json"));
const DEFAULT = ProfileSchema.parse(DEFAULT_PROFILE);
const PLATFORM = ["arn:aws:iam::999988887777:root"];
const EXTERNAL_ID = "scoped-ssm-apply-test-0123";
/** Roles that exist before the apply: the modules attach to them, and must leave them as they were. */
const EXISTING_ROLES = ["IrExistingRole", "IrPlatformRole"];

/** A module's inputs as HCL attribute lines (JSON values are valid HCL). */
const inputs = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`)
    .join("\n");

interface Profiles {
  /** Module block name prefix and the profile's folder under modules/. */
  [label: string]: { folder: string; tag: { key: string; value: string }; instances: string[] };
}

/** Module calls of the default profile's CDKTF module stacks (copied to ../synth/<module>/), named synth_<module>. */
function synthBlocks(org: Organization, instance: string): string[] {
  const call = (m: string, o: Record<string, unknown>) => `module "synth_${m}" {\n  source = "../synth/${m}"\n${inputs(o)}\n}`;
  return [
    call("account", { policy_name: "apply-synth", role_names: ["IrExistingRole"], opt_in_instance_ids: [instance] }),
    call("guardrail", {
      policy_name: "apply-synth-guardrail",
      target_ids: [org.ous.default],
      tag_admin_principal_arns: ["arn:aws:iam::*:role/TagAdministrator"],
      enable_tag_policy: true,
    }),
    call("detect", { rule_name: "apply-synth-detect", topic_name: "apply-synth-detect" }),
    // In the default OU's account beside the handlebars StackSet's instance: its own policy name.
    call("stackset", { stack_set_name: "apply-synth", organizational_unit_ids: [org.ous.default], policy_name: "apply-synth-member" }),
  ];
}

function rootConfig(org: Organization, profiles: Profiles, exampleInstances: string[], synthInstance: string): string {
  const blocks = Object.entries(profiles).flatMap(([label, p]) => [
    `module "${label}_account" {\n  source = "../modules/${p.folder}"\n${inputs({
      policy_name: `apply-${label}`,
      role_names: ["IrExistingRole"],
      opt_in_instance_ids: p.instances,
      create_role: true,
      role_name: `apply-${label}-platform`,
      trusted_principal_arns: PLATFORM,
      external_id: EXTERNAL_ID,
    })}\n}`,
    `output "${label}_policy_arns" {\n  value = module.${label}_account.policy_arns\n}`,
    `module "${label}_guardrail" {\n  source = "../modules/${p.folder}/guardrail"\n${inputs({
      policy_name: `apply-${label}-guardrail`,
      target_ids: [org.rootId],
      tag_admin_principal_arns: ["arn:aws:iam::*:role/TagAdministrator"],
      enable_tag_policy: true,
    })}\n}`,
    `module "${label}_detect" {\n  source = "../modules/${p.folder}/detect"\n${inputs({
      rule_name: `apply-${label}-detect`,
      topic_name: `apply-${label}-detect`,
    })}\n}`,
    `module "${label}_stackset" {\n  source = "../modules/${p.folder}/stackset"\n${inputs({
      stack_set_name: `apply-${label}`,
      organizational_unit_ids: [org.ous[label]],
      create_role: true,
      trusted_principal_arns: PLATFORM,
      external_id: EXTERNAL_ID,
    })}\n}`,
  ]);
  return `# Endpoint and keys come from the environment (AWS_ENDPOINT_URL). The examples, copied without their
# providers.tf, use this provider: one provider process per Terraform command.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

${[...blocks, ...synthBlocks(org, synthInstance)].join("\n\n")}

module "basic" {
  source = "../examples/basic"
${inputs({ opt_in_instance_ids: exampleInstances })}
}

output "basic_policy_arn" {
  value = module.basic.policy_arn
}

module "organization" {
  source = "../examples/organization"
${inputs({ target_ids: [org.rootId], organizational_unit_ids: [org.ous.example] })}
}
`;
}

/** What the emulator holds of ours: read after the apply and again after the destroy. */
interface ReadBack {
  policies: Map<string, { arn: string; document: any }>;
  roles: string[];
  trust: Record<string, any>;
  attached: Record<string, string[]>;
  tags: Record<string, Record<string, string>>;
  scps: OrgPolicy[];
  tagPolicies: OrgPolicy[];
  stackSets: StackSet[];
}

async function readBack(aws: Aws, createdRoles: string[], createdPolicies: string[], instances: string[]): Promise<ReadBack> {
  const roles = await roleNames(aws);
  const present = [...EXISTING_ROLES, ...createdRoles].filter((r) => roles.includes(r));
  return {
    policies: await customerPolicies(aws, (name) => createdPolicies.includes(name)),
    roles,
    trust: Object.fromEntries(
      await Promise.all(createdRoles.filter((r) => roles.includes(r)).map(async (r) => [r, await roleTrust(aws, r)])),
    ),
    attached: Object.fromEntries(await Promise.all(present.map(async (r) => [r, await attachedPolicyArns(aws, r)]))),
    tags: await instanceTags(aws, instances),
    scps: await organizationPolicies(aws, "SERVICE_CONTROL_POLICY"),
    tagPolicies: await organizationPolicies(aws, "TAG_POLICY"),
    stackSets: await stackSets(aws),
  };
}

const describeApply = endpoint ? describe : describe.skip;

describeApply("the modules applied against the AWS API emulator", () => {
  let aws: Aws;
  let org: Organization;
  let profiles: Profiles;
  let instances: string[];
  /** Every resource instance Terraform recorded in its state after the apply, with its attributes. */
  let state: { type: string; module?: string; values: any }[];
  let applyOutput: string;
  let outputs: Record<string, { value: any }>;
  let applied: ReadBack;
  let destroyed: ReadBack;
  let dir: string;
  /** The managed policies in the default OU's member account, as its stack instance created them. */
  let member: Map<string, { arn: string; document: any }>;
  /** Resources of the handlebars modules and the examples; synthesised(): of the CDKTF module stacks. */
  const created = (type: string) => state.filter((r) => r.type === type && !r.module?.startsWith("module.synth_"));
  const synthesised = (type: string, m: string) => state.filter((r) => r.type === type && r.module === `module.synth_${m}`);

  beforeAll(async () => {
    aws = awsClients(endpoint!);
    org = await prepareOrganization(aws, ["default", "split", "example"]);
    instances = await launchInstances(aws, 6);
    await createRoles(aws, EXISTING_ROLES);
    profiles = {
      default: { folder: DEFAULT.name, tag: { key: DEFAULT.tag.key, value: DEFAULT.tag.values[0] }, instances: instances.slice(0, 2) },
      split: { folder: SPLIT.name, tag: { key: SPLIT.tag.key, value: SPLIT.tag.values[0] }, instances: instances.slice(2, 4) },
    };

    // The modules generate writes for both profiles, beside copies of the examples, as in the repository.
    dir = tempDir("apply");
    writeFileSync(
      join(dir, "scoped-ssm.json"),
      JSON.stringify({ profiles: [DEFAULT_PROFILE, require("../cases/split-hybrid-profile.json")] }),
    );
    expect(run(["generate"], dir)).toMatchObject({ code: 0, stderr: "" });
    for (const example of ["basic", "organization"]) copyExample(example, join(dir, "examples", example));
    const synthOut = synthConfig({ profiles: [DEFAULT], deployments: [] }, true);
    cpSync(stackDir(synthOut, DEFAULT.name), join(dir, "synth", "account"), { recursive: true });
    for (const m of ["guardrail", "detect", "stackset"] as const)
      cpSync(stackDir(synthOut, moduleStackName(DEFAULT.name, m)), join(dir, "synth", m), { recursive: true });
    removeDir(synthOut);
    const root = join(dir, "apply");
    mkdirSync(root);
    writeFileSync(join(root, "main.tf"), rootConfig(org, profiles, instances.slice(4, 5), instances[5]));

    const env = emulatorEnv(endpoint!);
    const started = Date.now();
    const t = async (command: string, ...args: string[]) => {
      const out = await tfAsync(root, [command, "-input=false", "-no-color", ...args], env);
      if (process.env.SCOPED_SSM_TIMINGS) console.log(`terraform ${command}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return out;
    };
    await t("init", "-backend=false");
    // One apply (it plans first) and the state file it leaves: no separate plan and `show`, each of
    // which would start the three provider configurations again.
    applyOutput = await t("apply", "-auto-approve");
    state = (JSON.parse(readFileSync(join(root, "terraform.tfstate"), "utf8")).resources as any[])
      .filter((r) => r.mode === "managed")
      .flatMap((r) => r.instances.map((i: any) => ({ type: r.type, ...(r.module ? { module: r.module } : {}), values: i.attributes })));
    outputs = JSON.parse(await tfAsync(root, ["output", "-json"], env));
    const createdRoles = created("aws_iam_role").map((r) => r.values.name);
    const createdPolicies = state.filter((r) => r.type === "aws_iam_policy").map((r) => r.values.name);
    applied = await readBack(aws, createdRoles, createdPolicies, instances);
    // Only stack instances create policies in member accounts.
    member = await customerPolicies(await inAccount(endpoint!, aws, org.accounts.default), () => true);
    await deleteStackInstancesByAccount(
      aws,
      applied.stackSets.filter((s) => state.some((r) => r.type === "aws_cloudformation_stack_set" && r.values.name === s.name)),
    );
    await t("destroy", "-auto-approve", "-refresh=false");
    destroyed = await readBack(aws, createdRoles, createdPolicies, instances);
  }, 600_000);

  afterAll(() => dir && removeDir(dir));

  test("the apply creates policies, roles, attachments, tags, SCPs, tag policies and stack sets, and changes nothing", () => {
    const types = new Set(state.map((r) => r.type));
    for (const type of [
      "aws_iam_policy",
      "aws_iam_role",
      "aws_iam_role_policy_attachment",
      "aws_ec2_tag",
      "aws_organizations_policy",
      "aws_organizations_policy_attachment",
      "aws_cloudformation_stack_set",
      "aws_cloudformation_stack_set_instance",
      "aws_cloudwatch_event_rule",
      "aws_cloudwatch_event_target",
      "aws_sns_topic",
      "aws_sns_topic_policy",
    ])
      expect(types).toContain(type);
    expect(applyOutput).toContain(`Apply complete! Resources: ${state.length} added, 0 changed, 0 destroyed.`);
    // The split profile needs more than one managed policy.
    expect(outputs.split_policy_arns.value.length).toBeGreaterThan(1);
  });

  test("every stored policy document equals the one Terraform applied", () => {
    const planned = created("aws_iam_policy").map((r) => r.values);
    expect(planned.length).toBeGreaterThan(3);
    for (const p of planned) {
      const stored = applied.policies.get(p.name);
      expect(stored).toBeDefined();
      expect(canonicalPolicy(stored!.document)).toEqual(canonicalPolicy(p.policy));
    }
  });

  test("the default profile's stored policy is the one the model gives for the module's inputs", () => {
    const model = buildModule(DEFAULT);
    const env = envFor(model, "aws", {
      policy_name: "apply-default",
      role_names: ["IrExistingRole"],
      opt_in_instance_ids: profiles.default.instances,
    });
    expect(canonicalPolicy(applied.policies.get("apply-default")!.document)).toEqual(canonicalPolicy(evalPolicy(model, env)));
  });

  test("each platform role trusts only the platform's principals, and only with the external id", () => {
    const planned = created("aws_iam_role").map((r) => r.values);
    expect(planned.map((r) => r.name).sort()).toEqual(["apply-default-platform", "apply-split-platform"]);
    for (const r of planned) {
      const trust = applied.trust[r.name];
      expect(canonicalPolicy(trust)).toEqual(canonicalPolicy(r.assume_role_policy));
      for (const s of trust.Statement) {
        expect(s.Principal.AWS === PLATFORM[0] || JSON.stringify(s.Principal.AWS) === JSON.stringify(PLATFORM)).toBe(true);
        expect(s.Condition.StringEquals["sts:ExternalId"]).toEqual(expect.arrayContaining([EXTERNAL_ID]));
      }
    }
  });

  test("every policy of a module is attached to the roles it names and to the role it creates", () => {
    for (const label of Object.keys(profiles)) {
      const arns: string[] = outputs[`${label}_policy_arns`].value;
      expect(applied.attached.IrExistingRole).toEqual(expect.arrayContaining(arns));
      expect(applied.attached[`apply-${label}-platform`]).toEqual([...arns].sort());
    }
    expect(applied.attached.IrPlatformRole).toEqual([outputs.basic_policy_arn.value]);
  });

  test("the opt-in tag is on each instance named, and on no other; other tags stay", () => {
    const expected: Record<string, Record<string, string>> = Object.fromEntries(instances.map((id) => [id, { Owner: "forensics" }]));
    for (const p of Object.values(profiles)) for (const id of p.instances) expected[id][p.tag.key] = p.tag.value;
    expected[instances[4]][DEFAULT.tag.key] = DEFAULT.tag.values[0]; // examples/basic
    expected[instances[5]][DEFAULT.tag.key] = DEFAULT.tag.values[0]; // the synthesised account module
    expect(applied.tags).toEqual(expected);
  });

  test("the guardrail SCPs and tag policies hold the planned content and are attached to the root", () => {
    const planned = created("aws_organizations_policy").map((r) => r.values);
    expect(planned.filter((p) => p.type === "SERVICE_CONTROL_POLICY")).toHaveLength(3);
    expect(planned.filter((p) => p.type === "TAG_POLICY")).toHaveLength(3);
    for (const p of planned) {
      const stored = [...applied.scps, ...applied.tagPolicies].find((x) => x.name === p.name);
      expect(stored).toBeDefined();
      expect(stored!.content).toEqual(JSON.parse(p.content));
      expect(stored!.targets).toEqual([org.rootId]);
    }
  });

  test("each StackSet holds the planned template, called as SELF, with a stack instance in its OU's account", () => {
    const planned = created("aws_cloudformation_stack_set").map((r) => ({ ...r.values, module: r.module }));
    expect(planned).toHaveLength(3);
    const ouOf: Record<string, string> = {
      "module.default_stackset": org.ous.default,
      "module.split_stackset": org.ous.split,
      "module.organization.module.rollout": org.ous.example,
    };
    for (const p of planned) {
      expect(p.call_as).toBe("SELF");
      const stored = applied.stackSets.find((s) => s.name === p.name);
      expect(stored).toBeDefined();
      expect(stored!.template).toBe(p.template_body);
      expect(stored!.parameters).toEqual(p.parameters);
      const ou = ouOf[p.module];
      const account = Object.entries(org.ous).find(([, id]) => id === ou)![0];
      expect(stored!.instances).toEqual([expect.objectContaining({ account: org.accounts[account], region: "us-east-1" })]);
    }
  });

  test("the stack instance created the module's policy in its member account", () => {
    const planned = created("aws_iam_policy").find((r) => r.module === "module.default_account")!.values;
    const name = `scoped-ssm-${DEFAULT.name}`;
    expect([...member.keys()]).toContain(name);
    // Own documents carry the account the policy is created in: ${AWS::AccountId} in the member
    // account, where Terraform's plan read its own account from data.aws_caller_identity.
    const own = (account: string) => `:${account}:document/`;
    const inMember = (planned.policy as string).split(own(emulatorAccountId())).join(own(org.accounts.default));
    expect(inMember).not.toBe(planned.policy);
    expect(canonicalPolicy(member.get(name)!.document)).toEqual(canonicalPolicy(inMember));
  });

  test("each detect module's rule holds the model's pattern for its profile's key and notifies the topic it created", () => {
    const rules = created("aws_cloudwatch_event_rule").map((r) => ({ ...r.values, module: r.module }));
    expect(rules.map((r) => r.name).sort()).toEqual(["apply-default-detect", "apply-split-detect"]);
    for (const [label, p] of Object.entries(profiles)) {
      const rule = rules.find((r) => r.module === `module.${label}_detect`)!;
      // The rule as the provider read it back from the emulator after creating it.
      expect(JSON.parse(rule.event_pattern)).toEqual(detectEventPattern(p.tag.key));
      const target = created("aws_cloudwatch_event_target").find((r) => r.module === `module.${label}_detect`)!.values;
      const topic = created("aws_sns_topic").find((r) => r.module === `module.${label}_detect`)!.values;
      expect([target.rule, target.arn]).toEqual([rule.name, topic.arn]);
      const policy = JSON.parse(created("aws_sns_topic_policy").find((r) => r.module === `module.${label}_detect`)!.values.policy);
      expect(policy.Statement[0]).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish" });
    }
  });

  test("the CDKTF module stacks, synthesised to HCL, create what the handlebars modules create", () => {
    const one = (type: string, m: string) => {
      const found = synthesised(type, m);
      expect([type, m, found.length]).toEqual([type, m, 1]);
      return found[0].values;
    };
    // Account: the same stored document, attached and tagged like the handlebars module's.
    const policy = one("aws_iam_policy", "account");
    expect(canonicalPolicy(applied.policies.get(policy.name)!.document)).toEqual(
      canonicalPolicy(applied.policies.get("apply-default")!.document),
    );
    expect(applied.attached.IrExistingRole).toContain(policy.arn);
    // Guardrail: the same SCP and tag policy content, attached where the inputs say.
    const orgPolicies = [...applied.scps, ...applied.tagPolicies];
    const content = (name: string) => orgPolicies.find((p) => p.name === name);
    for (const p of synthesised("aws_organizations_policy", "guardrail").map((r) => r.values)) {
      const twin = created("aws_organizations_policy").find((r) => r.module === "module.default_guardrail" && r.values.type === p.type)!;
      expect(content(p.name)!.content).toEqual(content(twin.values.name)!.content);
      expect(content(p.name)!.targets).toEqual([org.ous.default]);
    }
    expect(synthesised("aws_organizations_policy", "guardrail").map((r) => r.values.type).sort()).toEqual([
      "SERVICE_CONTROL_POLICY",
      "TAG_POLICY",
    ]);
    // StackSet: the same template, and a stack instance in the OU's account that created the policy.
    const set = applied.stackSets.find((s) => s.name === one("aws_cloudformation_stack_set", "stackset").name)!;
    expect(set.template).toBe(applied.stackSets.find((s) => s.name === "apply-default")!.template);
    expect(set.instances).toEqual([expect.objectContaining({ account: org.accounts.default, region: "us-east-1" })]);
    expect(canonicalPolicy(member.get("apply-synth-member")!.document)).toEqual(
      canonicalPolicy(member.get(`scoped-ssm-${DEFAULT.name}`)!.document),
    );
    // Detect: the model's pattern, notifying the topic it created.
    expect(JSON.parse(one("aws_cloudwatch_event_rule", "detect").event_pattern)).toEqual(detectEventPattern(DEFAULT.tag.key));
    expect(one("aws_cloudwatch_event_target", "detect").arn).toBe(one("aws_sns_topic", "detect").arn);
  });

  test("after destroy nothing of ours remains: policies, roles, attachments, tags, SCPs, tag policies, stack sets", () => {
    const names = (type: string) => state.filter((r) => r.type === type).map((r) => r.values.name);
    for (const name of names("aws_iam_policy")) expect(destroyed.policies.has(name)).toBe(false);
    for (const name of names("aws_iam_role")) expect(destroyed.roles).not.toContain(name);
    for (const role of EXISTING_ROLES) expect(destroyed.attached[role]).toEqual([]);
    for (const id of instances) expect(destroyed.tags[id]).toEqual({ Owner: "forensics" });
    for (const name of names("aws_organizations_policy"))
      expect([...destroyed.scps, ...destroyed.tagPolicies].map((p) => p.name)).not.toContain(name);
    for (const name of names("aws_cloudformation_stack_set")) expect(destroyed.stackSets.map((s) => s.name)).not.toContain(name);
    expect(state.length).toBeGreaterThan(20);
  });
});
