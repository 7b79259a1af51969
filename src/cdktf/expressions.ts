import {
  type List,
  type Str,
  concatLists,
  escapeIamLiteral,
  testPred,
  listOf,
  listVar,
  lit,
  mapList,
  strVar,
} from "../model/expr";
import { type Condition, groupByOperator } from "../model/policy";
import { hclList, hclStr } from "../render/hcl";

/**
 * Translation of the model's expressions into Terraform JSON strings for CDKTF. The model's
 * expressions name module variables; in a stack each of them is bound either to a value (the
 * profile's default or the caller's) or to a Terraform variable. Bound values are folded in with
 * the model's own evaluator, so a deploy stack carries literal ARNs instead of for-expressions over
 * literal lists, and the meaning never differs from `evalStr`/`evalList`.
 */

/** What one module variable of the model stands for in a stack. */
export type Bound = { value: string | readonly string[] } | { variable: string };
export type Bindings = (name: string) => Bound;

/** In a Terraform JSON string `${` and `%{` open templates: literal text doubles them. */
export const escapeTemplate = (s: string): string => s.replace(/([$%])\{/g, "$1$1{");

function joined(parts: Str[]): Str {
  const out: Str[] = [];
  for (const p of parts.flatMap((x) => (x.kind === "join" ? x.parts : [x]))) {
    const last = out[out.length - 1];
    if (p.kind === "lit" && last?.kind === "lit") out[out.length - 1] = lit(last.value + p.value);
    else if (!(p.kind === "lit" && p.value === "")) out.push(p);
  }
  if (out.length === 0) return lit("");
  return out.length === 1 ? out[0] : { kind: "join", parts: out };
}

/** The expression with variables bound; `it` replaces `item` inside a map over known values. */
export function bindStr(e: Str, b: Bindings, it?: Str): Str {
  switch (e.kind) {
    case "lit":
    case "partition":
      return e;
    case "item":
      return it ?? e;
    case "var": {
      const v = b(e.name);
      if ("variable" in v) return strVar(v.variable);
      if (typeof v.value !== "string") throw new Error(`module input ${e.name} is a list where a string is needed`);
      return lit(v.value);
    }
    case "join":
      return joined(e.parts.map((p) => bindStr(p, b, it)));
    case "first": {
      const list = bindList(e.list, b, it);
      return list.kind === "list" && list.items.length > 0 ? list.items[0] : { kind: "first", list };
    }
    case "iamLiteral": {
      const subject = bindStr(e.subject, b, it);
      return subject.kind === "lit" ? lit(escapeIamLiteral(subject.value)) : { kind: "iamLiteral", subject };
    }
  }
}

export function bindList(e: List, b: Bindings, it?: Str): List {
  switch (e.kind) {
    case "list":
      return listOf(...e.items.map((x) => bindStr(x, b, it)));
    case "listVar": {
      const v = b(e.name);
      if ("variable" in v) return listVar(v.variable);
      if (typeof v.value === "string") throw new Error(`module input ${e.name} is a string where a list is needed`);
      return listOf(...v.value.map(lit));
    }
    case "map": {
      const source = bindList(e.source, b, it);
      if (source.kind === "list" && source.items.every((x) => x.kind === "lit"))
        return listOf(
          ...source.items
            // The model's own predicate decides which known items stay, rather than a copy of its rule.
            .filter((x) => !e.where || testPred(e.where, (x as { value: string }).value))
            .map((x) => bindStr(e.each, b, x)),
        );
      if (source.kind === "list" && !e.where) return listOf(...source.items.map((x) => bindStr(e.each, b, x)));
      return mapList(source, bindStr(e.each, b), e.where);
    }
    case "concat":
      return concatLists(e.lists.map((l) => bindList(l, b, it)));
  }
}

/** The Terraform JSON string for a string expression: literal text, a template, or one interpolation. */
export function tfString(e: Str): string {
  if (e.kind === "lit") return escapeTemplate(e.value);
  if (e.kind === "join") return e.parts.map((p) => (p.kind === "lit" ? escapeTemplate(p.value) : `\${${hclStr(p)}}`)).join("");
  return `\${${hclStr(e)}}`;
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
