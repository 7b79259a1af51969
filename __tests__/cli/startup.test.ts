/**
 * What `scoped-ssm generate` and `check` load at start (scripts/bench-startup.sh times it): the
 * embedded default config without zod, and none of the analysis code of lint, tighten and audit;
 * numbers written with commas as toLocaleString writes them, without ICU.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import fc from "fast-check";
import { thousands } from "../../src/emit/text";
import { DEFAULT_PROFILE, defaultConfig } from "../../src/profile/default-profile";
import { EMBEDDED, loadConfig, validateConfig } from "../../src/profile/load";
import { assertBuilt, ROOT } from "../support/package-app";

describe("the embedded default config", () => {
  test("is what the schema makes of DEFAULT_PROFILE, key order included", () => {
    // Key order too: whatever renders the config in order renders the same from either.
    expect(JSON.stringify(defaultConfig())).toBe(JSON.stringify(validateConfig({ profiles: [DEFAULT_PROFILE] }, EMBEDDED)));
  });

  test("is a fresh copy each time, as a parse is", () => {
    const a = defaultConfig();
    a.profiles[0].tag.values.push("changed");
    expect(defaultConfig().profiles[0].tag.values).toEqual(["True"]);
  });

  test("is what loadConfig gives without a config file", () => {
    const cwd = tempDir("startup");
    try {
      expect(loadConfig(undefined, cwd)).toEqual({ config: defaultConfig(), source: EMBEDDED });
    } finally {
      removeDir(cwd);
    }
  });
});

/**
 * The files a command of the built CLI loads, relative to the repository, as node lists them at
 * exit: through bin/scoped-ssm.js, or from entry (dist/src/cli/main.js, unbundled).
 */
function loadedBy(args: string[], cwd: string, entry?: string): string[] {
  const dir = tempDir("startup-preload");
  try {
    const preload = join(dir, "list-loaded.js");
    writeFileSync(preload, 'process.on("exit", () => process.stderr.write("\\n" + JSON.stringify(Object.keys(require.cache))));\n');
    const start = join(dir, "start.js");
    writeFileSync(start, `require(${JSON.stringify(entry ? join(ROOT, entry) : "")}).main();\n`);
    const script = entry ? start : join(ROOT, "bin/scoped-ssm.js");
    const r = spawnSync(process.execPath, ["-r", preload, script, ...args], { cwd, encoding: "utf8" });
    expect(r.status).toBe(0);
    const files = JSON.parse(r.stderr.split("\n").pop()!) as string[];
    return files.filter((f) => f !== preload && f !== start).map((f) => f.slice(ROOT.length + 1).replace(/\\/g, "/"));
  } finally {
    removeDir(dir);
  }
}

describe("thousands, the number format without ICU", () => {
  test("writes what toLocaleString('en-US') writes", () => {
    for (const n of [0, 7, 999, 1000, 6144, 10240, 999999, 1000000, -1000, Number.MAX_SAFE_INTEGER])
      expect(thousands(n)).toBe(n.toLocaleString("en-US"));
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => thousands(n) === n.toLocaleString("en-US")));
  });

  test("refuses what is not a whole number", () => {
    expect(() => thousands(1.5)).toThrow("1.5 is not a whole number");
  });
});

describe("the built CLI's start", () => {
  test.each([
    ["generate", "the bundle"],
    ["check", "the bundle"],
    ["generate", "dist/src/cli/main.js"],
    ["check", "dist/src/cli/main.js"],
  ])("%s with the embedded default, from %s, loads neither zod nor the analysis code", (command, from) => {
    assertBuilt();
    const cwd = tempDir("startup");
    try {
      if (command === "check") expect(spawnSync(process.execPath, [join(ROOT, "bin/scoped-ssm.js"), "generate"], { cwd }).status).toBe(0);
      const loaded = loadedBy([command], cwd, from === "the bundle" ? undefined : from);
      if (from === "the bundle") {
        // The build's bundle, not the hundred files of dist/ (npm run build writes it after tsc).
        expect(loaded).toContain("dist/src/cli/main.bundle.js");
        expect(loaded).not.toContain("dist/src/cli/main.js");
        expect(loaded.filter((f) => f.startsWith("node_modules/handlebars/"))).toEqual([]);
      } else expect(loaded.length).toBeGreaterThan(30);
      // The one file of analysis/ is the folder layout the help names.
      const heavy = loaded.filter((f) =>
        /node_modules\/(zod|@cloud-copilot)\/|dist\/src\/analysis\/(?!audit\/iam-collect-layout\.js$)/.test(f),
      );
      expect(heavy).toEqual([]);
    } finally {
      removeDir(cwd);
    }
  });

  test.each([
    ["lint", ["missing.json"], /^error: missing\.json: .*cannot read: no such file\n$/],
    ["tighten", ["missing.json"], /^error: missing\.json: .*cannot read: no such file\n$/],
    ["audit", ["missing.json"], /^error: missing\.json: .*no such file/],
  ])("%s, loaded on demand from the bundle, still reports bad input as the user's error", (command, args, message) => {
    assertBuilt();
    const cwd = tempDir("startup");
    try {
      const r = spawnSync(process.execPath, [join(ROOT, "bin/scoped-ssm.js"), command, ...args], { cwd, encoding: "utf8" });
      expect([r.status, r.stdout]).toEqual([2, ""]);
      expect(r.stderr).toMatch(message);
    } finally {
      removeDir(cwd);
    }
  });

  test("a config file still loads the schema and validates it", () => {
    assertBuilt();
    const cwd = tempDir("startup");
    try {
      writeFileSync(join(cwd, "scoped-ssm.json"), JSON.stringify({ profiles: [{ ...DEFAULT_PROFILE, name: "Bad Name" }] }));
      const r = spawnSync(process.execPath, [join(ROOT, "bin/scoped-ssm.js"), "generate"], { cwd, encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error: scoped-ssm\.json: profiles\[0\]\.name/);
    } finally {
      removeDir(cwd);
    }
  });
});
