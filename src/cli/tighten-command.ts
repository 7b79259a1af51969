import { summary } from "../analysis/lint/format";
import { lintSource } from "../analysis/lint/lint";
import { type Finding, severityRank } from "../analysis/lint/types";
import { readPolicy, statementName } from "../analysis/policy-input";
import { parseJsonText, readText } from "../analysis/sources";
import { type TightenOptions, type TightenResult, tighten } from "../analysis/tighten";
import { InputError } from "../base/errors";
import type { RunResult } from "./generate-command";

export const TIGHTEN_FORMATS = ["text", "json"] as const;

/** tighten's own options (the tag, documents, partition), the file, and the output format. */
export interface TightenCommandOptions extends TightenOptions {
  files: string[];
  format?: string;
  cwd: string;
}

const lintOf = (policy: unknown, file: string) =>
  lintSource({ file, kind: "policy", doc: readPolicy(policy, file), lineOf: () => undefined });

const counts = (findings: Finding[]) => {
  const s = summary(findings);
  return `${s.error} error${s.error === 1 ? "" : "s"}, ${s.warning} warning${s.warning === 1 ? "" : "s"}, ${s.note} note${s.note === 1 ? "" : "s"}`;
};
const line = (f: Finding) => `  ${f.severity.padEnd(7)}  ${f.ruleId.padEnd(30)}  ${f.at}  in ${statementName(f.statement)}`;
const list = (xs: string[]) => (xs.length ? xs.join(", ") : "none");

/** Every action tighten scoped, took out, left out or could not scope. */
function actionLines(r: TightenResult): string[] {
  const a = r.actions;
  // The actions a wildcard covered are listed once, under "not kept", not again among the removed.
  const notKept = new Set(a.notKept.flatMap((n) => n.actions));
  const removed = a.removed.filter((x) => !notKept.has(x));
  const alsoRemoved = a.removed.length - removed.length;
  const lines = [
    "actions:",
    `  scoped (granted again, only as the statements added allow): ${list(a.scoped)}`,
    `  added (the input did not grant them): ${list(a.added)}`,
    `  removed (no longer granted): ${list(removed)}${alsoRemoved ? `${removed.length ? "," : ""} and the ${alsoRemoved} not kept below` : ""}`,
  ];
  for (const n of a.notAdded) lines.push(`  not added: ${n.action}, which the input did not grant (${n.why})`);
  for (const n of a.notKept)
    lines.push(
      `  not kept: ${n.patterns.length ? `${n.patterns.join(", ")} in ${n.statement} also covered` : `${n.statement} allowed`} ${n.actions.length} action${n.actions.length === 1 ? "" : "s"} tighten cannot scope: ${n.actions.join(", ")}`,
    );
  for (const u of a.unscoped) lines.push(`  could not scope, still allowed as written: ${u.actions.join(", ")} (${u.statement})`);
  return lines;
}

/** `tighten FILE [--tag-key K]`: the tag-scoped policy on stdout; on stderr, what changed and why (or all of it as JSON with --format json). */
export async function tightenCommand(opts: TightenCommandOptions): Promise<RunResult> {
  const format = opts.format ?? "text";
  if (!(TIGHTEN_FORMATS as readonly string[]).includes(format))
    throw new InputError([
      { file: "command line", path: "--format", message: `must be one of ${TIGHTEN_FORMATS.join(", ")}`, value: format },
    ]);
  if (opts.files.length !== 1)
    throw new InputError([
      { file: "command line", path: "tighten", message: "name exactly one IAM policy document (JSON)", value: opts.files },
    ]);
  const file = opts.files[0];
  const raw = parseJsonText(readText(file, opts.cwd), file).value;
  if (typeof raw === "object" && raw !== null && "format_version" in raw)
    throw new InputError([
      {
        file,
        path: "",
        message: "tighten reads one IAM policy document, not Terraform output: to scope a Terraform policy, generate a module",
      },
    ]);
  const result = await tighten(raw, file, { ...opts });
  const before = await lintOf(raw, file);
  const after = await lintOf(result.policy, "(output)");
  const key = (f: Finding) => `${f.ruleId} ${f.at}`;
  const remaining = new Set(after.map(key));
  const fixed = before.filter((f) => !remaining.has(key(f)));
  const worstFirst = [...after].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const code = after.some((f) => f.severity === "error") ? 1 : 0;
  if (format === "json") {
    const brief = (f: Finding) => ({ ruleId: f.ruleId, severity: f.severity, at: f.at, statement: f.statement });
    const report = {
      file,
      policy: result.policy,
      decisions: result.inferred?.decisions ?? [],
      changes: result.changes,
      actions: result.actions,
      size: result.size,
      lint: { input: summary(before), output: summary(after), fixed: fixed.map(brief), remaining: worstFirst.map(brief) },
    };
    return { code, stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: "" };
  }
  const err: string[] = [`tighten ${file}:`];
  if (result.inferred) err.push(...result.inferred.decisions.map((d) => `  ${d}`));
  err.push("statements:", ...result.changes.map((c) => `  ${c}`));
  if (result.inferred)
    err.push(...actionLines(result), `size: ${result.size.chars} of ${result.size.limit} characters (IAM's limit for a managed policy)`);
  err.push(`lint: the input has ${counts(before)}; the output has ${counts(after)}`);
  if (fixed.length) err.push("fixed:", ...fixed.map(line));
  if (after.length) err.push("remaining in the output:", ...worstFirst.map(line));
  return { code, stdout: `${JSON.stringify(result.policy, null, 2)}\n`, stderr: `${err.join("\n")}\n` };
}
