/** Same input, same bytes: whatever the folder, the clock, the locale or the order of keys. */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { run } from "../../src/cli/main";

const CONFIG = {
  profiles: [
    {
      name: "alpha",
      description: 'Alpha: ünïcödé and "quotes" ${x}',
      tag: { key: "Opt-In", values: ["yes", "Yes"], match: "exact" },
      hybridNodes: true,
      runCommand: { documents: ["AWS-RunShellScript", "Team-Collect"] },
      sessions: { documents: ["SSM-SessionManagerRunShell"] },
      scope: { regions: ["eu-west-1", "us-east-1"], accounts: ["111122223333"] },
    },
    { name: "beta", tag: { key: "B", values: ["1"] }, runCommand: false, sessions: { documents: ["AWS-StartSSHSession"] } },
  ],
};

/** The same value with every object's keys in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversedKeys(x)]),
    );
  return v;
}

function generateIn(cwd: string, config: unknown, env: Record<string, string>): Map<string, string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    writeFileSync(join(cwd, "scoped-ssm.json"), JSON.stringify(config, null, 2));
    expect(run(["generate"], cwd).code).toBe(0);
  } finally {
    process.env = saved;
  }
  const out = join(cwd, "modules");
  const files = readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => f.includes("."))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(join(out, f), "utf8")]));
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

test("two runs in different folders, time zones, locales and key orders write identical bytes", () => {
  const a = tempDir("det-a");
  const bRoot = tempDir("det-b");
  const b = join(bRoot, "deeper", "project");
  mkdirSync(b, { recursive: true });
  // The folder tempDir made, not the one inside it: removing that one left det-b-*/deeper behind.
  dirs.push(a, bRoot);
  const first = generateIn(a, CONFIG, { TZ: "UTC", LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" });
  const second = generateIn(b, reversedKeys(CONFIG), { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8", LC_ALL: "tr_TR.UTF-8" });
  expect([...second.keys()]).toEqual([...first.keys()]);
  // Two profiles: the account module (6 files), the StackSet module (7), the detect module (6), and the guardrail (6) of one that protects its tag.
  expect(first.size).toBe(CONFIG.profiles.reduce((n: number, p: any) => n + 19 + (p.protectTag === false ? 0 : 6), 0));
  for (const [f, content] of first) expect(second.get(f)).toBe(content);
});

test("generated files hold no absolute path, date or time", () => {
  const a = tempDir("det-c");
  dirs.push(a);
  for (const [f, content] of generateIn(a, CONFIG, {})) {
    expect({ f, hasPath: content.includes(a) }).toEqual({ f, hasPath: false });
    // 2012-10-17 is the IAM policy language version, 2010-09-09 CloudFormation's: not dates of this run.
    expect(content.replace(/2012-10-17|2010-09-09/g, "")).not.toMatch(/\b20\d\d-\d\d-\d\d\b|\b\d\d:\d\d:\d\d\b/);
  }
});

test("the cleanup removes every folder the tests made: each is one tempDir made in the temp directory", () => {
  expect(dirs.length).toBeGreaterThan(2);
  for (const d of dirs) expect([d, dirname(d)]).toEqual([d, tmpdir()]);
});
