import { TerraformVariable, Token } from "cdktf";
import { z } from "zod";
import type { ModuleVariable } from "../../model/module";
import { evalCheck } from "../../model/checks";
import { InputError } from "../../base/errors";
import { problemsOf } from "../../profile/problems";
import { type Profile, type ProfileInput, ProfileSchema } from "../../profile/schema";
import type { Bindings } from "../../model/bind";
import { escapeTemplate } from "../../emit/terraform-json";

/**
 * Construct inputs: plain values (checked with the same zod rules as scoped-ssm.json) or Terraform
 * variables (checked for their type). Bad input throws InputError, naming the construct and field.
 */

/** A string input: a value, or a TerraformVariable of type `string`. */
export type StringInput = string | TerraformVariable;
/** A list input: values, or a TerraformVariable of type `list(string)`. */
export type ListInput = readonly string[] | TerraformVariable;
/** A map input: values, or a TerraformVariable of type `map(string)`. */
export type MapInput = Readonly<Record<string, string>> | TerraformVariable;
/** Tags of a resource: IAM's and Organizations' limits. */
export const TagsSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** A switch: true or false, or a TerraformVariable of type `bool`. */
export type BoolInput = boolean | TerraformVariable;

/**
 * Terraform variables for the module inputs that otherwise take the profile's values, keyed by the
 * generated module's variable names. The module stack binds all of them; apps rarely need to.
 */
export interface ModuleInputVariables {
  /** `tag_key`, type string. */
  readonly tag_key?: TerraformVariable;
  /** `tag_values`, type list(string); the first is written on opted-in instances. */
  readonly tag_values?: TerraformVariable;
  /** `run_command_documents`, type list(string). */
  readonly run_command_documents?: TerraformVariable;
  /** `session_documents`, type list(string). */
  readonly session_documents?: TerraformVariable;
}

/** Parses with the schema or throws InputError: `where` names the construct, `field` the prop. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, where: string, field: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new InputError(problemsOf(result.error, raw, where, schema, field));
}

export const parseProfile = (raw: ProfileInput, where: string): Profile => parseInput(ProfileSchema, raw, where, "profile");

/** The type of each module input: that of the generated module's variable. */
const MODULE_INPUT_TYPES = {
  tag_key: "string",
  tag_values: "list(string)",
  run_command_documents: "list(string)",
  session_documents: "list(string)",
} as const satisfies Record<keyof ModuleInputVariables, string>;

/** Checks a construct's module inputs (each a Terraform variable of its module variable's type). */
export function checkModuleInputs(inputs: ModuleInputVariables | undefined, where: string): ModuleInputVariables {
  for (const [name, type] of Object.entries(MODULE_INPUT_TYPES))
    checkInput(inputs?.[name as keyof ModuleInputVariables], type, undefined, where, `moduleInputs.${name}`);
  return inputs ?? {};
}

/**
 * Checks an input: a Terraform variable must have the expected type; a value must pass the schema
 * (without a schema, only a variable is accepted).
 */
export function checkInput(
  input: unknown,
  expectedType: ModuleVariable["type"],
  schema: z.ZodType | undefined,
  where: string,
  field: string,
): void {
  if (input === undefined) return;
  if (input instanceof TerraformVariable) {
    if (input.type !== undefined && input.type.replace(/\s+/g, "") !== expectedType)
      throw new InputError([
        { file: where, path: field, message: `needs a Terraform variable of type ${expectedType}`, value: input.type },
      ]);
    return;
  }
  if (!schema) throw new InputError([{ file: where, path: field, message: `takes a TerraformVariable of type ${expectedType}` }]);
  // A token (another resource's attribute, a function) cannot be placed inside the policy's expressions.
  if (Token.isUnresolved(input))
    throw new InputError([{ file: where, path: field, message: "takes a plain value or a TerraformVariable, not another token" }]);
  parseInput(schema, input, where, field);
}

const BASE: Record<ModuleVariable["type"], z.ZodType> = {
  string: z.string(),
  "list(string)": z.array(z.string()),
  "map(string)": z.record(z.string(), z.string()),
  bool: z.boolean(),
  number: z.number(),
};

/**
 * The schema of a plain value for a module variable: its type, and the module's own validations of
 * it (the model's rules, which the generated module checks at plan time), each problem in the
 * module's words.
 */
export function variableSchema(variable: ModuleVariable): z.ZodType {
  return BASE[variable.type].superRefine((value, ctx) => {
    for (const rule of variable.validations)
      if (!evalCheck(rule.check, { [variable.name]: value as never })) ctx.addIssue({ code: "custom", message: rule.message });
  });
}

/**
 * Checks an input for the model's variable `name` (see {@link checkInput}): a Terraform variable of
 * its type, or a value that passes its rules. A required one (no default) must be given.
 */
export function checkVariableInput(
  model: { readonly variables: readonly ModuleVariable[] },
  name: string,
  input: unknown,
  where: string,
  field: string,
): void {
  const variable = model.variables.find((v) => v.name === name);
  if (!variable) throw new Error(`the model has no variable ${name}`);
  if (input === undefined && variable.default === undefined)
    throw new InputError([{ file: where, path: field, message: `is required: a value, or a TerraformVariable of type ${variable.type}` }]);
  checkInput(input, variable.type, variableSchema(variable), where, field);
}

/** The Terraform expression of a bool input: its variable's reference, or the value. */
export const boolExpression = (input: BoolInput | undefined, fallback: boolean): string =>
  input instanceof TerraformVariable ? `var.${input.friendlyUniqueId}` : String(input ?? fallback);

/** The addresses of the given Terraform variables, read when the stack is synthesised (after any renaming). */
export function bindingsOf(
  model: { readonly variables: readonly ModuleVariable[] },
  inputs: Readonly<Record<string, StringInput | ListInput | undefined>>,
): () => Bindings {
  return () => (name) => {
    const given = inputs[name];
    if (given instanceof TerraformVariable) return { variable: given.friendlyUniqueId };
    if (given !== undefined) return { value: given as string | readonly string[] };
    const fallback = model.variables.find((v) => v.name === name)?.default;
    if (typeof fallback === "string" || Array.isArray(fallback)) return { value: fallback };
    throw new Error(`the module model has no string or list input named ${name}`);
  };
}

/** Tags: a map(string) variable's value, or literal tags with template sequences escaped. */
export function tagsValue(tags: MapInput | undefined): Record<string, string> | undefined {
  if (tags === undefined) return undefined;
  if (tags instanceof TerraformVariable) return Token.asStringMap(tags.value);
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [escapeTemplate(k), escapeTemplate(v)]));
}
