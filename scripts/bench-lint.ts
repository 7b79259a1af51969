/**
 * Benchmark of `scoped-ssm lint` on one large policy document: 60,000 and 300,000 statements (about
 * 6.5 and 33 MB), drawn deterministically from realistic shapes (application access to one bucket
 * or table, tag-scoped Run Command with its documents, tagging with a key restriction, Run Command
 * on every instance, an occasional ssm:* or wildcard service), so that lint has findings of every
 * severity to report. Each size runs the CLI's lint in a fresh Node process; prints the time, the
 * peak memory (max RSS) of that process, the exit status and the number of findings.
 *
 *   npm run bench:lint                 (builds first)
 *   node dist/scripts/bench-lint.js [STATEMENTS...]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAsync } from "../src/cli/main";
import { random } from "./random";

const ACCOUNT = "111122223333";

function statement(i: number, r: () => number): object {
  const x = r();
  if (x < 0.3)
    return { Sid: `Bucket${i}`, Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::app-bucket-${i}/*` };
  if (x < 0.5)
    return {
      Sid: `Table${i}`,
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:Query"],
      Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/table-${i}`,
    };
  if (x < 0.65)
    return {
      Sid: `OptedIn${i}`,
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`,
      Condition: { StringEquals: { "ssm:resourceTag/IrOptIn": "yes" } },
    };
  if (x < 0.75)
    return {
      Sid: `Documents${i}`,
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: "arn:aws:ssm:eu-west-1::document/AWS-RunShellScript",
    };
  if (x < 0.85)
    return {
      Sid: `CostTags${i}`,
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: "*",
      Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["CostCenter"] } },
    };
  if (x < 0.93) return { Sid: `Anywhere${i}`, Effect: "Allow", Action: ["ssm:SendCommand", "ssm:StartSession"], Resource: "*" };
  if (x < 0.97) return { Sid: `Logs${i}`, Effect: "Allow", Action: "logs:*", Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/app/${i}:*` };
  return { Sid: `Everything${i}`, Effect: "Allow", Action: "ssm:*", Resource: "*" };
}

export function policy(statements: number): string {
  const r = random(statements);
  // One statement a line, as a policy written by a tool reads (and findings name lines).
  const lines = Array.from({ length: statements }, (_, i) => JSON.stringify(statement(i, r)));
  return `{"Version": "2012-10-17", "Statement": [\n${lines.join(",\n")}\n]}\n`;
}

/** In the child: lint the file as the CLI does, report time, peak memory, exit status and findings. */
async function child(file: string): Promise<void> {
  const started = process.hrtime.bigint();
  const r = await runAsync(["lint", file, "--format", "json"]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const findings = r.code === 2 ? r.stderr.trim() : JSON.parse(r.stdout).findings.length;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, code: r.code, findings }));
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(process.argv[3]);
  const sizes = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), "scoped-ssm-bench-lint-"));
  try {
    console.log("statements  file (MB)  lint (s)  peak memory (MB)  exit  findings");
    for (const n of sizes.length ? sizes : [60_000, 300_000]) {
      const file = join(dir, `policy-${n}.json`);
      writeFileSync(file, policy(n));
      const run = spawnSync(process.execPath, [__filename, "--child", file], { encoding: "utf8", maxBuffer: 1 << 30 });
      if (run.status !== 0) throw new Error(`lint of ${n} statements failed (status ${run.status}): ${run.stderr}`);
      const m = JSON.parse(run.stdout);
      console.log(
        [
          String(n).padStart(10),
          (statSync(file).size / 1e6).toFixed(1).padStart(9),
          (m.ms / 1000).toFixed(1).padStart(8),
          m.maxRssMb.toFixed(0).padStart(16),
          String(m.code).padStart(4),
          String(m.findings).padStart(9),
        ].join("  "),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
