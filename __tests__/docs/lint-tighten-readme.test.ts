/** The lint and tighten pages' examples are what the commands print, and the lint page's rule table is the rules. */
import { RULES } from "../../src/analysis/lint/rules";
import { runAsync } from "../../src/cli/main";
import { ROOT, consoleOutput, docBlock, docText } from "../support/docs";

const argv = (command: string) =>
  command
    .replace(/^npx scoped-ssm /, "")
    .replace(/ > \S+$/, "")
    .split(" ");

test("the lint example", async () => {
  const command = "npx scoped-ssm lint __tests__/fixtures/seed-default.json";
  expect(consoleOutput("docs/lint.md", command)).toBe((await runAsync(argv(command), ROOT)).stdout);
});

test("the tighten example: stderr in the console block, stdout in tightened.json", async () => {
  const command = "npx scoped-ssm tighten __tests__/fixtures/seed-default.json --tag-key CadoResponseSSMEnabled > tightened.json";
  const r = await runAsync(argv(command), ROOT);
  expect(consoleOutput("docs/tighten.md", command)).toBe(r.stderr);
  const page = docText("docs/tighten.md");
  expect(page.indexOf("<summary>tightened.json</summary>")).toBeLessThan(page.indexOf("```json\n"));
  expect(docBlock("docs/tighten.md", "# Tightening an existing policy", "json")).toBe(r.stdout);
});

test("the rule table lists every rule with its severity", () => {
  const rows = [...docText("docs/lint.md").matchAll(/^\| (`[a-z-]+`(?:, `[a-z-]+`)*) \| (\w+) \|/gm)].flatMap(([, ids, severity]) =>
    ids.split(", ").map((id) => [id.replace(/`/g, ""), severity]),
  );
  expect(rows.sort()).toEqual(RULES.map((r) => [r.id, r.severity]).sort());
});
