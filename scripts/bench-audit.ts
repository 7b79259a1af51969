/**
 * Benchmark of `scoped-ssm audit` on a generated account: 5,000 roles, 10,000 customer managed
 * policies (two attached to each role, each used once; one role in ten trusts the account), 300
 * users in 20 groups, and the AWS managed
 * policies that matter. Policies are drawn deterministically from realistic shapes (application
 * access to one bucket or table, tag-scoped Run Command, tagging with a key restriction, PassRole
 * on one role, an occasional ssm:* or administrator, conditional Denies) with distinct ARNs, so no
 * two policies are alike. Prints the time to parse, audit and render, and the peak memory.
 *
 *   npm run bench:audit            (builds first)
 *   node dist/scripts/bench-audit.js [ROLES] [POLICIES]
 *
 * With --accounts, an organisation: that many such accounts (--roles each, two customer managed
 * policies per role, 25 users; one role in fifty trusts the next account), written to a temporary
 * folder one at a time, then `scoped-ssm audit` of every file once on one thread and once on every
 * core (worker threads), each in a process of its own so that its peak memory is its own. Prints
 * the wall time and peak memory (max RSS, worker threads included) of each, the speed-up, and
 * whether the two reports are the same bytes.
 *
 *   npm run bench:audit -- --accounts 200 --roles 250 [--threads N]
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { audit } from "../src/analysis/audit";
import { formatJson } from "../src/analysis/audit/report";
import { auditCommand } from "../src/cli/audit-command";
import { random } from "./random";

const ACCOUNT = "111122223333";
const TAG = { key: "CadoResponseSSMEnabled", values: ["True"], ignoreCase: false };

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });

function policyDocument(i: number, r: () => number): object {
  const x = r();
  if (x < 0.3)
    return doc({ Sid: "AppBucket", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::app-bucket-${i}/*` });
  if (x < 0.5)
    return doc({
      Sid: "AppTable",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
      Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/table-${i}`,
    });
  if (x < 0.6)
    return doc(
      {
        Sid: "OptedInNodes",
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`,
        Condition: { StringEquals: { [`ssm:resourceTag/${TAG.key}`]: "True" } },
      },
      { Sid: "Documents", Effect: "Allow", Action: "ssm:SendCommand", Resource: `arn:aws:ssm:eu-west-1::document/AWS-RunShellScript` },
    );
  if (x < 0.7)
    return doc({
      Sid: "Parameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: `arn:aws:ssm:*:${ACCOUNT}:parameter/app-${i}/*`,
    });
  if (x < 0.78)
    return doc({
      Sid: "CostTags",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: "*",
      Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["CostCenter", `team-${i % 50}`] } },
    });
  if (x < 0.85)
    return doc({ Sid: "PassAppRole", Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/app-${i}` });
  if (x < 0.9)
    return doc(
      {
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/app/${i}:*`,
      },
      {
        Sid: "NoDeletes",
        Effect: "Deny",
        Action: ["s3:DeleteObject", "dynamodb:DeleteItem"],
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
      },
    );
  if (x < 0.95) return doc({ Sid: "Describe", Effect: "Allow", Action: ["ec2:Describe*", "ssm:Describe*", "ssm:Get*"], Resource: "*" });
  if (x < 0.98) return doc({ Sid: "SsmAdmin", Effect: "Allow", Action: "ssm:*", Resource: "*" });
  if (x < 0.995)
    return doc({
      Sid: "AttachAppRoles",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:PutRolePolicy"],
      Resource: `arn:aws:iam::${ACCOUNT}:role/app-${i % 100}*`,
    });
  return doc({ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" });
}

export interface GenerateOptions {
  seed?: number;
  /** Users (in 20 groups); default 300. */
  users?: number;
  /** One role in fifty trusts this other account (reach across accounts). */
  trustAccount?: string;
}

export function generateAccount(roles = 5000, policies = 10000, opts: GenerateOptions = {}): object {
  const r = random(opts.seed ?? 20260101);
  const managed = (name: string, document: object, aws = false) => ({
    PolicyName: name,
    PolicyId: `ANPA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 17)}`,
    Arn: aws ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    Path: "/",
    DefaultVersionId: "v1",
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "2024-01-02T03:04:05Z",
    UpdateDate: "2024-01-02T03:04:05Z",
    PolicyVersionList: [
      {
        Document: aws ? document : encodeURIComponent(JSON.stringify(document)),
        VersionId: "v1",
        IsDefaultVersion: true,
        CreateDate: "2024-01-02T03:04:05Z",
      },
    ],
  });
  const awsPolicies = [
    managed("AdministratorAccess", doc({ Effect: "Allow", Action: "*", Resource: "*" }), true),
    managed(
      "ReadOnlyAccess",
      doc({ Effect: "Allow", Action: ["ec2:Describe*", "ssm:Describe*", "ssm:Get*", "ssm:List*", "s3:Get*", "s3:List*"], Resource: "*" }),
      true,
    ),
    managed("PowerUserAccess", doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }), true),
  ];
  const customer = Array.from({ length: policies }, (_, i) => managed(`app-policy-${i}`, policyDocument(i, r)));
  const attach = (p: { PolicyName: string; Arn: string }) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn });
  const RoleDetailList = Array.from({ length: roles }, (_, i) => ({
    Path: "/",
    RoleName: `app-${i}`,
    RoleId: `AROA${String(i).padStart(17, "0")}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/app-${i}`,
    CreateDate: "2024-01-02T03:04:05Z",
    // One role in ten trusts the account (so every principal whose policies allow sts:AssumeRole may become it).
    AssumeRolePolicyDocument: doc({
      Effect: "Allow",
      Principal:
        opts.trustAccount && i % 50 === 25
          ? { AWS: `arn:aws:iam::${opts.trustAccount}:root` }
          : i % 10 === 0
            ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
            : { Service: "ec2.amazonaws.com" },
      Action: "sts:AssumeRole",
    }),
    InstanceProfileList: [],
    RolePolicyList: [{ PolicyName: "inline", PolicyDocument: encodeURIComponent(JSON.stringify(policyDocument(policies + i, r))) }],
    AttachedManagedPolicies: [
      customer[(2 * i) % policies],
      customer[(2 * i + 1) % policies],
      ...(i % 250 === 0 ? [awsPolicies[0]] : []),
    ].map(attach),
    Tags: [],
    RoleLastUsed: {},
  }));
  const GroupDetailList = Array.from({ length: 20 }, (_, g) => ({
    Path: "/",
    GroupName: `team-${g}`,
    GroupId: `AGPA${String(g).padStart(17, "0")}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/team-${g}`,
    CreateDate: "2024-01-02T03:04:05Z",
    GroupPolicyList: [],
    AttachedManagedPolicies: [attach(awsPolicies[g % 3])],
  }));
  const UserDetailList = Array.from({ length: opts.users ?? 300 }, (_, u) => ({
    Path: "/",
    UserName: `user-${u}`,
    UserId: `AIDA${String(u).padStart(17, "0")}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/user-${u}`,
    CreateDate: "2024-01-02T03:04:05Z",
    UserPolicyList: [],
    GroupList: [`team-${u % 20}`],
    AttachedManagedPolicies: [attach(customer[(u * 7) % policies])],
    Tags: [],
  }));
  return { UserDetailList, GroupDetailList, RoleDetailList, Policies: [...awsPolicies, ...customer] };
}

/**
 * CPU seconds of this process's main thread, where Linux tells (/proc/self/task): the rest of the
 * process's CPU time is its worker threads' and V8's own helper threads' (garbage collection,
 * compilation), which run on other cores even when the audit uses one thread.
 */
function mainThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** One audit of the files listed in LIST, in this process: prints its wall time, peak memory and the report's hash as JSON. */
async function runAudit(threads: number, list: string) {
  const files = readFileSync(list, "utf8").split("\n").filter(Boolean);
  const t0 = performance.now();
  const r = await auditCommand({
    files,
    threads,
    tagKey: TAG.key,
    tagValues: TAG.values,
    format: "json",
    cwd: process.cwd(),
    version: "bench",
  });
  const seconds = (performance.now() - t0) / 1000;
  const hash = createHash("sha256").update(r.stdout).digest("hex");
  const report = JSON.parse(r.stdout);
  const findings = report.accounts.reduce((n: number, a: { findings: unknown[] }) => n + a.findings.length, 0);
  console.log(
    JSON.stringify({
      seconds,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      mainCpuSeconds: mainThreadCpuSeconds(),
      hash,
      code: r.code,
      findings,
      across: report.organisation.crossAccount.length,
    }),
  );
}

/**
 * What the machine gives this process: CPU seconds per wall second of a busy loop on 1 and on
 * `threads` worker threads. On idle cores the second is `threads` times the first; on a machine
 * shared under load, it may not be, and no audit can be faster than that.
 */
async function cpuShare(threads: number, seconds = 2): Promise<[number, number]> {
  const busy = `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end);`;
  const share = async (n: number) => {
    const t0 = process.cpuUsage();
    await Promise.all(Array.from({ length: n }, () => new Promise((done) => new Worker(busy, { eval: true }).on("exit", done))));
    const c = process.cpuUsage(t0);
    return (c.user + c.system) / 1e6 / seconds;
  };
  return [await share(1), await share(threads)];
}

async function organisation(accounts: number, roles: number, threads: number) {
  const dir = mkdtempSync(join(tmpdir(), "bench-audit-"));
  try {
    const ids = Array.from({ length: accounts }, (_, i) => String(200000000000 + i * 1000 + 7));
    let bytes = 0;
    const files = ids.map((id, i) => {
      const file = join(dir, `${id}.json`);
      const text = JSON.stringify(
        generateAccount(roles, 2 * roles, { seed: 1000 + i, users: 25, trustAccount: ids[(i + 1) % accounts] }),
      ).replaceAll(ACCOUNT, id);
      bytes += Buffer.byteLength(text);
      writeFileSync(file, text);
      return file;
    });
    const list = join(dir, "files.txt");
    writeFileSync(list, files.join("\n"));
    const run = (t: number, nodeFlags: string[] = []) => {
      const r = spawnSync(process.execPath, [...nodeFlags, __filename, "--run-audit", String(t), list], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
      if (r.status !== 0) throw new Error(`the audit on ${t} thread(s) failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as {
        seconds: number;
        maxRssMiB: number;
        cpuSeconds: number;
        mainCpuSeconds?: number;
        hash: string;
        code: number;
        findings: number;
        across: number;
      };
    };
    const loadBefore = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    const before = await cpuShare(threads);
    const one = run(1);
    // One thread in the operating system's sense: V8's helper threads (garbage collection,
    // compilation) off. The run above keeps them, and they use a second core beside the audit's thread.
    const strictlyOne = run(1, ["--single-threaded"]);
    const many = run(threads);
    const after = await cpuShare(threads);
    const row = (label: string, x: typeof one) =>
      `${label}: ${x.seconds.toFixed(2)} s wall, ${x.cpuSeconds.toFixed(2)} s CPU (all threads${
        x.mainCpuSeconds === undefined ? "" : `; main thread ${x.mainCpuSeconds.toFixed(2)} s`
      }), peak memory (max RSS) ${x.maxRssMiB.toFixed(0)} MiB`;
    console.log(
      [
        `organisation: ${accounts} accounts of ${roles} roles, ${2 * roles} customer managed policies, 25 users; ${(bytes / 1024 / 1024).toFixed(0)} MiB of JSON`,
        `findings: ${one.findings}; across accounts: ${one.across} principals`,
        row("1 thread", one),
        row("1 thread, V8 helper threads off (node --single-threaded)", strictlyOne),
        row(`${threads} threads`, many),
        `speed-up on ${availableParallelism()} cores: ${(one.seconds / many.seconds).toFixed(2)}x over 1 thread, ${(strictlyOne.seconds / many.seconds).toFixed(2)}x over 1 thread without V8's helpers (load average before: ${loadBefore}, after: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")})`,
        `1 thread keeps ${(one.cpuSeconds / one.seconds).toFixed(2)} cores busy: doing the same work, ${threads} cores allow at most ${(threads / (one.cpuSeconds / one.seconds)).toFixed(2)}x over it`,
        `reports identical: ${one.hash === many.hash && one.hash === strictlyOne.hash ? "yes" : "NO"}`,
        `the machine gave a busy loop ${before[0].toFixed(2)} CPU s/s on 1 thread and ${before[1].toFixed(2)} on ${threads} before, ${after[0].toFixed(2)} and ${after[1].toFixed(2)} after (idle cores: 1 and ${threads})`,
      ].join("\n"),
    );
    if (one.hash !== many.hash || one.hash !== strictlyOne.hash) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv[2] === "--run-audit") return runAudit(Number(process.argv[3]), process.argv[4]);
  const { values, positionals } = parseArgs({
    options: { accounts: { type: "string" }, roles: { type: "string" }, threads: { type: "string" } },
    allowPositionals: true,
  });
  if (values.accounts !== undefined)
    return organisation(Number(values.accounts), Number(values.roles ?? 250), Number(values.threads ?? availableParallelism()));
  process.argv = [process.argv[0], process.argv[1], ...positionals];
  const roles = Number(process.argv[2] ?? 5000);
  const policies = Number(process.argv[3] ?? 10000);
  const text = JSON.stringify(generateAccount(roles, policies));
  const t0 = performance.now();
  const raw = JSON.parse(text);
  const t1 = performance.now();
  const report = await audit(raw, "generated.json", TAG);
  const t2 = performance.now();
  const json = formatJson(report);
  const t3 = performance.now();
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    [
      `account: ${roles} roles, ${policies} customer managed policies (+3 AWS managed), 300 users, 20 groups; ${mib(Buffer.byteLength(text))} of JSON`,
      `findings: ${report.findings.length} (${new Set(report.findings.map((f) => f.principal)).size} principals), JSON report ${mib(Buffer.byteLength(json))}`,
      `parse ${s(t1 - t0)}, audit ${s(t2 - t1)}, render ${s(t3 - t2)}; total ${s(t3 - t0)}`,
      `peak memory (max RSS): ${mib(process.resourceUsage().maxRSS * 1024)}`,
    ].join("\n"),
  );
}

if (require.main === module) void main();
