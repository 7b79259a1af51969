import { choice } from "./choice";
import { resolve } from "node:path";
import type { OptInTag, ScpScope } from "../analysis/audit";
import { readOrganizationPolicy } from "../analysis/audit/scp-input";
import { readIamCollect } from "../analysis/audit/iam-collect";
import { auditSources } from "../analysis/audit/pool";
import type { AccountSource } from "../analysis/audit/sources";
import { newAcross, onlyNew, readBaseline } from "../analysis/audit/baseline";
import { AUDIT_FORMATS, AUDIT_LEVELS, type AuditLevel, failsOn } from "../analysis/audit/report";
import { crossAccountReach, formatReports } from "../analysis/audit/organisation";
import { parseJsonText, readText } from "../analysis/sources";
import { InputError } from "../base/errors";
import { EMBEDDED, loadConfig } from "../profile/load";
import { atOptions, problemsOf } from "../profile/problems";
import { TagSchema } from "../profile/schema";
import type { RunResult } from "./generate-command";
import type { LintOptions } from "./lint-command";

export interface AuditOptions extends LintOptions {
  tagKey?: string;
  tagValues?: string[];
  profile?: string;
  config?: string;
  /** --scp files: SCPs that apply to every audited account. */
  scp?: string[];
  /** --threads N: worker threads (default: every core; 1: none). */
  threads?: number;
  /** --baseline FILE: a previous JSON report; only what is new is reported (and fails). */
  baseline?: string;
  /** --iam-collect DIR: an organisation as iam-collect stores it. */
  iamCollect?: string;
}

/** The opt-in tag: --tag-key (and --tag-value), a profile of the config, or the config's only profile. */
function optInTag(opts: AuditOptions): { tag: OptInTag; source: string } {
  const fail = (path: string, message: string, value?: unknown): never => {
    throw new InputError([{ file: "command line", path, message, value }]);
  };
  if (opts.profile !== undefined && (opts.tagKey !== undefined || opts.tagValues))
    fail("--profile", "name the opt-in tag either with --profile or with --tag-key and --tag-value, not both");
  if (opts.tagValues && opts.tagKey === undefined) fail("--tag-value", "needs --tag-key: the key whose value it is");
  if (opts.tagKey !== undefined) {
    if (opts.config !== undefined) fail("--config", "is read only for --profile; --tag-key names the tag itself");
    const given = { key: opts.tagKey, values: opts.tagValues ?? ["(any)"] };
    const parsed = TagSchema.safeParse(given);
    if (!parsed.success)
      throw new InputError(
        atOptions(problemsOf(parsed.error, given, "command line", TagSchema), { key: "--tag-key", values: "--tag-value" }),
      );
    return {
      tag: { key: opts.tagKey, ...(opts.tagValues ? { values: opts.tagValues } : {}), ignoreCase: false },
      source: opts.tagValues ? "--tag-key, --tag-value" : "--tag-key; any value of the key counts as opting a node in",
    };
  }
  const { config, source } = loadConfig(opts.config && resolve(opts.cwd, opts.config), opts.cwd);
  const names = config.profiles.map((p) => p.name);
  const profile =
    opts.profile !== undefined
      ? config.profiles.find((p) => p.name === opts.profile)
      : config.profiles.length === 1
        ? config.profiles[0]
        : undefined;
  if (!profile)
    return opts.profile !== undefined
      ? fail("--profile", `no such profile in ${source} (profiles: ${names.join(", ")})`, opts.profile)
      : fail(
          "audit",
          `name the opt-in tag with --tag-key KEY [--tag-value VALUE]... or with --profile NAME (${source} has ${names.join(", ")})`,
        );
  return {
    tag: { key: profile.tag.key, values: profile.tag.values, ignoreCase: profile.tag.match === "ignoreCase" },
    source: source === EMBEDDED ? `profile ${profile.name}, the embedded default` : `profile ${profile.name} of ${source}`,
  };
}

/** --scp files, at one level: every account's. Deny lists alone stand beside the FullAWSAccess AWS attaches by default. */
function scpOfFiles(files: string[], cwd: string): ScpScope {
  const policies = files.map((file) => readOrganizationPolicy(parseJsonText(readText(file, cwd), file).value, file));
  const allows = policies.some((p) => p.doc.statements.some((s) => s.effect === "Allow"));
  return { levels: [{ target: "--scp", policies, ...(allows ? {} : { assumedFullAccess: true }) }] };
}

/** The account sources of the files, or of an iam-collect folder; --scp files stand as one more level under an organisation's own. */
function accountSources(opts: AuditOptions, scp: ScpScope | undefined): AccountSource[] {
  if (opts.iamCollect === undefined) return opts.files.map((file) => ({ kind: "file", file, cwd: opts.cwd, ...(scp ? { scp } : {}) }));
  return readIamCollect(opts.iamCollect, opts.cwd).map((a): AccountSource => {
    const scope: ScpScope | undefined = a.scp && scp ? { ...a.scp, levels: [...a.scp.levels, ...scp.levels] } : (a.scp ?? scp);
    return {
      kind: "collected",
      folder: a.folder,
      file: a.file,
      cwd: opts.cwd,
      ...(scope ? { scp: scope } : {}),
      ...(a.rcp ? { rcp: a.rcp } : {}),
      ...(a.organization ? { organization: a.organization } : {}),
    };
  });
}

/** `audit FILE...`: who in each account can reach the nodes; exit 1 when a finding at or above --fail-on exists. */
export async function auditCommand(opts: AuditOptions): Promise<RunResult> {
  const format = choice("--format", opts.format, AUDIT_FORMATS, "text");
  const failOn = choice<AuditLevel>("--fail-on", opts.failOn, AUDIT_LEVELS, "error");
  if (opts.files.length === 0 && opts.iamCollect === undefined)
    throw new InputError([
      {
        file: "command line",
        path: "audit",
        message:
          "name the output of `aws iam get-account-authorization-details` (one file per account, as many accounts as you audit), or an iam-collect folder with --iam-collect DIR",
      },
    ]);
  if (opts.files.length && opts.iamCollect !== undefined)
    throw new InputError([
      {
        file: "command line",
        path: "--iam-collect",
        message: "reads every account of the folder: name either files or --iam-collect DIR, not both",
      },
    ]);
  const { tag, source } = optInTag(opts);
  const scp = opts.scp?.length ? scpOfFiles(opts.scp, opts.cwd) : undefined;
  const baseline =
    opts.baseline !== undefined
      ? readBaseline(parseJsonText(readText(opts.baseline, opts.cwd), opts.baseline).value, opts.baseline)
      : undefined;
  // Every input is read and checked before anything is printed.
  const results = await auditSources(accountSources(opts, scp), tag, { threads: opts.threads });
  const audits = results.flatMap((r) => r.audits);
  const notes = results.flatMap((r) => (r.note ? [r.note] : []));
  const all = audits.map((a) => a.report);
  const reports = baseline ? all.map((r) => onlyNew(r, baseline)) : all;
  const seen = new Map<string, string>();
  for (const r of reports.filter((x) => x.account)) {
    const earlier = seen.get(r.account!);
    if (earlier)
      throw new InputError([
        { file: r.file, path: "account", message: `is account ${r.account} again (also in ${earlier}): name each account's file once` },
      ]);
    seen.set(r.account!, r.file);
  }
  const ctx = { tagSource: source, version: opts.version };
  const acrossAll = reports.length > 1 ? crossAccountReach(audits, tag) : [];
  const across = baseline ? newAcross(acrossAll, baseline) : acrossAll;
  const stdout = formatReports(format, reports, ctx, across);
  return { code: reports.some((r) => failsOn(r, failOn)) ? 1 : 0, stdout, stderr: notes.map((n) => `${n}\n`).join("") };
}
