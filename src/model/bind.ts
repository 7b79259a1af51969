import { type List, type Optional, type Str, concatLists, escapeIamLiteral, listOf, listVar, lit, mapList, strVar, testPred } from "./expr";

/**
 * Partial evaluation of the model's expressions: each module variable is bound either to a value
 * (the profile's default or a caller's) or to another variable (a Terraform variable of a stack).
 * Bound values are folded in with the evaluator's own rules, so a stack with literal inputs carries
 * literal ARNs, and the meaning never differs from evalStr/evalList.
 */

/** What one module variable of the model stands for in a stack. */
export type Bound = { value: string | readonly string[] } | { variable: string };
export type Bindings = (name: string) => Bound;

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
    case "account":
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

export const bindOptional = (e: Optional, b: Bindings): Optional => ({ kind: e.kind, subject: bindStr(e.subject, b) });
