/** The README's lint and tighten examples are what the commands print, and its rule table is the rules. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../src/analysis/lint/rules";
import { runAsync } from "../src/cli/main";

const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The body of the console block that runs `command`. */
function consoleBlock(command: string): string {
  const start = README.indexOf("```console\n$ " + command + "\n");
  expect(start).toBeGreaterThan(-1);
  const body = start + "```console\n$ ".length + command.length + 1;
  return README.slice(body, README.indexOf("```\n", body));
}

const argv = (command: string) =>
  command
    .replace(/^npx scoped-ssm /, "")
    .replace(/ > \S+$/, "")
    .split(" ");

test("the lint example", async () => {
  const command = "npx scoped-ssm lint __tests__/fixtures/seed-default.json";
  expect(consoleBlock(command)).toBe((await runAsync(argv(command), ROOT)).stdout);
});

test("the tighten example: stderr in the console block, stdout in tightened.json", async () => {
  const command = "npx scoped-ssm tighten __tests__/fixtures/seed-default.json --tag-key CadoResponseSSMEnabled > tightened.json";
  const r = await runAsync(argv(command), ROOT);
  expect(consoleBlock(command)).toBe(r.stderr);
  const json = README.indexOf("```json\n", README.indexOf("<summary>tightened.json</summary>")) + "```json\n".length;
  expect(README.slice(json, README.indexOf("```\n", json))).toBe(r.stdout);
});

test("the rule table lists every rule with its severity", () => {
  const section = README.slice(README.indexOf("## Linting an existing policy"), README.indexOf("## Tightening an existing policy"));
  const rows = [...section.matchAll(/^\| (`[a-z-]+`(?:, `[a-z-]+`)*) \| (\w+) \|/gm)].flatMap(([, ids, severity]) =>
    ids.split(", ").map((id) => [id.replace(/`/g, ""), severity]),
  );
  expect(rows.sort()).toEqual(RULES.map((r) => [r.id, r.severity]).sort());
});
