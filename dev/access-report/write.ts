/**
 * `npm run access-report [-- --config FILE] [--out DIR] [--check]`: writes DIR/<profile>/ACCESS.md
 * (default DIR: modules) for every profile of the config, through the same safe, atomic writes as
 * `scoped-ssm generate`. Writes only what changed; never overwrites a file without the generated
 * header. With --check it writes nothing and exits 1 when a report is missing or stale.
 * Exit status: 0 ok; 1 stale (--check) or a file it may not overwrite; 2 bad input.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { applyChanges, blockedMessage, planOutput } from "../../src/io/output-plan";
import { InputError } from "../../src/base/errors";
import { loadConfig } from "../../src/profile/load";
import { ACCESS_REPORT_FILE, accessReport } from "./report";

export interface AccessReportOptions {
  config?: string;
  out?: string;
  check?: boolean;
  cwd: string;
}

export interface RunResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Every profile's report, computed in memory: relative path (profile/ACCESS.md) → content. */
export async function renderAccessReports(opts: { config?: string; cwd: string }): Promise<Map<string, string>> {
  const { config } = loadConfig(opts.config && resolve(opts.cwd, opts.config), opts.cwd);
  const files = new Map<string, string>();
  for (const p of config.profiles) files.set(`${p.name}/${ACCESS_REPORT_FILE}`, await accessReport(p));
  return files;
}

export async function writeAccessReports(opts: AccessReportOptions): Promise<RunResult> {
  const wanted = await renderAccessReports(opts);
  const root = resolve(opts.cwd, opts.out ?? "modules");
  // Only the reports: removing the files of profiles no longer configured is `generate`'s job.
  const changes = planOutput(root, wanted, opts.check).filter((c) => c.kind !== "remove");
  const pending = changes.filter((c) => c.kind !== "unchanged");
  if (opts.check) {
    if (!pending.length) return { code: 0, stdout: "access reports are current\n", stderr: "" };
    return {
      code: 1,
      stdout: "",
      stderr: `stale access reports (run \`npm run access-report\`):\n${pending.map((c) => `  ${c.path}\n`).join("")}`,
    };
  }
  const blocked = blockedMessage(changes);
  if (blocked) return { code: 1, stdout: "", stderr: blocked };
  applyChanges(root, changes);
  const lines = changes.map((c) => `${c.kind === "write" ? "written  " : "unchanged"} ${c.path}\n`);
  return { code: 0, stdout: lines.join(""), stderr: "" };
}

export async function run(argv: string[], cwd = process.cwd()): Promise<RunResult> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: { config: { type: "string" }, out: { type: "string" }, check: { type: "boolean" } },
        allowPositionals: true,
      });
    } catch (e) {
      throw new InputError([
        {
          file: "command line",
          path: /'(-[^' ]+)/.exec((e as Error).message)?.[1] ?? "",
          message: "unknown option or missing value (allowed: --config FILE, --out DIR, --check)",
        },
      ]);
    }
    const extra = parsed.positionals[0];
    if (extra !== undefined) throw new InputError([{ file: "command line", path: extra, message: "unexpected argument" }]);
    return await writeAccessReports({ config: parsed.values.config, out: parsed.values.out, check: parsed.values.check === true, cwd });
  } catch (e) {
    if (e instanceof InputError) return { code: 2, stdout: "", stderr: `error: ${e.message.replace(/\n/g, "\nerror: ")}\n` };
    const code = (e as NodeJS.ErrnoException).code;
    if (code || /^refusing/.test((e as Error).message)) return { code: 2, stdout: "", stderr: `error: ${(e as Error).message}\n` };
    throw e;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((r) => {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}
