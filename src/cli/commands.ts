import type { RunResult } from "./generate-command";
import { InputError } from "../base/errors";
import { IAM_COLLECT_LAYOUT } from "../analysis/audit/iam-collect-layout";
import { checkCommand, generateCommand } from "./generate-command";

// The analysis commands (and the AWS service reference they read) load only when they run, so
// that generate and check, which pre-commit hooks call, start fast.
const lintCommand: typeof import("./lint-command").lintCommand = async (o) => (await import("./lint-command")).lintCommand(o);
const tightenCommand: typeof import("./tighten-command").tightenCommand = async (o) =>
  (await import("./tighten-command")).tightenCommand(o);
const auditCommand: typeof import("./audit-command").auditCommand = async (o) => (await import("./audit-command")).auditCommand(o);

/** One option of a command, as node:util parseArgs takes it, with its help text. */
export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  /** The value's name in the help text (string options). */
  value?: string;
  help: string;
}

export type Values = Record<string, string | string[] | boolean | undefined>;

/** A command: its options, its positional arguments, what it does, and how to run it. */
export interface Command {
  name: string;
  /** The positional arguments in the synopsis, e.g. "FILE...". */
  args: string;
  summary: string;
  options: Record<string, OptionSpec>;
  run(values: Values, positionals: string[], ctx: { cwd: string; version: string }): RunResult | Promise<RunResult>;
}

const str = (v: Values[string]) => (Array.isArray(v) ? v[v.length - 1] : typeof v === "string" ? v : undefined);
const list = (v: Values[string]) => (Array.isArray(v) ? v : typeof v === "string" ? [v] : undefined);
/** --tag-key and --tag-value, as tighten and audit take them. */
const tagOf = (v: Values) => ({ tagKey: str(v["tag-key"]), tagValues: list(v["tag-value"]) });

const CONFIG: OptionSpec = {
  type: "string",
  value: "FILE",
  help: "The config (default: $SCOPED_SSM_CONFIG, else ./scoped-ssm.json if present, else the embedded default profile).",
};
const OUT: OptionSpec = { type: "string", value: "DIR", help: "Where the modules are (default: modules)." };
const PRUNE: OptionSpec = { type: "boolean", help: "Also remove the generated modules of profiles not in the config." };
const FAIL_ON: OptionSpec = {
  type: "string",
  value: "error|warning|note",
  help: "Exit 1 when a finding at or above this level exists (default: error).",
};
const TAG_KEY: OptionSpec = { type: "string", value: "KEY", help: "The opt-in tag key." };
const TAG_VALUE: OptionSpec = { type: "string", multiple: true, value: "VALUE", help: "An accepted value of the opt-in tag (repeatable)." };

/** --threads: a whole number of at least 1. */
function threadsOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(v))
    throw new InputError([{ file: "command line", path: "--threads", message: "must be a whole number from 1 to 9999", value: v }]);
  return Number(v);
}

/** The config the CLI reads: --config, else the file SCOPED_SSM_CONFIG names (as the CDKTF app does). */
const configOf = (values: Values) => str(values.config) ?? (process.env.SCOPED_SSM_CONFIG || undefined);

export const COMMANDS: Command[] = [
  {
    name: "generate",
    args: "",
    summary:
      "Render every profile into DIR/<profile>/ (the account module, its guardrail/, stackset/ and detect/). Files that lack the generated header are not overwritten unless --force; the modules of profiles not in the config are kept (and named) unless --prune.",
    options: {
      config: CONFIG,
      out: OUT,
      force: { type: "boolean", help: "Overwrite files that lack the generated header." },
      prune: PRUNE,
    },
    run: (v, _, { cwd }) =>
      generateCommand({ config: configOf(v), out: str(v.out), force: v.force === true, prune: v.prune === true, cwd }),
  },
  {
    name: "check",
    args: "",
    summary: "Write nothing; exit 1 and list each file that generate (with the same flags) would change.",
    options: {
      config: CONFIG,
      out: OUT,
      prune: {
        type: "boolean",
        help: "Also count the modules of profiles not in the config as stale, as `generate --prune` would remove them (check itself removes nothing).",
      },
    },
    run: (v, _, { cwd }) => checkCommand({ config: configOf(v), out: str(v.out), prune: v.prune === true, cwd }),
  },
  {
    name: "lint",
    args: "FILE...",
    summary:
      "Check IAM policy documents (JSON), or every identity policy in `terraform show -json` output, against the AWS service reference and for what defeats tag scoping. FILE `-` reads standard input.",
    options: { format: { type: "string", value: "text|json|sarif", help: "Output format (default: text)." }, "fail-on": FAIL_ON },
    run: (v, files, { cwd, version }) => lintCommand({ files, format: str(v.format), failOn: str(v["fail-on"]), cwd, version }),
  },
  {
    name: "tighten",
    args: "FILE",
    summary:
      "Rewrite a broad policy into the tag-scoped one a generated module has, granting no action the input did not: the policy on stdout, every change and why on stderr (or one JSON report). Refused when the result exceeds 6,144 characters.",
    options: {
      "tag-key": { ...TAG_KEY, help: "The opt-in tag key (default: the key of the input's tag condition)." },
      "tag-value": { ...TAG_VALUE, help: "An accepted value (repeatable; default: the input's, else True)." },
      partition: { type: "string", value: "P", help: "The partition (default: that of the input's ARNs)." },
      account: { type: "string", value: "ID", help: "The account of the own documents (default: the one the input's ARNs name)." },
      document: { type: "string", multiple: true, value: "NAME", help: "A Run Command document to approve (repeatable)." },
      "session-document": { type: "string", multiple: true, value: "NAME", help: "A session document to approve (repeatable)." },
      "hybrid-nodes": { type: "boolean", help: "Also grant on opted-in hybrid nodes." },
      format: { type: "string", value: "text|json", help: "text (default), or one JSON report with the policy." },
    },
    run: (v, files, { cwd }) =>
      tightenCommand({
        files,
        ...tagOf(v),
        partition: str(v.partition),
        account: str(v.account),
        documents: list(v.document),
        sessionDocuments: list(v["session-document"]),
        hybridNodes: v["hybrid-nodes"] === true,
        format: str(v.format),
        cwd,
      }),
  },
  {
    name: "audit",
    args: "FILE...",
    summary:
      "Read an account's IAM (`aws iam get-account-authorization-details`) and name every principal that can run commands on nodes without the opt-in tag, put the tag on a node, read every command's output, or change permissions to do so. With one file per account, also a table of where each category stands across the organisation.",
    options: {
      "tag-key": TAG_KEY,
      "tag-value": TAG_VALUE,
      profile: { type: "string", value: "NAME", help: "Take the tag from this profile of the config." },
      config: CONFIG,
      format: { type: "string", value: "text|json|markdown|sarif", help: "Output format (default: text)." },
      "fail-on": { ...FAIL_ON, help: "error: unconditional findings; warning: also conditional; note: also service-linked roles." },
      scp: {
        type: "string",
        multiple: true,
        value: "FILE",
        help: "A service control policy that applies to every audited account (repeatable): a policy document, or the output of `aws organizations describe-policy`. Files that allow nothing (deny lists) are evaluated beside AWS's default FullAWSAccess.",
      },
      "iam-collect": {
        type: "string",
        value: "DIR",
        help: `Audit every account of an organisation as cloud-copilot's iam-collect stores it (${IAM_COLLECT_LAYOUT}), each with the SCPs of its OU path; RCPs are read and reported.`,
      },
      baseline: {
        type: "string",
        value: "FILE",
        help: "A previous report of this audit (--format json): report only what is new, and exit 1 only for new findings at --fail-on.",
      },
      threads: {
        type: "string",
        value: "N",
        help: "Audit accounts on N worker threads (default: every core; 1: in one thread). Several accounts only.",
      },
    },
    run: (v, files, { cwd, version }) =>
      auditCommand({
        files,
        threads: threadsOf(str(v.threads)),
        baseline: str(v.baseline),
        scp: list(v.scp),
        iamCollect: str(v["iam-collect"]),
        ...tagOf(v),
        profile: str(v.profile),
        config: configOf(v),
        format: str(v.format),
        failOn: str(v["fail-on"]),
        cwd,
        version,
      }),
  },
];

const wrap = (text: string, indent: string, width = 96) => {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
};

const optionText = (name: string, o: OptionSpec) =>
  `--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}${o.multiple ? "..." : ""}`;

export const synopsis = (c: Command) =>
  `scoped-ssm ${c.name}${c.args ? ` ${c.args}` : ""} ${Object.entries(c.options)
    .map(([n, o]) => `[${optionText(n, o)}]`)
    .join(" ")}`.trimEnd();

/** `scoped-ssm COMMAND --help`. */
export function commandHelp(c: Command): string {
  const options = Object.entries(c.options).map(([n, o]) => `  ${optionText(n, o)}\n${wrap(o.help, "      ")}`);
  return `Usage: ${synopsis(c)}\n\n${wrap(c.summary, "")}\n\nOptions:\n${options.join("\n")}\n  -h, --help\n      This help.\n`;
}

/** `scoped-ssm --help`. */
export function usage(): string {
  const commands = COMMANDS.map((c) => `  ${synopsis(c)}\n${wrap(c.summary, "      ")}`).join("\n");
  return `scoped-ssm: tag-scoped IAM policies for AWS SSM, as Terraform modules

Usage:
${commands}
  scoped-ssm COMMAND --help      help on one command
  scoped-ssm -h | --help | -V | --version

Exit status: 0 ok; 1 findings or stale output; 2 bad input (nothing written).
`;
}
