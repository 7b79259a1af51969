/** The README's audit example is what the command prints, and its table lists every category. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATEGORIES } from "../src/analysis/audit";
import { runAsync } from "../src/cli/main";
import { removeDir } from "../dev/terraform";
import { ROOT, projectCwd } from "./support/project-cwd";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Auditing an account"), README.indexOf("## Testing"));

test("the section stands just before Testing", () => {
  expect(SECTION.length).toBeGreaterThan(1000);
  expect(README.indexOf("## Auditing an account")).toBeLessThan(README.indexOf("## Testing"));
});

test("the example output is the command's", async () => {
  const command = "npx scoped-ssm audit __tests__/fixtures/audit/account-authorization-details.json";
  const start = SECTION.indexOf("```console\n$ " + command + "\n");
  expect(start).toBeGreaterThan(-1);
  const body = start + "```console\n$ ".length + command.length + 1;
  // The example shows the embedded default profile: run where no scoped-ssm.json of the user's is.
  const cwd = projectCwd();
  const r = await runAsync(command.replace(/^npx scoped-ssm /, "").split(" "), cwd).finally(() => removeDir(cwd));
  expect(SECTION.slice(body, SECTION.indexOf("```\n", body))).toBe(r.stdout);
});

test("the category table lists every category", () => {
  const rows = [...SECTION.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  expect(rows).toEqual([...CATEGORIES]);
});
