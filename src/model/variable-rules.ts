import { LIMITS } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type Rule, allMatch, all, lengthBetween, matches, noPrefixIgnoringCase } from "./checks";
import { type ModuleVariable, VAR } from "./variables";

/**
 * Module variables and their Terraform validations that several generated modules share (account,
 * guardrail, StackSet): one definition each, so the modules check the same rules in the same words.
 */

/** A variable with its default (none: the caller must set it) and its rules. */
export function variable(
  name: string,
  type: ModuleVariable["type"],
  description: string,
  defaultValue: ModuleVariable["default"],
  ...validations: Rule[]
): ModuleVariable {
  return defaultValue === undefined
    ? { name, type, description, validations }
    : { name, type, description, default: defaultValue, validations };
}

export const policyNameVariable = (description: string, defaultName: string) =>
  variable(VAR.policyName, "string", description, defaultName, {
    check: matches(VAR.policyName, LIMITS.policyName),
    message: `A policy name is ${LIMITS.policyNameText}.`,
  });

export const roleNamesVariable = (description: string) =>
  variable(VAR.roleNames, "list(string)", description, [], {
    check: allMatch(VAR.roleNames, LIMITS.roleName),
    message: `A role name is ${LIMITS.roleNameText}.`,
  });

export const tagKeyVariable = (p: Profile) =>
  variable(VAR.tagKey, "string", "Key of the opt-in tag.", p.tag.key, {
    check: all(lengthBetween(VAR.tagKey, 1, LIMITS.tagKeyMax), noPrefixIgnoringCase(VAR.tagKey, "aws:")),
    message: `A tag key has 1-${LIMITS.tagKeyMax} characters and does not start with aws:.`,
  });

export const tagsVariable = (description: string) => variable(VAR.tags, "map(string)", description, {});

/** The opt-in tag's key, and its accepted values with the module's rule for them. */
export const optInTagVariables = (p: Profile, valuesDescription: string, valuesRule: Rule): ModuleVariable[] => [
  tagKeyVariable(p),
  variable(VAR.tagValues, "list(string)", valuesDescription, p.tag.values, valuesRule),
];
