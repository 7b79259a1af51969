/**
 * The build's precompiled templates render exactly what the compiler renders from templates/: the
 * CLI from dist/ (precompiled, handlebars' runtime only) generates the modules of several profiles,
 * and every file equals what the renderer run here through Jest (no build: the compiler) gives.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { renderConfig } from "../../src/generate";
import { PRECOMPILED_FILE } from "../../src/render/templates";
import { ConfigSchema } from "../../src/profile/schema";
import { assertBuilt, ROOT } from "../support/package-app";

test("the CLI's precompiled templates render every module as the compiler does", () => {
  assertBuilt();
  expect(existsSync(join(ROOT, "dist/src/render", PRECOMPILED_FILE))).toBe(true);
  expect(existsSync(join(ROOT, "src/render", PRECOMPILED_FILE))).toBe(false);
  const input = {
    profiles: [...require("../cases/cdktf-config.json").profiles, require("../cases/split-hybrid-profile.json")],
  };
  const dir = tempDir("precompiled");
  try {
    writeFileSync(join(dir, "scoped-ssm.json"), JSON.stringify(input));
    const r = spawnSync(process.execPath, [join(ROOT, "bin/scoped-ssm.js"), "generate"], { cwd: dir, encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const expected = renderConfig(ConfigSchema.parse(input)).flatMap((o) => [...o.files]);
    expect(expected.length).toBeGreaterThan(30);
    for (const [rel, content] of expected) expect(readFileSync(join(dir, "modules", rel), "utf8")).toBe(content);
  } finally {
    removeDir(dir);
  }
});
