/**
 * The StackSet templates are CloudFormation that CloudFormation accepts: inside Rules only the rule
 * functions that the template reference lists, and every template passes cfn-lint (one run for all).
 * Profiles: the embedded default, the CDKTF test profiles (hybrid, scoped, hostile strings) and one
 * large enough to split into several managed policies.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { onPath } from "../../dev/emulator";
import { removeDir, tempDir } from "../../dev/terraform";
import { renderCloudFormation } from "../../src/emit/cloudformation";
import { buildStackSet } from "../../src/model/stackset";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema, type ProfileInput } from "../../src/profile/schema";
import { testConfig } from "../support/cdktf";

/** The template reference's "Rules" page: the functions a rule condition or assertion may use. */
const RULE_FUNCTIONS = new Set([
  "Fn::And",
  "Fn::Contains",
  "Fn::EachMemberEquals",
  "Fn::EachMemberIn",
  "Fn::Equals",
  "Fn::Not",
  "Fn::Or",
  "Fn::RefAll",
  "Fn::ValueOf",
  "Fn::ValueOfAll",
  "Ref",
]);

/** Own documents, hybrid nodes, and more than one managed policy's worth of statements. */
const SPLIT: ProfileInput = require("../cases/split-hybrid-profile.json");

const profiles = [ProfileSchema.parse(DEFAULT_PROFILE), ...testConfig().profiles, ProfileSchema.parse(SPLIT)];
const templates = profiles.map((p) => ({ name: p.name, template: renderCloudFormation(buildStackSet(p)) }));

/** Every function name (Fn::… or Ref) used anywhere below a value. */
function functionsIn(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => functionsIn(x, out));
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith("Fn::") || k === "Ref") out.add(k);
      functionsIn(x, out);
    }
  return out;
}

test("the split profile really needs several managed policies", () => {
  const resources = JSON.parse(templates.at(-1)!.template).Resources;
  expect(Object.values(resources).filter((r: any) => r.Type === "AWS::IAM::ManagedPolicy").length).toBeGreaterThan(1);
});

test.each(templates)("$name: Rules use rule functions only", ({ template }) => {
  const rules = JSON.parse(template).Rules;
  expect(Object.keys(rules).length).toBeGreaterThan(0);
  const used = functionsIn(rules);
  expect([...used].filter((f) => !RULE_FUNCTIONS.has(f))).toEqual([]);
  // The walk sees what it must: the assertions' functions are found.
  expect(used).toContain("Fn::Contains");
});

test("the walk finds a function that Rules must not use", () => {
  expect(functionsIn({ Assert: { "Fn::Not": [{ "Fn::Equals": [{ "Fn::Join": ["", { Ref: "X" }] }, ""] }] } })).toContain("Fn::Join");
});

const lint = onPath("cfn-lint") ? test : test.skip;
lint("every StackSet template passes cfn-lint", () => {
  const dir = tempDir("cfn-lint");
  try {
    const files = templates.map(({ name, template }) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, template);
      return file;
    });
    const r = spawnSync("cfn-lint", ["--format", "parseable", "--", ...files], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toBe("");
    expect(r.status).toBe(0);
  } finally {
    removeDir(dir);
  }
});
