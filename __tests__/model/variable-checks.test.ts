import data from "../cases/variable-checks.json";
import { type CheckValue, type Rule, evalCheck, terraformJson } from "../../src/model/checks";
import { buildModule } from "../../src/model/module";
import { buildGuardrail } from "../../src/model/guardrail";
import { buildStackSet } from "../../src/model/stackset";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { DeploymentSchema, ProfileSchema } from "../../src/profile/schema";
import { hclCheck, hclString, hclValue } from "../../src/emit/hcl";
import { tfConsole } from "../../dev/terraform";

/**
 * The generated modules check their variables at plan time; the profile schema checks the same
 * values before generation. Both must give the same verdict, so that a value refused in
 * scoped-ssm.json is refused by the module too, and the other way round.
 */
const profile = ProfileSchema.parse(DEFAULT_PROFILE);
const model = buildModule(profile);

/** The module's variables at their defaults, but this one. */
function inputs(variable: string, value: CheckValue) {
  const v = model.variables.find((x) => x.name === variable);
  if (!v) throw new Error(`the module has no variable ${variable}`);
  const vars: Record<string, CheckValue> = {};
  for (const x of model.variables) if (x.default !== undefined) vars[x.name] = x.default;
  vars[variable] = value;
  return { checks: v.validations.map((r) => r.check), vars };
}

function moduleAccepts(variable: string, value: CheckValue): boolean {
  const { checks, vars } = inputs(variable, value);
  return checks.every((c) => evalCheck(c, vars));
}

/** The module's HCL conditions for the value, with each var.<name> replaced by its value's literal. */
function hclCondition(variable: string, value: CheckValue): string {
  const { checks, vars } = inputs(variable, value);
  const literal = (name: string) => {
    const v = vars[name];
    return typeof v === "number" || typeof v === "boolean" ? String(v) : hclValue(v as string | string[]);
  };
  return checks.map((c) => `(${hclCheck(c).replace(/\bvar\.([a-z_]+)/g, (_, name: string) => `(${literal(name)})`)})`).join(" && ");
}

const withProfile = (change: object) => ProfileSchema.safeParse({ ...DEFAULT_PROFILE, ...change }).success;
const withDeployment = (field: string, value: unknown) =>
  DeploymentSchema.safeParse({ name: "d", profile: profile.name, region: "us-east-1", [field]: value }).success;
const withRole = (field: string, value: unknown) =>
  withDeployment("role", { trustedPrincipalArns: ["arn:aws:iam::111122223333:root"], externalId: "platform-external-id", [field]: value });

/** Where each module variable's value sits in scoped-ssm.json. */
const SCHEMA: Record<string, (value: unknown) => boolean> = {
  tag_key: (v) => withProfile({ tag: { ...DEFAULT_PROFILE.tag, key: v } }),
  tag_values: (v) => withProfile({ tag: { ...DEFAULT_PROFILE.tag, values: v } }),
  run_command_documents: (v) => withProfile({ runCommand: { documents: v } }),
  session_documents: (v) => withProfile({ sessions: { documents: v } }),
  policy_name: (v) => withDeployment("policyName", v),
  role_names: (v) => withDeployment("roleNames", v),
  opt_in_instance_ids: (v) => withDeployment("optInInstanceIds", v),
  role_name: (v) => withRole("name", v),
  trusted_principal_arns: (v) => withRole("trustedPrincipalArns", v),
  external_id: (v) => withRole("externalId", v),
  max_session_duration: (v) => withRole("maxSessionDuration", v),
  permissions_boundary_arn: (v) => withRole("permissionsBoundaryArn", v),
};

const label = (c: { variable: string; why: string }) => `${c.variable}: ${c.why}`;

describe("module variable checks", () => {
  test.each(data.cases.map((c) => [label(c), c] as const))("%s", (_, c) => {
    expect(moduleAccepts(c.variable, c.value)).toBe(c.valid);
    expect(SCHEMA[c.variable](c.value)).toBe(c.valid);
  });

  test.each(data.moduleOnly.map((c) => [label(c), c] as const))("module only: %s", (_, c) => {
    expect(moduleAccepts(c.variable, c.value)).toBe(c.valid);
  });

  test.each(data.schemaStricter.map((c) => [label(c), c] as const))("schema stricter: %s", (_, c) => {
    expect(moduleAccepts(c.variable, c.value)).toBe(true);
    expect(SCHEMA[c.variable](c.value)).toBe(false);
  });

  test("Terraform gives the model's verdict: the rendered conditions, evaluated by terraform console", () => {
    const all = [...data.cases, ...data.moduleOnly, ...data.schemaStricter];
    const out = tfConsole(`jsonencode([${all.map((c) => hclCondition(c.variable, c.value)).join(", ")}])`);
    const verdicts: boolean[] = JSON.parse(JSON.parse(out.trim()));
    expect(all.map((c) => [label(c), verdicts[all.indexOf(c)]])).toEqual(all.map((c) => [label(c), c.valid]));
  });

  test("every validated variable of the account module has cases that pass and fail", () => {
    const validated = model.variables.filter((v) => v.validations.length > 0).map((v) => v.name);
    for (const name of validated) {
      const verdicts = new Set(data.cases.filter((c) => c.variable === name).map((c) => c.valid));
      expect([name, [...verdicts].sort()]).toEqual([name, [false, true]]);
    }
  });

  test("the guardrail and StackSet checks accept their modules' own defaults", () => {
    for (const m of [buildGuardrail(profile), buildStackSet(profile)]) {
      const vars: Record<string, CheckValue> = {};
      for (const v of m.variables) if (v.default !== undefined) vars[v.name] = v.default;
      for (const v of m.variables.filter((x) => x.default !== undefined))
        for (const r of v.validations) expect([v.name, evalCheck(r.check, vars)]).toEqual([v.name, true]);
    }
  });
});

describe("policy size preconditions (one model check, written by every renderer)", () => {
  /** A policy document of exactly `chars` characters as jsonencode writes it; `<` counts six (\\u003c). */
  function documentOf(chars: number) {
    const doc = (sid: string) => ({
      Version: "2012-10-17",
      Statement: [{ Sid: sid, Effect: "Allow", Action: ["ssm:SendCommand"], Resource: ["*"] }],
    });
    const sid = `<${"x".repeat(chars - terraformJson(doc("")).length - 6)}`;
    expect(terraformJson(doc(sid)).length).toBe(chars);
    return doc(sid);
  }
  const rules: [string, Rule][] = [
    ["account module, part 1", model.policy.parts[0].sizeCheck],
    ["guardrail SCP", buildGuardrail(profile).sizeCheck],
  ];
  const cases = rules.flatMap(([name, rule]) => {
    const max = rule.check.kind === "jsonLengthAtMost" ? rule.check.max : NaN;
    return [
      { name, rule, chars: max, valid: true },
      { name, rule, chars: max + 1, valid: false },
    ];
  });

  test.each(cases.map((c) => [`${c.name}: ${c.chars} characters`, c] as const))("%s", (_, c) => {
    const local = c.rule.check.kind === "jsonLengthAtMost" ? c.rule.check.local : "";
    expect(evalCheck(c.rule.check, { [local]: documentOf(c.chars) })).toBe(c.valid);
  });

  test("the module's own policy at its defaults passes it", () => {
    model.policy.parts.forEach((p, i) => expect(evalCheck(p.sizeCheck.check, { [p.policyLocal]: model.policy.atDefaults[i] })).toBe(true));
  });

  test("Terraform gives the model's verdict at the limit and one past it", () => {
    const conditions = cases.map((c) =>
      hclCheck(c.rule.check, () => "doc").replace("local.doc", `jsondecode(${hclString(JSON.stringify(documentOf(c.chars)))})`),
    );
    const verdicts: boolean[] = JSON.parse(JSON.parse(tfConsole(`jsonencode([${conditions.join(", ")}])`).trim()));
    expect(verdicts).toEqual(cases.map((c) => c.valid));
  });
});
