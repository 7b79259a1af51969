import { choice } from "./choice";
import { formatJson, formatText } from "../analysis/lint/format";
import { atOrAbove, lintSources } from "../analysis/lint/lint";
import { RULES } from "../analysis/lint/rules";
import { SEVERITIES, type Severity } from "../analysis/lint/types";
import { toSarif } from "../analysis/sarif";
import { type PolicySource, readSources } from "../analysis/sources";
import { InputError } from "../base/errors";
import type { RunResult } from "./generate-command";

export const LINT_FORMATS = ["text", "json", "sarif"] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** The options of a command that reports findings (lint, and audit with its own on top). */
export interface LintOptions {
  files: string[];
  format?: string;
  failOn?: string;
  cwd: string;
  version: string;
}

/** `lint FILE...`: findings on stdout; exit 1 when one is at or above --fail-on. */
export async function lintCommand(opts: LintOptions): Promise<RunResult> {
  const format = choice("--format", opts.format, LINT_FORMATS, "text");
  const failOn = choice<Severity>("--fail-on", opts.failOn, SEVERITIES, "error");
  if (!opts.files.length) throw new InputError([{ file: "command line", path: "lint", message: "name at least one policy or plan file" }]);
  // Read every file before linting any, so that bad input is reported alone and exits 2.
  const sources: PolicySource[] = opts.files.flatMap((f) => readSources(f, opts.cwd));
  const findings = await lintSources(sources);
  const empty = opts.files.filter((f) => !sources.some((s) => s.file === f));
  const stderr = empty.map((f) => `${f}: no IAM identity policy found\n`).join("");
  const stdout =
    format === "json"
      ? formatJson(findings, sources.length)
      : format === "sarif"
        ? `${JSON.stringify(toSarif(findings, RULES, opts.version), null, 2)}\n`
        : formatText(findings, sources.length);
  return { code: atOrAbove(findings, failOn).length ? 1 : 0, stdout, stderr };
}
