import { InputError } from "../profile/errors";
import { parseArgs } from "./args";
import { type RunResult, checkCommand, generateCommand } from "./generate-command";

export const USAGE = `scoped-ssm: tag-scoped IAM policies for AWS SSM, as Terraform modules

Usage:
  scoped-ssm generate [--config FILE] [--out DIR] [--force]
      Render every profile into DIR/<profile>/ (default config: ./scoped-ssm.json if present,
      else the embedded default profile; default DIR: modules). --force overwrites files that
      lack the generated header.
  scoped-ssm check [--config FILE] [--out DIR]
      Write nothing; exit 1 and list each file that generate would change.
  scoped-ssm --help | --version

Exit status: 0 ok; 1 findings or stale output; 2 bad input (nothing written).
`;

const VERSION = "0.1.0";

export function run(argv: string[], cwd = process.cwd()): RunResult {
  try {
    const args = parseArgs(argv, ["config", "out"], ["force", "help", "version"]);
    if (args.options.help || args.command === "help") return { code: 0, stdout: USAGE, stderr: "" };
    if (args.options.version) return { code: 0, stdout: `${VERSION}\n`, stderr: "" };
    const config = args.options.config as string | undefined;
    const out = args.options.out as string | undefined;
    if (args.positionals.length)
      throw new InputError([{ file: "command line", path: args.positionals[0], message: "unexpected argument" }]);
    switch (args.command) {
      case "generate":
        return generateCommand({ config, out, force: args.options.force === true, cwd });
      case "check":
        return checkCommand({ config, out, cwd });
      case undefined:
        return { code: 2, stdout: "", stderr: USAGE };
      default:
        throw new InputError([
          { file: "command line", path: args.command, message: "unknown command (allowed: generate, check)" },
        ]);
    }
  } catch (e) {
    if (e instanceof InputError) return { code: 2, stdout: "", stderr: `error: ${e.message.replace(/\n/g, "\nerror: ")}\n` };
    // File system refusals (unwritable --out, a file where a folder should be) are the user's to fix.
    const code = (e as NodeJS.ErrnoException).code;
    if (code || /^refusing/.test((e as Error).message)) return { code: 2, stdout: "", stderr: `error: ${(e as Error).message}\n` };
    throw e;
  }
}

export function main(): void {
  const result = run(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
