import { isObject } from "../base/json";
import { InputError } from "../base/errors";

/**
 * An IAM policy statement as the analysis reads it: every list an array, conditions flattened to
 * (operator, key, values). `raw` is the statement exactly as written, for output that keeps it.
 */
export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

export interface PolicyStatement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionEntry[];
  /** Has Principal or NotPrincipal: a resource-based or trust policy statement. */
  hasPrincipal: boolean;
  raw: Record<string, unknown>;
}

export interface PolicyDoc {
  version?: string;
  statements: PolicyStatement[];
  raw: Record<string, unknown>;
}

/** Looks like an IAM policy document (a Statement), as opposed to any other JSON. */
export const looksLikePolicy = (v: unknown): v is Record<string, unknown> =>
  isObject(v) && "Statement" in v && (Array.isArray(v.Statement) || isObject(v.Statement));

const KNOWN_STATEMENT_FIELDS = new Set([
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
  "Principal",
  "NotPrincipal",
]);

/** Reads a policy document; anything IAM would refuse is an InputError naming where. */
export function readPolicy(raw: unknown, file: string, where = ""): PolicyDoc {
  const at = (path: string) => (where ? `${where}${path ? `.${path}` : ""}` : path);
  const fail = (path: string, message: string, value?: unknown): never => {
    throw new InputError([{ file, path: at(path), message, value }]);
  };
  if (!looksLikePolicy(raw)) return fail("", "not an IAM policy document (no Statement)");
  const list = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  const strings = (v: unknown, path: string): string[] => {
    const arr = Array.isArray(v) ? v : [v];
    if (!arr.every((x) => typeof x === "string")) fail(path, "must be a string or a list of strings", v);
    return arr as string[];
  };
  const statements = list.map((s, index): PolicyStatement => {
    const p = `Statement[${index}]`;
    if (!isObject(s)) return fail(p, "a statement must be an object", s);
    for (const k of Object.keys(s)) if (!KNOWN_STATEMENT_FIELDS.has(k)) fail(`${p}.${k}`, "unknown statement element");
    if (s.Effect !== "Allow" && s.Effect !== "Deny") fail(`${p}.Effect`, 'must be "Allow" or "Deny"', s.Effect);
    if ("Action" in s === "NotAction" in s) fail(p, "needs exactly one of Action and NotAction");
    if ("Resource" in s && "NotResource" in s) fail(p, "has both Resource and NotResource");
    if (s.Sid !== undefined && typeof s.Sid !== "string") fail(`${p}.Sid`, "must be a string", s.Sid);
    const conditions: ConditionEntry[] = [];
    if (s.Condition !== undefined) {
      if (!isObject(s.Condition)) fail(`${p}.Condition`, "must be an object", s.Condition);
      for (const [operator, keys] of Object.entries(s.Condition as object)) {
        if (!isObject(keys)) fail(`${p}.Condition.${operator}`, "must map condition keys to values", keys);
        for (const [key, v] of Object.entries(keys as object)) {
          const arr = Array.isArray(v) ? v : [v];
          if (!arr.every((x) => ["string", "boolean", "number"].includes(typeof x)))
            fail(`${p}.Condition.${operator}.${key}`, "values must be strings, booleans or numbers", v);
          conditions.push({ operator, key, values: arr.map(String) });
        }
      }
    }
    const out: PolicyStatement = {
      index,
      effect: s.Effect as "Allow" | "Deny",
      conditions,
      hasPrincipal: "Principal" in s || "NotPrincipal" in s,
      raw: s,
    };
    if (typeof s.Sid === "string" && s.Sid !== "") out.sid = s.Sid;
    if ("Action" in s) out.action = strings(s.Action, `${p}.Action`);
    if ("NotAction" in s) out.notAction = strings(s.NotAction, `${p}.NotAction`);
    if ("Resource" in s) out.resource = strings(s.Resource, `${p}.Resource`);
    if ("NotResource" in s) out.notResource = strings(s.NotResource, `${p}.NotResource`);
    return out;
  });
  return { version: typeof raw.Version === "string" ? raw.Version : undefined, statements, raw };
}

/**
 * How lint, tighten and audit name a statement, in text, SARIF and JSON alike: its position, then
 * its Sid when it has one, `Statement[2] (AllowSessions)`.
 */
export const statementName = (s: { index: number; sid?: string }) => `Statement[${s.index}]${s.sid ? ` (${s.sid})` : ""}`;
