/**
 * The lint rules, case by case: __tests__/cases/lint/*.json hold policies and every finding each
 * must produce, as [rule id, statement index, what is at fault].
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../../../src/analysis/lint/rules";
import { lintPolicy } from "../../support/lint";

interface LintCase {
  name: string;
  policy: unknown;
  expect: [string, number, string][];
  ignore?: string[];
}
interface CaseFile {
  ignore?: string[];
  cases: LintCase[];
}

const DIR = join(__dirname, "../..", "cases", "lint");
const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();
const all = files.flatMap((f) => {
  const file = JSON.parse(readFileSync(join(DIR, f), "utf8")) as CaseFile;
  return file.cases.map((c) => ({ file: f, ignore: c.ignore ?? file.ignore ?? [], c }));
});

const sorted = (xs: [string, number, string][]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

test.each(all.map(({ file, ignore, c }) => [`${file}: ${c.name}`, ignore, c] as const))("%s", async (_, ignore, c) => {
  const found = (await lintPolicy(c.policy))
    .filter((f) => !ignore.includes(f.ruleId))
    .map((f): [string, number, string] => [f.ruleId, f.statement.index, f.at]);
  expect(sorted(found)).toEqual(sorted(c.expect));
});

test("every rule has a case that expects it", () => {
  const expected = new Set(all.flatMap(({ c }) => c.expect.map((e) => e[0])));
  expect(RULES.map((r) => r.id).filter((id) => !expected.has(id))).toEqual([]);
});

test("rule ids are unique, and every rule says what it finds and why", () => {
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  for (const r of RULES) {
    expect(r.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(r.summary.length).toBeGreaterThan(20);
    expect(r.help.length).toBeGreaterThan(20);
  }
});
