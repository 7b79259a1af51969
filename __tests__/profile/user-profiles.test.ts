/**
 * A user adds a profile as docs/generate-and-check.md says (scoped-ssm.json at the root, then `npm run generate`
 * and `npm run access-report`), in a checkout as the repository ships it (the embedded default's
 * module and access report, generated here: not the repository's modules/, which follow whatever
 * config the user has in force): before the commands the suite's checks fail and name them; after,
 * they pass, and the default module is kept as it was (nothing is removed without --prune).
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeAccessReports } from "../../dev/access-report/write";
import { removeDir, tempDir } from "../../dev/terraform";
import { run } from "../../src/cli/main";
import { docBlock, section } from "../support/docs";
import { generatedFileProblems } from "../support/repo-state";

const PAGE = "docs/generate-and-check.md";

/** The page's config under "## Profiles": the one a user copies. */
const pageProfileConfig = (): string => docBlock(PAGE, "## Profiles", "json");

/** Every file under dir with its content. */
const tree = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((f) => [f.slice(dir.length), readFileSync(f, "utf8")] as const);

let shipped: string;
beforeAll(async () => {
  shipped = tempDir("user-profile-shipped");
  expect(run(["generate"], shipped)).toMatchObject({ code: 0, stderr: "" });
  expect(await writeAccessReports({ cwd: shipped })).toMatchObject({ code: 0, stderr: "" });
  expect(await generatedFileProblems(shipped)).toEqual([]);
}, 60_000);
afterAll(() => removeDir(shipped));

let dir: string;
beforeEach(() => {
  dir = tempDir("user-profile");
  cpSync(join(shipped, "modules"), join(dir, "modules"), { recursive: true });
});
afterEach(() => removeDir(dir));

test("the page names the commands that follow a change of profile", () => {
  const profiles = section(PAGE, "## Profiles").split("\n### Policy size")[0];
  expect(profiles).toContain("`npm run generate`");
  expect(profiles).toContain("`npm run access-report`");
  expect(profiles).toContain("--prune");
});

test("after adding a profile and running the page's commands, the suite's checks pass; the default module stays", async () => {
  const config = pageProfileConfig();
  const name = JSON.parse(config).profiles[0].name;
  writeFileSync(join(dir, "scoped-ssm.json"), config);

  // Before the commands: each failure names its fix.
  const before = (await generatedFileProblems(dir)).join("");
  expect(before).toContain("(run `npx scoped-ssm generate`)");
  expect(before).toContain(`${name}/main.tf: missing`);
  expect(before).toContain("(run `npm run access-report`)");

  // npm run generate; npm run access-report
  const generated = run(["generate"], dir);
  expect(generated).toMatchObject({ code: 0, stderr: "" });
  expect(generated.stdout).toContain(
    "kept modules/cado-response/: not a profile of scoped-ssm.json; `scoped-ssm generate --prune` removes it",
  );
  expect(await writeAccessReports({ cwd: dir })).toMatchObject({ code: 0, stderr: "" });

  expect(await generatedFileProblems(dir)).toEqual([]);
  expect(readdirSync(join(dir, "modules"))).toEqual(["cado-response", name].sort());
  expect(tree(join(dir, "modules/cado-response"))).toEqual(tree(join(shipped, "modules/cado-response")));
});
