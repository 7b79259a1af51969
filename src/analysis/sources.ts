import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../base/errors";
import { type JsonPath, type ParsedJson, NotUtf8Error, decodeJsonFile, isObject, parseJson } from "../base/json";
import { type PolicyDoc, looksLikePolicy, readPolicy } from "./policy-input";

/** One policy document to analyse, and where it came from. */
export interface PolicySource {
  /** The file as named on the command line. */
  file: string;
  kind: "policy" | "plan";
  /** In a plan or state: the resource address and attribute, e.g. `module.ir.aws_iam_policy.this.policy`. */
  address?: string;
  doc: PolicyDoc;
  /** The line a statement starts on (in a plan: the line of the attribute that holds the policy). */
  lineOf: (statementIndex: number) => number | undefined;
}

/** `-` names standard input (`terraform show -json plan | scoped-ssm lint -`). */
export function readText(file: string, cwd: string): string {
  try {
    return decodeJsonFile(readFileSync(file === "-" ? 0 : resolve(cwd, file)));
  } catch (e) {
    if (e instanceof NotUtf8Error) throw new InputError([{ file, path: "", message: e.message }]);
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([
      { file, path: "", message: `cannot read: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : (code ?? e)}` },
    ]);
  }
}

/** `terraform show -json` output: of a plan (planned_values, prior_state) or of a state (values). */
const looksLikeTerraform = (v: unknown): v is Record<string, any> =>
  isObject(v) && "format_version" in v && ("planned_values" in v || "prior_state" in v || "values" in v);

/** A string attribute that holds an identity policy (resource-based and trust policies name a Principal). */
function policyIn(value: string): unknown | undefined {
  const t = value.trimStart();
  if (!t.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(value);
    return looksLikePolicy(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

interface Found {
  address: string;
  path: JsonPath;
  policy: unknown;
}

/** Every string attribute of every resource and data source that parses as a policy document. */
function policiesInTerraform(root: Record<string, any>): Found[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  const walkValue = (v: unknown, address: string, attr: string, path: JsonPath, resourceSeen: Set<string>) => {
    if (typeof v === "string") {
      const policy = policyIn(v);
      const same = policy && JSON.stringify(policy);
      // aws_iam_policy_document holds the same document as json and minified_json: report it once.
      if (policy && !resourceSeen.has(same as string) && !seen.has(`${address}.${attr}`)) {
        resourceSeen.add(same as string);
        seen.add(`${address}.${attr}`);
        found.push({ address: `${address}.${attr}`, path, policy });
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => walkValue(x, address, `${attr}[${i}]`, [...path, i], resourceSeen));
    else if (isObject(v))
      for (const [k, x] of Object.entries(v)) walkValue(x, address, attr ? `${attr}.${k}` : k, [...path, k], resourceSeen);
  };
  const walkModule = (m: unknown, path: JsonPath) => {
    if (!isObject(m)) return;
    (Array.isArray(m.resources) ? m.resources : []).forEach((r: any, i: number) => {
      if (isObject(r) && typeof r.address === "string") walkValue(r.values, r.address, "", [...path, "resources", i, "values"], new Set());
    });
    (Array.isArray(m.child_modules) ? m.child_modules : []).forEach((c: unknown, i: number) =>
      walkModule(c, [...path, "child_modules", i]),
    );
  };
  // Planned values first: where a data source is also in the prior state, the plan's reading is the one shown.
  walkModule(root.planned_values?.root_module, ["planned_values", "root_module"]);
  walkModule(root.prior_state?.values?.root_module, ["prior_state", "values", "root_module"]);
  walkModule(root.values?.root_module, ["values", "root_module"]);
  return found;
}

/** What to do when the file is Terraform rather than JSON: HCL, or a binary plan (a zip archive). */
function notJsonHint(text: string, file: string): string {
  if (text.startsWith("PK")) return "; this is a binary Terraform plan: lint its JSON, `terraform show -json PLANFILE > plan.json`";
  if (/\.(tf|hcl)$/.test(file) || /^\s*(#|\/\/|resource\s|data\s|locals\s|module\s|provider\s|terraform\s|variable\s)/.test(text))
    return "; this is HCL: lint reads policy JSON or a plan's JSON, `terraform plan -out=plan && terraform show -json plan > plan.json`";
  return "";
}

/** Parses an input file's JSON; a syntax error says where, and what to run when the file is Terraform rather than JSON. */
export const parseJsonText = (text: string, file: string): ParsedJson => parseJson(text, file, notJsonHint);

/** The policy documents in one file: an IAM policy document, or `terraform show -json` output. */
export function readSources(file: string, cwd: string): PolicySource[] {
  const { value, lines } = parseJsonText(readText(file, cwd), file);
  if (looksLikePolicy(value)) {
    const doc = readPolicy(value, file);
    const single = !Array.isArray(value.Statement);
    return [{ file, kind: "policy", doc, lineOf: (i) => lines(single ? ["Statement"] : ["Statement", i]) }];
  }
  if (looksLikeTerraform(value)) {
    return policiesInTerraform(value)
      .map(({ address, path, policy }) => {
        const doc = readPolicy(policy, file, address);
        const line = lines(path);
        return { file, kind: "plan" as const, address, doc, lineOf: () => line };
      })
      .filter((s) => !s.doc.statements.some((st) => st.hasPrincipal));
  }
  throw new InputError([
    { file, path: "", message: "neither an IAM policy document (with a Statement) nor the output of `terraform show -json`" },
  ]);
}
