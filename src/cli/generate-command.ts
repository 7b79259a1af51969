import { resolve } from "node:path";
import { renderConfig } from "../generate";
import { type Change, applyChanges, blockedMessage, planOutput } from "../io/output-plan";
import { LIMITS } from "../profile/limits";
import { loadConfig } from "../profile/load";

export interface RunResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

function plan(opts: { config?: string; out?: string; force?: boolean; cwd: string }) {
  const { config } = loadConfig(opts.config && resolve(opts.cwd, opts.config), opts.cwd);
  const outputs = renderConfig(config);
  const wanted = new Map(outputs.flatMap((o) => [...o.files]));
  const root = resolve(opts.cwd, opts.out ?? "modules");
  return { outputs, root, changes: planOutput(root, wanted, opts.force) };
}

const count = (changes: Change[], profile: string, kind: Change["kind"]) =>
  changes.filter((c) => c.kind === kind && c.path.startsWith(`${profile}/`)).length;

/** `generate`: render every profile; write what changed; refuse to overwrite hand-edited files. */
export function generateCommand(opts: { config?: string; out?: string; force?: boolean; cwd: string }): RunResult {
  const { outputs, root, changes } = plan(opts);
  const blocked = blockedMessage(changes);
  if (blocked) return { code: 1, stdout: "", stderr: blocked };
  applyChanges(root, changes);
  const rows = [["profile", "written", "unchanged", "policy", "chars (aws-us-gov)", "statements"]];
  for (const o of outputs) {
    o.policyChars.forEach((chars, i) => {
      const pct = Math.round((chars / LIMITS.managedPolicyChars) * 100);
      const first = i === 0;
      rows.push([
        first ? o.profile : "",
        first ? String(count(changes, o.profile, "write")) : "",
        first ? String(count(changes, o.profile, "unchanged")) : "",
        `${i + 1} of ${o.policyChars.length}`,
        `${chars} / ${LIMITS.managedPolicyChars} (${pct}%)`,
        first ? String(o.statements) : "",
      ]);
    });
  }
  const removed = changes.filter((c) => c.kind === "remove").map((c) => `removed ${c.path} (profile no longer in the config)\n`);
  const over = outputs.filter((o) => o.policyChars.some((c) => c > LIMITS.managedPolicyChars));
  const warn = over.map((o) => `${o.profile}: policy exceeds the ${LIMITS.managedPolicyChars}-character managed policy limit\n`);
  return { code: over.length ? 1 : 0, stdout: `${table(rows)}\n${removed.join("")}`, stderr: warn.join("") };
}

/** `check`: write nothing; list every file generate would change. */
export function checkCommand(opts: { config?: string; out?: string; cwd: string }): RunResult {
  const { changes } = plan({ ...opts, force: true });
  const stale = changes.filter((c) => c.kind !== "unchanged");
  if (!stale.length) return { code: 0, stdout: "modules are current\n", stderr: "" };
  const why = (c: Change) => (c.kind === "remove" ? "no longer generated" : c.kind === "write" && !c.existed ? "missing" : "differs");
  return {
    code: 1,
    stdout: "",
    stderr: `stale generated files (run \`npm run generate\`):\n${stale.map((c) => `  ${c.path}: ${why(c)}\n`).join("")}`,
  };
}
