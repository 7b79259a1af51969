import { type Json, isObject } from "../../base/json";
import { escapeHclString, hclString } from "../../emit/hcl";

/**
 * Renders a stack's Terraform JSON (the same object `cdktf synth` writes) as HCL that Terraform
 * reads identically and `terraform fmt` leaves unchanged. cdktf's own HCL renderer does not escape
 * strings (a quote in a tag key breaks the file), keeps provider and backend blocks, and is not
 * fmt-clean; rendering the JSON instead keeps one source of truth for both outputs.
 *
 * It covers what scoped-ssm's stacks contain and refuses anything else (dynamic blocks, lifecycle,
 * moved, directives) rather than guess.
 */

export type { Json } from "../../base/json";

/** Terraform reads most JSON strings as templates, but static arguments (defaults, backend settings) literally. */
type Mode = "template" | "literal";

type Item = { kind: "attr"; key: string; lines: string[] } | { kind: "block"; header: string; body: Item[] } | { kind: "blank" };

class Unsupported extends Error {
  constructor(what: string) {
    super(`cannot render ${what} as HCL`);
  }
}

type Segment = { text: string } | { expr: string };

/** Index of the `}` that closes an interpolation whose expression starts at `i`. */
function expressionEnd(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = quotedEnd(s, i + 1);
      continue;
    }
    if (c === "<" && s.startsWith("<<", i)) throw new Unsupported("a heredoc inside an expression");
    if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  throw new Unsupported(`an unterminated interpolation in ${JSON.stringify(s)}`);
}

/** Index just after the `"` that closes a quoted template starting at `i`. */
function quotedEnd(s: string, i: number): number {
  while (i < s.length) {
    if (s[i] === "\\") i += 2;
    else if (s[i] === '"') return i + 1;
    else if (s.startsWith("$${", i) || s.startsWith("%%{", i)) i += 3;
    else if (s.startsWith("${", i) || s.startsWith("%{", i)) i = expressionEnd(s, i + 2) + 1;
    else i++;
  }
  throw new Unsupported(`an unterminated string in ${JSON.stringify(s)}`);
}

/** Splits a Terraform template into literal text (escapes decoded) and interpolated expressions. */
export function templateSegments(s: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      text += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith("${", i)) {
      const end = expressionEnd(s, i + 2);
      if (text) out.push({ text });
      text = "";
      out.push({ expr: s.slice(i + 2, end).trim() });
      i = end + 1;
    } else if (s.startsWith("%{", i)) {
      throw new Unsupported("a template directive");
    } else {
      text += s[i];
      i++;
    }
  }
  if (text || out.length === 0) out.push({ text });
  return out;
}

function stringValue(s: string, mode: Mode): string {
  if (mode === "literal") return hclString(s);
  const segments = templateSegments(s);
  // "${x}" alone is x itself (terraform fmt unwraps it too).
  if (segments.length === 1 && "expr" in segments[0]) return segments[0].expr;
  return `"${segments.map((p) => ("expr" in p ? `\${${p.expr}}` : escapeHclString(p.text))).join("")}"`;
}

const KEYWORDS = new Set(["for", "in", "if", "true", "false", "null"]);

function objectKey(key: string, mode: Mode): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !KEYWORDS.has(key)) return key;
  if (mode === "literal") return hclString(key);
  const segments = templateSegments(key);
  if (segments.length === 1 && "expr" in segments[0]) return `(${segments[0].expr})`;
  return stringValue(key, mode);
}

const indent = (lines: string[]) => lines.map((l) => (l ? `  ${l}` : l));

/** A value as lines: the first follows `key = `. */
function valueLines(v: Json, mode: Mode): string[] {
  if (typeof v === "string") return [stringValue(v, mode)];
  if (typeof v === "number" || typeof v === "boolean" || v === null) return [String(v)];
  if (Array.isArray(v)) {
    const items = v.map((x) => valueLines(x, mode));
    if (items.every((x) => x.length === 1) && !v.some(isObject)) return [`[${items.map((x) => x[0]).join(", ")}]`];
    return ["[", ...indent(items.flatMap((x) => [...x.slice(0, -1), `${x[x.length - 1]},`])), "]"];
  }
  const entries = Object.entries(v).filter(([k]) => k !== "//");
  if (entries.length === 0) return ["{}"];
  const body: Item[] = entries.map(([k, x]) => ({ kind: "attr", key: objectKey(k, mode), lines: valueLines(x, mode) }));
  return ["{", ...indent(bodyLines(body)), "}"];
}

const width = (s: string) => [...s].length;

/** Lines of a body; `=` aligned across runs of one-line attributes, as terraform fmt does. */
function bodyLines(items: Item[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i];
    if (item.kind === "attr" && item.lines.length === 1) {
      let j = i;
      while (j < items.length && items[j].kind === "attr" && (items[j] as { lines: string[] }).lines.length === 1) j++;
      const run = items.slice(i, j) as { key: string; lines: string[] }[];
      const keyWidth = Math.max(...run.map((a) => width(a.key)));
      for (const a of run) out.push(`${a.key}${" ".repeat(keyWidth - width(a.key))} = ${a.lines[0]}`);
      i = j;
      continue;
    }
    if (item.kind === "attr") out.push(`${item.key} = ${item.lines[0]}`, ...item.lines.slice(1));
    else if (item.kind === "blank") out.push("");
    else if (item.body.length === 0) out.push(`${item.header} {}`);
    else out.push(`${item.header} {`, ...indent(bodyLines(item.body)), "}");
    i++;
  }
  return out;
}

const attr = (key: string, v: Json, mode: Mode): Item => ({ kind: "attr", key, lines: valueLines(v, mode) });
const entriesOf = (o: Json, what: string): [string, Json][] => {
  if (!isObject(o)) throw new Unsupported(what);
  return Object.entries(o).filter(([k]) => k !== "//");
};

/** Entries with the named keys first, in that order (as the handlebars module writes them). */
function ordered(o: Json, first: string[], what: string): [string, Json][] {
  const rank = (k: string) => (first.includes(k) ? first.indexOf(k) : first.length);
  return entriesOf(o, what).sort(([a], [b]) => rank(a) - rank(b));
}

function attributes(o: Json, mode: Mode, what: string, first: string[] = []): Item[] {
  return ordered(o, first, what).map(([k, v]) => attr(k, v, mode));
}

function terraformBlock(o: Json): Item[] {
  const body: Item[] = [];
  for (const [k, v] of entriesOf(o, "the terraform block")) {
    if (body.length) body.push({ kind: "blank" });
    if (k === "required_providers")
      body.push({
        kind: "block",
        header: k,
        body: entriesOf(v, k).map(([name, req]) => attr(name, Object.fromEntries(ordered(req, ["source", "version"], name)), "literal")),
      });
    else if (k === "backend" || k === "cloud") {
      if (k === "cloud") body.push({ kind: "block", header: k, body: attributes(v, "literal", k) });
      else
        for (const [type, config] of entriesOf(v, k))
          body.push({ kind: "block", header: `backend ${hclString(type)}`, body: attributes(config, "literal", `backend ${type}`) });
    } else body.push(attr(k, v, "literal"));
  }
  return [{ kind: "block", header: "terraform", body }];
}

const VARIABLE_ORDER = ["description", "type", "default", "sensitive", "nullable", "ephemeral"];

function variableBlock(name: string, o: Json): Item {
  const body: Item[] = [];
  const entries = new Map(entriesOf(o, `variable ${name}`));
  for (const k of VARIABLE_ORDER) {
    if (!entries.has(k)) continue;
    const v = entries.get(k)!;
    if (k === "type") {
      if (typeof v !== "string") throw new Unsupported(`the type of variable ${name}`);
      body.push({ kind: "attr", key: k, lines: [v] });
    } else body.push(attr(k, v, "literal"));
  }
  for (const validation of (entries.get("validation") as Json[] | undefined) ?? [])
    body.push(
      { kind: "blank" },
      { kind: "block", header: "validation", body: attributes(validation, "template", "a validation", ["condition", "error_message"]) },
    );
  for (const k of entries.keys())
    if (!VARIABLE_ORDER.includes(k) && k !== "validation") throw new Unsupported(`argument ${k} of variable ${name}`);
  return { kind: "block", header: `variable ${hclString(name)}`, body };
}

const META = ["for_each", "count", "provider", "depends_on"];

/** Nested blocks of the resources the stacks hold (JSON writes them as objects, HCL as blocks). */
const NESTED_BLOCKS = ["auto_deployment", "deployment_targets"];

const CONDITION_BLOCKS = ["precondition", "postcondition"];

/** `lifecycle { precondition { condition = ..., error_message = ... } }`, last in a resource, as the handlebars module writes it. */
function lifecycleBlock(o: Json, what: string): Item {
  const body: Item[] = [];
  for (const [k, v] of entriesOf(o, `lifecycle in ${what}`)) {
    // Attribute names, not strings: `ignore_changes = [administration_role_arn]`.
    if (k === "ignore_changes" && Array.isArray(v) && v.every((x) => typeof x === "string" && /^[a-z_][a-z0-9_]*$/.test(x)))
      body.push({ kind: "attr", key: k, lines: [`[${v.join(", ")}]`] });
    else if (!CONDITION_BLOCKS.includes(k)) body.push(attr(k, v, "template"));
    else
      for (const c of v as Json[])
        body.push({ kind: "block", header: k, body: attributes(c, "template", `a ${k}`, ["condition", "error_message"]) });
  }
  return { kind: "block", header: "lifecycle", body };
}

function resourceBody(o: Json, what: string): Item[] {
  const entries = entriesOf(o, what);
  const meta: Item[] = [];
  const rest: Item[] = [];
  const lifecycle = entries.find(([k]) => k === "lifecycle");
  for (const [k, v] of entries) {
    if (k === "lifecycle") continue;
    if (["provisioner", "connection", "dynamic"].includes(k)) throw new Unsupported(`${k} in ${what}`);
    if (k === "provider") meta.push({ kind: "attr", key: k, lines: [String(v)] });
    else if (k === "depends_on") meta.push({ kind: "attr", key: k, lines: [`[${(v as string[]).join(", ")}]`] });
    else if (NESTED_BLOCKS.includes(k))
      for (const b of Array.isArray(v) ? v : [v])
        rest.push({ kind: "block", header: k, body: attributes(b, "template", `${k} in ${what}`) });
    else (META.includes(k) ? meta : rest).push(attr(k, v, "template"));
  }
  meta.sort((a, b) => META.indexOf((a as { key: string }).key) - META.indexOf((b as { key: string }).key));
  const body = meta.length && rest.length ? [...meta, { kind: "blank" } as Item, ...rest] : [...meta, ...rest];
  return lifecycle ? [...body, { kind: "blank" }, lifecycleBlock(lifecycle[1], what)] : body;
}

const OUTPUT_ORDER = ["description", "value", "sensitive"];

function outputBlock(name: string, o: Json): Item {
  const entries = new Map(entriesOf(o, `output ${name}`));
  for (const k of entries.keys()) if (!OUTPUT_ORDER.includes(k)) throw new Unsupported(`argument ${k} of output ${name}`);
  const body = OUTPUT_ORDER.filter((k) => entries.has(k)).map((k) => attr(k, entries.get(k)!, k === "value" ? "template" : "literal"));
  return { kind: "block", header: `output ${hclString(name)}`, body };
}

const TOP_ORDER = ["terraform", "provider", "variable", "locals", "data", "resource", "output"];

/** The HCL text of a Terraform JSON configuration, with the given comment lines on top. */
export function hclFromTerraformJson(config: Json, header: string[] = []): string {
  const blocks: Item[] = [];
  const top = new Map(entriesOf(config, "the configuration"));
  for (const k of top.keys()) if (!TOP_ORDER.includes(k)) throw new Unsupported(`top-level ${k}`);
  for (const k of TOP_ORDER) {
    const v = top.get(k);
    if (v === undefined) continue;
    if (k === "terraform") blocks.push(...terraformBlock(v));
    if (k === "provider")
      for (const [name, configs] of entriesOf(v, "providers"))
        for (const c of configs as Json[])
          blocks.push({ kind: "block", header: `provider ${hclString(name)}`, body: attributes(c, "template", `provider ${name}`) });
    if (k === "variable") for (const [name, o] of entriesOf(v, "variables")) blocks.push(variableBlock(name, o));
    if (k === "locals") blocks.push({ kind: "block", header: "locals", body: attributes(v, "template", "locals") });
    if (k === "data" || k === "resource")
      for (const [type, byName] of entriesOf(v, k))
        for (const [name, o] of entriesOf(byName, `${k} ${type}`))
          blocks.push({
            kind: "block",
            header: `${k} ${hclString(type)} ${hclString(name)}`,
            body: resourceBody(o, `${k} ${type}.${name}`),
          });
    if (k === "output") for (const [name, o] of entriesOf(v, "outputs")) blocks.push(outputBlock(name, o));
  }
  const text = blocks.map((b) => bodyLines([b]).join("\n")).join("\n\n");
  return `${[...header.map((h) => `# ${h}`), ...(header.length ? [""] : []), text].join("\n")}\n`;
}
