import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import type { ModuleVariable } from "./module";
import { VAR } from "./variables";

/**
 * Module variables and their Terraform validations that several generated modules share (account,
 * guardrail, StackSet): one definition each, so the modules check the same rules in the same words.
 */

/** Every element of a list variable matches the pattern (HCL). */
export const allMatch = (v: string, re: RegExp) => `alltrue([for x in var.${v} : can(regex(${JSON.stringify(re.source)}, x))])`;

/** A string variable matches the pattern (HCL). */
export const matches = (v: string, re: RegExp) => `can(regex(${JSON.stringify(re.source)}, var.${v}))`;

export function policyNameVariable(description: string, defaultName: string): ModuleVariable {
  return {
    name: VAR.policyName,
    type: "string",
    description,
    default: defaultName,
    validations: [{ condition: matches(VAR.policyName, LIMITS.policyName), message: `A policy name is ${LIMITS.policyNameText}.` }],
  };
}

export function roleNamesVariable(description: string): ModuleVariable {
  return {
    name: VAR.roleNames,
    type: "list(string)",
    description,
    default: [],
    validations: [{ condition: allMatch(VAR.roleNames, LIMITS.roleName), message: `A role name is ${LIMITS.roleNameText}.` }],
  };
}

export function tagKeyVariable(p: Profile): ModuleVariable {
  return {
    name: VAR.tagKey,
    type: "string",
    description: "Key of the opt-in tag.",
    default: p.tag.key,
    validations: [
      {
        condition: `length(var.${VAR.tagKey}) >= 1 && length(var.${VAR.tagKey}) <= ${LIMITS.tagKeyMax} && !startswith(lower(var.${VAR.tagKey}), "aws:")`,
        message: `A tag key has 1-${LIMITS.tagKeyMax} characters and does not start with aws:.`,
      },
    ],
  };
}
