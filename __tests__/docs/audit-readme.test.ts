/** docs/audit.md's example is what the command prints, and its table lists every category. */
import { CATEGORIES } from "../../src/analysis/audit";
import { runAsync } from "../../src/cli/main";
import { removeDir } from "../../dev/terraform";
import { consoleOutput, docText } from "../support/docs";
import { projectCwd } from "../support/project-cwd";

const PAGE = "docs/audit.md";

test("the example output is the command's", async () => {
  const command = "npx scoped-ssm audit __tests__/fixtures/audit/account-authorization-details.json";
  // The example shows the embedded default profile: run where no scoped-ssm.json of the user's is.
  const cwd = projectCwd();
  const r = await runAsync(command.replace(/^npx scoped-ssm /, "").split(" "), cwd).finally(() => removeDir(cwd));
  expect(consoleOutput(PAGE, command)).toBe(r.stdout);
});

test("the category table lists every category", () => {
  const rows = [...docText(PAGE).matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  expect(rows).toEqual([...CATEGORIES]);
});
