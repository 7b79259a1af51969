/**
 * cdktf-agreement.test.ts's root, planned in the run's shared plan (support/shared-plan.ts): for
 * each profile of the test config, the handlebars module, the CDKTF module stack synthesised as
 * JSON and as HCL, with two input sets each; the same for the guardrail, StackSet and detect
 * modules.
 */
import { type ModuleCall, writeMultiRoot } from "../../dev/terraform";
import { moduleStackName } from "../../src/cdktf/app";
import { buildDetect } from "../../src/model/detect";
import { buildGuardrail } from "../../src/model/guardrail";
import { buildModule } from "../../src/model/module";
import { buildStackSet } from "../../src/model/stackset";
import type { Profile } from "../../src/profile/schema";
import { renderDetectFiles } from "../../src/render/detect-files";
import { renderGuardrailFiles } from "../../src/render/guardrail-files";
import { renderStackSetFiles } from "../../src/render/stackset-files";
import { stackDir, synthConfig, testConfig } from "../support/cdktf";
import { writeFiles, writeModule } from "../support/modules";
import type { PlanParts } from "../support/shared-plan";

export const config = testConfig();
export const ROLES = ["IrPlatformRole", "IrAnalystRole"];
export const INSTANCES = ["i-0123456789abcdef0", "i-0fedcba9876543210"];
export const RENDERERS = ["hbs", "cdktf_json", "cdktf_hcl"] as const;
export const TARGETS = ["r-ab12", "ou-ab12-11111111"];
export const ADMINS = ["arn:aws:iam::*:role/TagAdministrator"];
export const QUEUE = "arn:aws:sqs:us-east-1:123456789012:security-alerts";

/** The other modules of a profile, each with its two input sets and the outputs the root exposes. */
export const OTHER_MODULES = {
  guardrail: {
    files: (p: Profile) => renderGuardrailFiles(buildGuardrail(p)),
    outputs: ["policy_id", "policy_content", "tag_policy_id"],
    inputs: {
      base: { target_ids: TARGETS, tag_admin_principal_arns: ADMINS },
      custom: {
        target_ids: TARGETS,
        tag_admin_principal_arns: [...ADMINS, "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_TagAdmin_*"],
        policy_name: "ir-guardrail",
        tags: { team: "ir" },
        tag_key: "IR-Opt-In",
        tag_values: ["on", "On"],
        protect_launch_templates: true,
        enable_tag_policy: true,
      },
    },
  },
  stackset: {
    files: (p: Profile) => renderStackSetFiles(buildStackSet(p)),
    outputs: ["stack_set_id", "template_body"],
    inputs: {
      base: { organizational_unit_ids: ["ou-ab12-11111111", "ou-ab12-22222222"], role_names: ROLES },
      custom: {
        organizational_unit_ids: ["ou-ab12-11111111"],
        stack_set_name: "ir-rollout",
        call_as: "DELEGATED_ADMIN",
        policy_name: "ir-ssm-custom",
        role_names: ROLES,
        create_role: true,
        trusted_principal_arns: ["arn:aws:iam::999988887777:role/PlatformScanner"],
        external_id: "cado-ext-0123456789",
        max_session_duration: 7200,
        tag_key: "IR-Opt-In",
        tag_values: ["on", "On"],
      },
    },
  },
  detect: {
    files: (p: Profile) => renderDetectFiles(buildDetect(p)),
    outputs: ["rule_arn", "target_arn"],
    inputs: {
      base: {},
      custom: { tag_key: "IR-Opt-In", rule_name: "ir-detect", target_arn: QUEUE, topic_name: "unused", tags: { team: "ir" } },
    },
  },
} as const;
export type OtherModule = keyof typeof OTHER_MODULES;

export function inputSets(profile: Profile): Record<"base" | "custom", Record<string, unknown>> {
  const names = new Set(buildModule(profile).variables.map((v) => v.name));
  const base = { role_names: ROLES, opt_in_instance_ids: INSTANCES };
  const custom: Record<string, unknown> = {
    ...base,
    policy_name: "ir-ssm-custom",
    tags: { team: "ir", "cost-center": "1234" },
    tag_key: "IR-Opt-In",
    tag_values: ["on", "On"],
    run_command_documents: ["AWS-RunShellScript", "Team-Collect"],
    create_role: true,
    role_name: "ir-platform",
    trusted_principal_arns: ["arn:aws:iam::999988887777:role/PlatformScanner"],
    external_id: "cado-ext-0123456789",
    max_session_duration: 7200,
  };
  if (names.has("session_documents")) custom.session_documents = ["AWS-StartPortForwardingSession"];
  return { base, custom };
}

export const callName = (profile: string, renderer: string, set: string) => `${profile.replace(/-/g, "_")}_${renderer}_${set}`;

let synthesised: { jsonOut: string; hclOut: string } | undefined;
/** The test config synthesised as JSON and as HCL, once for the parts that need it. */
export function synthesisedTestConfig(): { jsonOut: string; hclOut: string } {
  synthesised ??= { jsonOut: synthConfig(config, false), hclOut: synthConfig(config, true) };
  return synthesised;
}

/** The root: every profile's module calls, for every renderer. */
export function agreementParts(): PlanParts {
  const cleanup: string[] = [];
  const { jsonOut, hclOut } = synthesisedTestConfig();
  cleanup.push(jsonOut, hclOut);
  const calls: ModuleCall[] = config.profiles.flatMap((profile) => {
    const hbs = writeModule(buildModule(profile));
    cleanup.push(hbs);
    const sources = { hbs, cdktf_json: stackDir(jsonOut, profile.name), cdktf_hcl: stackDir(hclOut, profile.name) };
    const inputs = inputSets(profile);
    // A profile scoped to regions is planned in their partition (the first region's).
    const region = profile.scope.regions?.find((r) => r.startsWith("us-gov-")) ?? "us-east-1";
    const account = RENDERERS.flatMap((r) =>
      (["base", "custom"] as const).map((set) => ({
        name: callName(profile.name, r, set),
        source: sources[r],
        inputs: inputs[set],
        region,
      })),
    );
    const others = (Object.keys(OTHER_MODULES) as OtherModule[]).flatMap((m) => {
      const hbsModule = writeFiles(OTHER_MODULES[m].files(profile));
      cleanup.push(hbsModule);
      const stack = moduleStackName(profile.name, m);
      const from = { hbs: hbsModule, cdktf_json: stackDir(jsonOut, stack), cdktf_hcl: stackDir(hclOut, stack) };
      return RENDERERS.flatMap((r) =>
        (["base", "custom"] as const).map((set) => ({
          name: callName(profile.name, `${m}_${r}`, set),
          source: from[r],
          inputs: OTHER_MODULES[m].inputs[set],
          region,
          outputs: [...OTHER_MODULES[m].outputs],
        })),
      );
    });
    return [...account, ...others];
  });
  return { agreement: { dir: writeMultiRoot(calls), cleanup } };
}
