/**
 * A tiny expression language for the values in a module: enough to say "this ARN, built from the
 * partition and a module variable", so that one model can be both rendered (to HCL, by the
 * renderers) and evaluated (to a concrete policy, by tests and analysis) without a Terraform run.
 */
export type Str =
  | { kind: "lit"; value: string }
  | { kind: "var"; name: string }
  | { kind: "partition" }
  /** The id of the account the module is applied in (data.aws_caller_identity; ${AWS::AccountId} in CloudFormation). */
  | { kind: "account" }
  /** The element of the list being mapped (see List "map"). */
  | { kind: "item" }
  /** String interpolation of the parts. */
  | { kind: "join"; parts: Str[] }
  | { kind: "first"; list: List }
  /**
   * The subject as a literal inside an IAM policy string: IAM reads `${...}` there as a policy
   * variable, so every `$` is written `${$}`.
   */
  | { kind: "iamLiteral"; subject: Str };

/**
 * An optional string: the subject, or none when it is "" (Terraform's null: the argument is not
 * set). A module input left empty means "none" (a role's permissions boundary, say).
 */
export interface Optional {
  kind: "noneIfEmpty";
  subject: Str;
}

/** A test of the item of a map: whether it starts with one of `prefixes`, ignoring case (or not). */
export interface Pred {
  kind: "startsWithAny";
  prefixes: readonly string[];
  negate: boolean;
}

export type List =
  | { kind: "list"; items: Str[] }
  | { kind: "listVar"; name: string }
  /** `[for item in source : each]`, or `[for item in source : each if where]` */
  | { kind: "map"; source: List; each: Str; where?: Pred }
  | { kind: "concat"; lists: List[] };

export const lit = (value: string): Str => ({ kind: "lit", value });
export const strVar = (name: string): Str => ({ kind: "var", name });
export const partition: Str = { kind: "partition" };
export const account: Str = { kind: "account" };
export const item: Str = { kind: "item" };
export const first = (list: List): Str => ({ kind: "first", list });
export const iamLiteral = (subject: Str): Str => ({ kind: "iamLiteral", subject });
export const escapeIamLiteral = (s: string): string => s.split("$").join("${$}");
export const noneIfEmpty = (subject: Str): Optional => ({ kind: "noneIfEmpty", subject });
export const listOf = (...items: Str[]): List => ({ kind: "list", items });
export const listVar = (name: string): List => ({ kind: "listVar", name });
export const mapList = (source: List, each: Str, where?: Pred): List =>
  where ? { kind: "map", source, each, where } : { kind: "map", source, each };

export function testPred(p: Pred, subject: string): boolean {
  const s = subject.toLowerCase();
  return p.prefixes.some((x) => s.startsWith(x)) !== p.negate;
}

/** Tagged template: join`arn:${partition}:ec2` builds a join of literals and expressions. */
export function join(strings: TemplateStringsArray, ...exprs: Str[]): Str {
  const parts: Str[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(lit(s));
    if (i < exprs.length) parts.push(exprs[i]);
  });
  return parts.length === 1 ? parts[0] : { kind: "join", parts };
}

export function concatLists(lists: List[]): List {
  if (lists.length === 1) return lists[0];
  if (lists.every((l) => l.kind === "list")) return { kind: "list", items: lists.flatMap((l) => (l as { items: Str[] }).items) };
  return { kind: "concat", lists };
}

/**
 * The account id the model is evaluated with when no plan gives one (sizes, reports, generated
 * tests' mocks, the tests' STS stub): 12 digits, like every account id, so sizes are exact.
 */
export const SAMPLE_ACCOUNT = "123456789012";

/** Whether the expression reads the partition or the account (its ARNs then follow the plan's). */
export function strUses(e: Str, kind: "partition" | "account"): boolean {
  switch (e.kind) {
    case "partition":
    case "account":
      return e.kind === kind;
    case "join":
      return e.parts.some((p) => strUses(p, kind));
    case "first":
      return listUses(e.list, kind);
    case "iamLiteral":
      return strUses(e.subject, kind);
    default:
      return false;
  }
}

export function listUses(e: List, kind: "partition" | "account"): boolean {
  switch (e.kind) {
    case "list":
      return e.items.some((x) => strUses(x, kind));
    case "listVar":
      return false;
    case "map":
      return listUses(e.source, kind) || strUses(e.each, kind);
    case "concat":
      return e.lists.some((l) => listUses(l, kind));
  }
}

export const listUsesPartition = (e: List) => listUses(e, "partition");

/** The inputs an expression is evaluated against: module variables, the partition and the account. */
export interface Env {
  partition: string;
  /** The account the module is applied in (SAMPLE_ACCOUNT when no plan says). */
  account?: string;
  vars: Readonly<Record<string, string | readonly string[]>>;
}

export function evalStr(e: Str, env: Env, it?: string): string {
  switch (e.kind) {
    case "lit":
      return e.value;
    case "var": {
      const v = env.vars[e.name];
      if (typeof v !== "string") throw new Error(`variable ${e.name} is not a string`);
      return v;
    }
    case "partition":
      return env.partition;
    case "account":
      if (env.account === undefined) throw new Error("account used without an account in the environment");
      return env.account;
    case "item":
      if (it === undefined) throw new Error("item used outside a map");
      return it;
    case "join":
      return e.parts.map((p) => evalStr(p, env, it)).join("");
    case "iamLiteral":
      return escapeIamLiteral(evalStr(e.subject, env, it));
    case "first": {
      const list = evalList(e.list, env, it);
      if (list.length === 0) throw new Error("first element of an empty list");
      return list[0];
    }
  }
}

export function evalList(e: List, env: Env, it?: string): string[] {
  switch (e.kind) {
    case "list":
      return e.items.map((s) => evalStr(s, env, it));
    case "listVar": {
      const v = env.vars[e.name];
      if (!Array.isArray(v)) throw new Error(`variable ${e.name} is not a list`);
      return [...v];
    }
    case "map":
      return evalList(e.source, env, it)
        .filter((x) => !e.where || testPred(e.where, x))
        .map((x) => evalStr(e.each, env, x));
    case "concat":
      return e.lists.flatMap((l) => evalList(l, env, it));
  }
}

/** The optional string's value, or undefined for none. */
export function evalOptional(e: Optional, env: Env): string | undefined {
  const v = evalStr(e.subject, env);
  return v === "" ? undefined : v;
}
