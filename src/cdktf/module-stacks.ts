import type { Construct } from "constructs";
import { DETECT_VAR, buildDetect } from "../model/detect";
import { ENABLE_TAG_POLICY, buildGuardrail } from "../model/guardrail";
import { GUARDRAIL_VAR } from "../model/policy";
import { VAR } from "../model/variables";
import type { ProfileInput } from "../profile/schema";
import { ScopedSsmDetection } from "./detection";
import { ScopedSsmGuardrail } from "./guardrail";
import { ScopedSsmStackSet } from "./stackset";
import { STACKSET_VAR, buildStackSet } from "../model/stackset";
import { ROLE_VAR } from "../model/role";
import { parseProfile } from "./private/inputs";
import { ModelModuleStack } from "./private/module-stack-base";

/** Properties of the module stacks of a profile's guardrail, detective control and StackSet. */
export interface ScopedSsmProfileModuleStackProps {
  /** The profile the module is generated from (validated; defaults applied). */
  readonly profile: ProfileInput;
}

/**
 * The guardrail module of a profile as a stack (`guardrail/` of the generated modules): the same
 * variables, resources at the same addresses, and outputs; `required_providers` only.
 */
export class ScopedSsmGuardrailStack extends ModelModuleStack {
  readonly guardrail: ScopedSsmGuardrail;

  constructor(scope: Construct, id: string, props: ScopedSsmProfileModuleStackProps) {
    const profile = parseProfile(props.profile, `ScopedSsmGuardrailStack ${id}`);
    const model = buildGuardrail(profile);
    super(scope, id, `the guardrail of profile "${profile.name}"`, model.variables);
    const v = this.variables;
    this.guardrail = new ScopedSsmGuardrail(this, "guardrail", {
      profile,
      targetIds: v[GUARDRAIL_VAR.targetIds],
      tagAdminPrincipalArns: v[GUARDRAIL_VAR.tagAdminPrincipalArns],
      policyName: v[VAR.policyName],
      tags: v[VAR.tags],
      moduleInputs: v,
      protectLaunchTemplates: v[GUARDRAIL_VAR.protectLaunchTemplates],
      enableTagPolicy: v[ENABLE_TAG_POLICY],
      moduleAddresses: true,
    });
    this.addOutputs(model.outputs);
  }
}

/**
 * The detective control of a profile as a stack (`detect/` of the generated modules): the same
 * variables, resources at the same addresses, and outputs; `required_providers` only.
 */
export class ScopedSsmDetectionStack extends ModelModuleStack {
  readonly detection: ScopedSsmDetection;

  constructor(scope: Construct, id: string, props: ScopedSsmProfileModuleStackProps) {
    const profile = parseProfile(props.profile, `ScopedSsmDetectionStack ${id}`);
    const model = buildDetect(profile);
    super(scope, id, `the detective control of profile "${profile.name}"`, model.variables);
    const v = this.variables;
    this.detection = new ScopedSsmDetection(this, "detection", {
      profile,
      ruleName: v[DETECT_VAR.ruleName],
      targetArn: v[DETECT_VAR.targetArn],
      topicName: v[DETECT_VAR.topicName],
      tags: v[VAR.tags],
      moduleInputs: v,
      moduleAddresses: true,
    });
    this.addOutputs(model.outputs);
  }
}

/**
 * The StackSet module of a profile as a stack (`stackset/` of the generated modules): the same
 * variables, the template inline, resources at the same addresses, and outputs; `required_providers` only.
 */
export class ScopedSsmStackSetStack extends ModelModuleStack {
  readonly stackSet: ScopedSsmStackSet;

  constructor(scope: Construct, id: string, props: ScopedSsmProfileModuleStackProps) {
    const profile = parseProfile(props.profile, `ScopedSsmStackSetStack ${id}`);
    const model = buildStackSet(profile);
    super(scope, id, `the StackSet of profile "${profile.name}"`, model.variables);
    const v = this.variables;
    this.stackSet = new ScopedSsmStackSet(this, "stack-set", {
      profile,
      organizationalUnitIds: v[STACKSET_VAR.organizationalUnitIds],
      stackSetName: v[STACKSET_VAR.stackSetName],
      callAs: v[STACKSET_VAR.callAs],
      policyName: v[VAR.policyName],
      roleNames: v[VAR.roleNames],
      createRole: v[ROLE_VAR.createRole],
      roleName: v[ROLE_VAR.roleName],
      trustedPrincipalArns: v[ROLE_VAR.trustedPrincipalArns],
      externalId: v[ROLE_VAR.externalId],
      maxSessionDuration: v[ROLE_VAR.maxSessionDuration],
      permissionsBoundaryArn: v[ROLE_VAR.permissionsBoundaryArn],
      tagKey: v[VAR.tagKey],
      tagValues: v[VAR.tagValues],
      moduleAddresses: true,
    });
    this.addOutputs(model.outputs);
  }
}
