/** Every hostile config in the table, through the CLI: exit 2, one line a problem, nothing written. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import cases from "../cases/invalid-configs.json";
import { removeDir, tempDir } from "../../dev/terraform";
import { run } from "../../src/cli/main";

let cwd: string;
let outside: string;
beforeAll(() => {
  outside = tempDir("hostile-outside");
});
beforeEach(() => {
  cwd = join(tempDir("hostile"), "project");
  mkdirSync(cwd);
});
afterAll(() => removeDir(outside));

test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
  writeFileSync(join(cwd, "scoped-ssm.json"), JSON.stringify(c.config));
  for (const command of ["generate", "check"]) {
    const r = run([command, "--out", "modules"], cwd);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(c.problems.length);
    for (const line of lines) expect(line).toMatch(/^error: scoped-ssm\.json: \S/);
    for (const want of c.problems) expect(r.stderr).toContain(`scoped-ssm.json: ${want.path || "(top level)"}: `);
    for (const want of c.problems) expect(r.stderr).toContain(want.includes);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  }
  expect(existsSync(join(cwd, "modules"))).toBe(false);
  expect(readdirSync(join(cwd, ".."))).toEqual(["project"]);
  expect(readdirSync(outside)).toEqual([]);
  removeDir(join(cwd, ".."));
});
