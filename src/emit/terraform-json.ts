import { type Bindings, bindList, bindStr } from "../model/bind";
import type { List, Optional, Str } from "../model/expr";
import { type Condition, groupByOperator } from "../model/policy";
import { hclCheck, hclList, hclOptional, hclOutput, hclStr } from "./hcl";
import type { Rule } from "../model/checks";
import type { OutputValue } from "../model/outputs";

/**
 * Translation of the model's expressions into Terraform JSON strings for CDKTF, after the model has
 * bound them (model/bind.ts): bound values folded in, variables left as references.
 */

/** In a Terraform JSON string `${` and `%{` open templates: literal text doubles them. */
export const escapeTemplate = (s: string): string => s.replace(/([$%])\{/g, "$1$1{");

/** The Terraform JSON string for a string expression: literal text, a template, or one interpolation. */
export function tfString(e: Str): string {
  if (e.kind === "lit") return escapeTemplate(e.value);
  if (e.kind === "join") return e.parts.map((p) => (p.kind === "lit" ? escapeTemplate(p.value) : `\${${hclStr(p)}}`)).join("");
  return `\${${hclStr(e)}}`;
}

/** An optional string: left out (undefined) when known to be "", else the value or one interpolation. */
export function tfOptional(e: Optional): string | undefined {
  if (e.subject.kind === "lit") return e.subject.value === "" ? undefined : escapeTemplate(e.subject.value);
  return `\${${hclOptional(e)}}`;
}

/** A JSON array of strings when the list's length is known, else one interpolation. */
export function tfList(e: List): string | string[] {
  return e.kind === "list" ? e.items.map(tfString) : `\${${hclList(e)}}`;
}

/** `for_each` over the list's elements, as the handlebars module writes it. */
export const tfForEach = (e: List): string => `\${toset(${hclList(e)})}`;

/** IAM's Condition element groups keys under their operator: { StringEquals: { key: values } }. */
export function conditionsJson(conditions: readonly Condition[], b: Bindings): Record<string, Record<string, string | string[]>> {
  return Object.fromEntries(
    groupByOperator(conditions).map((g) => [
      escapeTemplate(g.test),
      Object.fromEntries(g.conditions.map((c) => [tfString(bindStr(c.variable, b)), tfList(bindList(c.values, b))])),
    ]),
  );
}

/** Validations or preconditions, as CDKTF takes them. */
export const tfRules = (rules: readonly Rule[]) =>
  rules.map((r) => ({ condition: `\${${hclCheck(r.check)}}`, errorMessage: escapeTemplate(r.message) }));

/** A module output's value: one interpolation. */
export const tfOutput = (v: OutputValue): string => `\${${hclOutput(v)}}`;
