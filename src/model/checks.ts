/**
 * Plan-time checks over a module's variables (Terraform variable validations and preconditions), as
 * data: the emitters write them as HCL, and the model evaluates them, so a test can hold the
 * module's checks to the profile schema without a Terraform run.
 */
export type Check =
  /** The list variable has at least one element. */
  | { kind: "nonEmptyList"; list: string }
  /** The string variable is not "". */
  | { kind: "nonEmptyString"; str: string }
  /** The string variable matches the pattern. */
  | { kind: "matches"; str: string; pattern: RegExp }
  /** Every element of the list variable matches the pattern. */
  | { kind: "allMatch"; list: string; pattern: RegExp }
  /** No element of the list variable matches the pattern. */
  | { kind: "noneMatch"; list: string; pattern: RegExp }
  /** The string variable has min to max characters. */
  | { kind: "lengthBetween"; str: string; min: number; max: number }
  /** Every element of the list variable has at most max characters. */
  | { kind: "allLengthAtMost"; list: string; max: number }
  /** The string variable does not start with the prefix, ignoring case. */
  | { kind: "noPrefixIgnoringCase"; str: string; prefix: string }
  /** The number variable is min to max. */
  | { kind: "numberBetween"; num: string; min: number; max: number }
  /** The string variable is "" or passes the check. */
  | { kind: "emptyOr"; str: string; check: Check }
  /** Every check holds. */
  | { kind: "all"; checks: Check[] }
  /**
   * The local value (a policy document), as Terraform's jsonencode writes it, has at most max
   * characters: what IAM counts against a policy's size (whitespace not counted).
   */
  | { kind: "jsonLengthAtMost"; local: string; max: number };

/** A check and what its failure says. */
export interface Rule {
  check: Check;
  message: string;
}

export const nonEmptyList = (list: string): Check => ({ kind: "nonEmptyList", list });
export const nonEmptyString = (str: string): Check => ({ kind: "nonEmptyString", str });
export const matches = (str: string, pattern: RegExp): Check => ({ kind: "matches", str, pattern });
export const allMatch = (list: string, pattern: RegExp): Check => ({ kind: "allMatch", list, pattern });
export const noneMatch = (list: string, pattern: RegExp): Check => ({ kind: "noneMatch", list, pattern });
export const lengthBetween = (str: string, min: number, max: number): Check => ({ kind: "lengthBetween", str, min, max });
export const allLengthAtMost = (list: string, max: number): Check => ({ kind: "allLengthAtMost", list, max });
export const noPrefixIgnoringCase = (str: string, prefix: string): Check => ({ kind: "noPrefixIgnoringCase", str, prefix });
export const numberBetween = (num: string, min: number, max: number): Check => ({ kind: "numberBetween", num, min, max });
export const emptyOr = (str: string, check: Check): Check => ({ kind: "emptyOr", str, check });
export const all = (...checks: Check[]): Check => ({ kind: "all", checks });
export const jsonLengthAtMost = (local: string, max: number): Check => ({ kind: "jsonLengthAtMost", local, max });

/**
 * The JSON text Terraform's jsonencode writes: Go's encoder escapes <, >, & and U+2028/U+2029 as
 * \uXXXX, which IAM then counts as six characters each.
 */
export function terraformJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A variable's value, or a local's (a policy document, for jsonLengthAtMost). */
export type CheckValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>> | object;

/** Terraform's length() counts grapheme clusters ("q" and a combining accent are one), not code points or UTF-16 units. */
let graphemes: Intl.Segmenter | undefined;
// Made when first used: ICU's segmenter costs milliseconds to build, and generate evaluates no check.
const chars = (s: string) => [...(graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" })).segment(s)].length;

/** Whether the check holds for these variable values. */
export function evalCheck(c: Check, vars: Readonly<Record<string, CheckValue | undefined>>): boolean {
  const str = (name: string) => {
    const v = vars[name];
    if (typeof v !== "string") throw new Error(`variable ${name} is not a string`);
    return v;
  };
  const list = (name: string) => {
    const v = vars[name];
    if (!Array.isArray(v)) throw new Error(`variable ${name} is not a list`);
    return v as readonly string[];
  };
  switch (c.kind) {
    case "nonEmptyList":
      return list(c.list).length > 0;
    case "nonEmptyString":
      return str(c.str) !== "";
    case "matches":
      return c.pattern.test(str(c.str));
    case "allMatch":
      return list(c.list).every((x) => c.pattern.test(x));
    case "noneMatch":
      return !list(c.list).some((x) => c.pattern.test(x));
    case "lengthBetween":
      return chars(str(c.str)) >= c.min && chars(str(c.str)) <= c.max;
    case "allLengthAtMost":
      return list(c.list).every((x) => chars(x) <= c.max);
    case "noPrefixIgnoringCase":
      return !str(c.str).toLowerCase().startsWith(c.prefix.toLowerCase());
    case "numberBetween": {
      const n = vars[c.num];
      if (typeof n !== "number") throw new Error(`variable ${c.num} is not a number`);
      return n >= c.min && n <= c.max;
    }
    case "emptyOr":
      return str(c.str) === "" || evalCheck(c.check, vars);
    case "all":
      return c.checks.every((x) => evalCheck(x, vars));
    case "jsonLengthAtMost": {
      const v = vars[c.local];
      if (v === undefined) throw new Error(`local ${c.local} is not given`);
      return terraformJson(v).length <= c.max;
    }
  }
}
