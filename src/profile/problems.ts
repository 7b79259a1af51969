import type { z } from "zod";
import type { InputProblem } from "../base/errors";

/**
 * zod's issues as problems a person can act on: each at its own path, naming the value and what is
 * allowed; an unknown field with the nearest allowed name; a union with its allowed forms. The one
 * mapping used for the config file and for the CDKTF constructs' props.
 */
export function problemsOf(error: z.ZodError, raw: unknown, file: string, schema: z.ZodType, root?: string): InputProblem[] {
  const problems = error.issues.flatMap((issue): InputProblem[] => {
    const path = issue.path as PropertyKey[];
    if (issue.code === "unrecognized_keys") {
      const allowed = fieldsAt(schema, path);
      return issue.keys.map((key) => {
        const guess = nearest(key, allowed);
        return {
          file,
          path: pathText(root, [...path, key]),
          message: `unknown field${guess ? `: did you mean "${guess}"?` : ""} (allowed: ${allowed.join(", ")}; a typo must not change access)`,
        };
      });
    }
    const value = valueAt(raw, path);
    return [
      {
        file,
        path: pathText(root, path),
        message: messageOf(issue, schemaAt(schema, path), value),
        ...(value === undefined ? {} : { value }),
      },
    ];
  });
  return problems.sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
}

/**
 * Problems with values the command line gave, named by the option that gave them: `options` maps a
 * path (and the paths below it) to its option, e.g. `{ "tag.key": "--tag-key" }`.
 */
export const atOptions = (problems: InputProblem[], options: Record<string, string>): InputProblem[] =>
  problems.map((p) => {
    const option = Object.entries(options).find(([path]) => p.path.startsWith(path))?.[1];
    return option ? { ...p, file: "command line", path: option } : p;
  });

function messageOf(issue: z.core.$ZodIssue, schema: z.ZodType | undefined, value: unknown): string {
  if (issue.code === "invalid_type" && value === undefined) return `is required: ${describe(schema) ?? issue.expected}`;
  if (issue.code === "invalid_type") return `must be: ${describe(schema) ?? issue.expected}, not ${typeName(value)}`;
  if (issue.code === "invalid_union")
    return `${value === undefined ? "is required" : "must be"}: ${describe(schema) ?? "one of the allowed forms"}`;
  return issue.message;
}

const typeName = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;

/** A schema as a person reads it: `false, or { "documents": ... }`. */
function describe(s: z.ZodType | undefined): string | undefined {
  const def = s && (s as any)._zod?.def;
  if (!def) return undefined;
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
      return describe(def.innerType);
    case "literal":
      return def.values.map((v: unknown) => JSON.stringify(v)).join(" or ");
    case "union":
      return def.options.map((o: z.ZodType) => describe(o) ?? "another form").join(", or ");
    case "object":
      return `an object { ${Object.keys(def.shape)
        .map((k) => `"${k}"`)
        .join(", ")} }`;
    case "array": {
      const element = unwrap(def.element) as any;
      const kind = element?._zod?.def?.type;
      return kind === "string" ? "a list of strings" : kind === "object" ? "a list of objects" : "a list";
    }
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    case "number":
      return "a number";
    case "enum":
      return Object.values(def.entries)
        .map((v) => JSON.stringify(v))
        .join(" or ");
    default:
      return undefined;
  }
}

/** The schema at a path (objects, lists, unions of objects, wrappers unwrapped). */
function schemaAt(s: z.ZodType | undefined, path: PropertyKey[]): z.ZodType | undefined {
  let cur = s;
  for (const key of path) {
    cur = unwrap(cur);
    const def = (cur as any)?._zod?.def;
    if (!def) return undefined;
    if (def.type === "object") cur = def.shape[key as string];
    else if (def.type === "array") cur = def.element;
    else if (def.type === "union")
      cur = def.options.map(unwrap).find((o: any) => o?._zod?.def?.type === "object")?._zod.def.shape[key as string];
    else return undefined;
  }
  return cur;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur: any = s;
  while (cur && ["optional", "default", "nullable"].includes(cur._zod?.def?.type)) cur = cur._zod.def.innerType;
  return cur;
}

/** The field names an object at this path allows. */
function fieldsAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  const s = unwrap(schemaAt(schema, path)) as any;
  const def = s?._zod?.def;
  if (def?.type === "object") return Object.keys(def.shape);
  if (def?.type === "union")
    return [
      ...new Set(
        def.options.flatMap((o: any) => ((unwrap(o) as any)?._zod?.def?.shape ? Object.keys((unwrap(o) as any)._zod.def.shape) : [])),
      ),
    ] as string[];
  return [];
}

/** The allowed name within edit distance 2 (or a third of the name) of the unknown one. */
export function nearest(name: string, allowed: string[]): string | undefined {
  const scored = allowed.map((a) => [a, distance(name.toLowerCase(), a.toLowerCase())] as const).sort((x, y) => x[1] - y[1]);
  const best = scored[0];
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: any = root;
  for (const k of path) v = v == null ? undefined : v[k as any];
  return v;
}

export const pathText = (root: string | undefined, path: PropertyKey[]) =>
  [root ?? "", ...path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`))].join("").replace(/^\./, "");
