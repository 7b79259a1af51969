import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { textTable } from "../emit/text";
import { InputError } from "../base/errors";
import { renderConfig } from "../generate";
import { type Change, applyChanges, blockedMessage, planOutput, unconfiguredFolders } from "../io/output-plan";
import { LIMITS } from "../profile/limits";
import { GENERATE_COMMAND, hasGeneratedHeader } from "../model/generated";
import { loadConfig } from "../profile/load";

export interface RunResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export interface GenerateOptions {
  config?: string;
  out?: string;
  force?: boolean;
  /** Also remove the generated modules of profiles that are not in the config. */
  prune?: boolean;
  cwd: string;
}

function plan(opts: GenerateOptions) {
  const { config, source } = loadConfig(opts.config && resolve(opts.cwd, opts.config), opts.cwd);
  const outputs = renderConfig(config, source);
  const wanted = new Map(outputs.flatMap((o) => [...o.files]));
  const root = resolve(opts.cwd, opts.out ?? "modules");
  if (existsSync(root) && !statSync(root).isDirectory())
    throw new InputError([
      {
        file: "command line",
        path: "--out",
        message: "is a file, not a folder: name the folder the modules go to",
        value: opts.out ?? "modules",
      },
    ]);
  const unconfigured = unconfiguredFolders(root, wanted);
  return { outputs, root, source, unconfigured, changes: planOutput(root, wanted, opts.force, opts.prune) };
}

/** What stays of the modules of profiles not in the config, and how to remove them. */
function keptNote(root: string, cwd: string, unconfigured: string[], source: string): string {
  if (!unconfigured.length) return "";
  const out = relative(cwd, root) || ".";
  const folders = unconfigured.map((p) => `${out}/${p}/`).join(", ");
  return `kept ${folders}: not ${unconfigured.length > 1 ? "profiles" : "a profile"} of ${source}; \`scoped-ssm generate --prune\` removes ${unconfigured.length > 1 ? "them" : "it"}\n`;
}

const count = (changes: Change[], profile: string, kind: Change["kind"]) =>
  changes.filter((c) => c.kind === kind && c.path.startsWith(`${profile}/`)).length;

/** `generate`: render every profile; write what changed; refuse to overwrite hand-edited files. */
export function generateCommand(opts: GenerateOptions): RunResult {
  const { outputs, root, source, unconfigured, changes } = plan(opts);
  const blocked = blockedMessage(changes);
  if (blocked) return { code: 1, stdout: "", stderr: blocked };
  applyChanges(root, changes);
  const rows = [["profile", "written", "unchanged", "policy", "chars (aws-us-gov)", "statements"]];
  const size = (chars: number, limit: number) => `${chars} / ${limit} (${Math.round((chars / limit) * 100)}%)`;
  for (const o of outputs) {
    o.policyChars.forEach((chars, i) => {
      const first = i === 0;
      rows.push([
        first ? o.profile : "",
        first ? String(count(changes, o.profile, "write")) : "",
        first ? String(count(changes, o.profile, "unchanged")) : "",
        `${i + 1} of ${o.policyChars.length}`,
        size(chars, LIMITS.managedPolicyChars),
        first ? String(o.statements) : "",
      ]);
    });
    // The guardrail's SCP, with one tag administrator pattern: each further pattern adds its length.
    if (o.scpChars !== undefined) rows.push(["", "", "", "SCP", size(o.scpChars, LIMITS.serviceControlPolicyChars), ""]);
  }
  const removed = changes.filter((c) => c.kind === "remove").map((c) => `removed ${c.path} (no longer generated)\n`);
  const kept = opts.prune ? "" : keptNote(root, opts.cwd, unconfigured, source);
  // A policy over the limit never gets here: renderConfig refuses its profile before anything is written.
  return { code: 0, stdout: `${textTable(rows).join("\n")}\n${removed.join("")}${kept}`, stderr: "" };
}

/** Hand-written Terraform files (.tf, .tftest.hcl) inside the folders of generated modules. */
function foreignFiles(root: string, changes: Change[]): string[] {
  const generated = new Set(changes.map((c) => c.path));
  const dirs = [...new Set([...generated].map((p) => dirname(p)))].sort();
  return dirs.flatMap((d) =>
    existsSync(join(root, d))
      ? readdirSync(join(root, d), { withFileTypes: true })
          .filter((f) => f.isFile() && /\.(tf|tf\.json|tftest\.hcl)$/.test(f.name) && !generated.has(`${d}/${f.name}`))
          .map((f) => `${d}/${f.name}`)
      : [],
  );
}

/**
 * `check`: write nothing; list every file generate would change. The modules of profiles not in
 * the config are kept by generate, so they are not stale here (a note names them) unless `prune`.
 */
export function checkCommand(opts: { config?: string; out?: string; prune?: boolean; cwd: string }): RunResult {
  const { root, source, unconfigured, changes } = plan({ ...opts, force: true });
  const stale = changes.filter((c) => c.kind !== "unchanged");
  const kept = opts.prune ? "" : keptNote(root, opts.cwd, unconfigured, source);
  const foreign = foreignFiles(root, changes);
  if (!stale.length && !foreign.length) return { code: 0, stdout: `modules are current\n${kept}`, stderr: "" };
  if (!stale.length)
    return {
      code: 1,
      stdout: kept,
      stderr: `files that are not generated inside generated modules (they change what the module does; move them out):\n${foreign.map((f) => `  ${f}\n`).join("")}`,
    };
  const handWritten = (c: Change) => c.kind === "write" && c.existed && !hasGeneratedHeader(readFileSync(join(root, c.path), "utf8"));
  const why = (c: Change) =>
    c.kind === "remove"
      ? "no longer generated"
      : c.kind === "write" && !c.existed
        ? "missing"
        : handWritten(c)
          ? "lacks the generated header (edited by hand?); generate needs --force to replace it"
          : "differs";
  // The command that fixes it, with the flags this check was given.
  const flags = [
    ...(opts.config ? ["--config", opts.config] : []),
    ...(opts.out ? ["--out", opts.out] : []),
    ...(opts.prune ? ["--prune"] : []),
    ...(stale.some(handWritten) ? ["--force"] : []),
  ];
  const fix = [GENERATE_COMMAND, ...flags].join(" ");
  return {
    code: 1,
    stdout: kept,
    stderr: `stale generated files (run \`${fix}\`):\n${stale.map((c) => `  ${c.path}: ${why(c)}\n`).join("")}`,
  };
}
