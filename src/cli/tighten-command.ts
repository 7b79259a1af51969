import { summary } from "../analysis/lint/format";
import { lintSource } from "../analysis/lint/lint";
import { type Finding, severityRank } from "../analysis/lint/types";
import { readPolicy } from "../analysis/policy-input";
import { parseJsonText, readText } from "../analysis/sources";
import { tighten } from "../analysis/tighten";
import { InputError } from "../profile/errors";
import type { RunResult } from "./generate-command";

export interface TightenCommandOptions {
  files: string[];
  tagKey?: string;
  tagValues?: string[];
  partition?: string;
  documents?: string[];
  sessionDocuments?: string[];
  hybridNodes?: boolean;
  cwd: string;
}

const lintOf = (policy: unknown, file: string) => lintSource({ file, kind: "policy", doc: readPolicy(policy, file), lineOf: () => undefined });

const counts = (findings: Finding[]) => {
  const s = summary(findings);
  return `${s.error} error${s.error === 1 ? "" : "s"}, ${s.warning} warning${s.warning === 1 ? "" : "s"}, ${s.note} note${s.note === 1 ? "" : "s"}`;
};
const line = (f: Finding) => `  ${f.severity.padEnd(7)}  ${f.ruleId.padEnd(30)}  ${f.at}  (Statement[${f.statement.index}]${f.statement.sid ? ` ${f.statement.sid}` : ""})`;

/** `tighten FILE --tag-key K`: the tag-scoped policy on stdout; on stderr, what changed and why. */
export async function tightenCommand(opts: TightenCommandOptions): Promise<RunResult> {
  if (opts.files.length !== 1)
    throw new InputError([{ file: "command line", path: "tighten", message: "name exactly one IAM policy document (JSON)", value: opts.files }]);
  if (!opts.tagKey) throw new InputError([{ file: "command line", path: "--tag-key", message: "is required: the key of the opt-in tag" }]);
  const file = opts.files[0];
  const raw = parseJsonText(readText(file, opts.cwd), file).value;
  if (typeof raw === "object" && raw !== null && "format_version" in raw)
    throw new InputError([{ file, path: "", message: "tighten reads one IAM policy document, not Terraform output: to scope a Terraform policy, generate a module" }]);
  const result = await tighten(raw, file, { ...opts, tagKey: opts.tagKey });
  const before = await lintOf(raw, file);
  const after = await lintOf(result.policy, "(output)");
  const key = (f: Finding) => `${f.ruleId} ${f.at}`;
  const remaining = new Set(after.map(key));
  const fixed = before.filter((f) => !remaining.has(key(f)));
  const err: string[] = [`tighten ${file}:`];
  if (result.inferred) err.push(...result.inferred.decisions.map((d) => `  ${d}`));
  err.push("statements:", ...result.changes.map((c) => `  ${c}`));
  err.push(`lint: the input has ${counts(before)}; the output has ${counts(after)}`);
  if (fixed.length) err.push("fixed:", ...fixed.map(line));
  const worstFirst = [...after].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  if (after.length) err.push("remaining in the output:", ...worstFirst.map(line));
  return {
    code: after.some((f) => f.severity === "error") ? 1 : 0,
    stdout: `${JSON.stringify(result.policy, null, 2)}\n`,
    stderr: `${err.join("\n")}\n`,
  };
}
