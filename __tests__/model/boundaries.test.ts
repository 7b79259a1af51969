/**
 * Every limit exactly at the limit and one past it. A limit compared with < instead of <=, or a
 * refusal that fires one character late, passes every test that stays far from the limit: these
 * build inputs of exactly the limit's size, then one character more, and ask for both verdicts.
 * Variable and field lengths are data (cases/boundaries.json); sizes are built here, measured with
 * the model's own policyChars, and asserted to be exactly the limit before the verdict is read.
 */
import data from "../cases/boundaries.json";
import { tighten } from "../../src/analysis/tighten";
import { type CheckValue, evalCheck } from "../../src/model/checks";
import { buildDetect } from "../../src/model/detect";
import { lit, listOf } from "../../src/model/expr";
import { buildFittingModules, sizeProblem, tagValuesNeverFit } from "../../src/model/fit";
import { buildGuardrail } from "../../src/model/guardrail";
import { buildModule, type ModuleModel } from "../../src/model/module";
import type { Statement } from "../../src/model/policy";
import { envFor, evalDocument, type PolicyDocument, policyChars } from "../../src/model/policy-document";
import { LONGEST_PARTITION, partSizes, splitStatements } from "../../src/model/policy-size";
import { renderConfig } from "../../src/generate";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { InputError } from "../../src/base/errors";
import { LIMITS } from "../../src/profile/limits";
import { ConfigSchema, ProfileSchema, type ProfileInput } from "../../src/profile/schema";

const profile = ProfileSchema.parse(DEFAULT_PROFILE);
const MODULES: Record<string, Pick<ModuleModel, "variables">> = {
  account: buildModule(profile),
  guardrail: buildGuardrail(profile),
  detect: buildDetect(profile),
};
const MANAGED: number = LIMITS.managedPolicyChars;

describe("limits in the table are the documented ones", () => {
  test.each(data.sizes.map((s) => [s.why, s] as const))("%s", (_, s) => {
    expect(LIMITS[s.limit as keyof typeof LIMITS]).toBe(s.chars);
  });
});

/** Whether the module's validations of `variable` (evaluated from the model) accept `value`, the others at their defaults. */
function accepts(module: string, variable: string, value: CheckValue): boolean {
  const m = MODULES[module];
  const v = m.variables.find((x) => x.name === variable);
  if (!v || v.validations.length === 0) throw new Error(`the ${module} module validates no variable ${variable}`);
  const vars: Record<string, CheckValue> = {};
  for (const x of m.variables) if (x.default !== undefined) vars[x.name] = x.default;
  vars[variable] = value;
  return v.validations.every((r) => evalCheck(r.check, vars));
}

describe("module variables at their length limits", () => {
  test.each(data.variables.map((c) => [`${c.module} ${c.variable}, ${c.length}: ${c.why}`, c] as const))("%s", (_, c) => {
    const text = c.fill.repeat(c.length);
    expect(accepts(c.module, c.variable, c.list ? [text] : text)).toBe(c.valid);
  });

  test("each limit has its case at the limit (valid) and one past it (invalid)", () => {
    const ends = new Map<string, Set<boolean>>();
    for (const c of data.variables) {
      const id = `${c.module} ${c.variable}`;
      ends.set(id, (ends.get(id) ?? new Set()).add(c.valid));
    }
    for (const [id, verdicts] of ends) expect([id, [...verdicts].sort()]).toEqual([id, [false, true]]);
  });
});

/** DEFAULT_PROFILE with the field at `path` (dotted) set to `value`, in a list when the field is one. */
function withField(path: string, value: string): ProfileInput {
  const copy = JSON.parse(JSON.stringify(DEFAULT_PROFILE));
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce((o, k) => o[k], copy);
  const last = keys[keys.length - 1];
  parent[last] = Array.isArray(parent[last]) ? [value] : value;
  return copy;
}

describe("profile fields at their length limits", () => {
  test.each(data.profileFields.map((c) => [`${c.field}, ${c.length}: ${c.why}`, c] as const))("%s", (_, c) => {
    const result = ProfileSchema.safeParse(withField(c.field, c.prefix + c.fill.repeat(c.length)));
    expect(result.success).toBe(c.valid);
    if (!result.success) expect(result.error.issues[0].path.join(".")).toMatch(new RegExp(`^${c.field.replace(".", "\\.")}`));
  });
});

// Statements of literal resources: their size does not depend on the partition or the variables.
const env = envFor({ variables: [] }, LONGEST_PARTITION);
const statement = (sid: string, ...resources: string[]): Statement => ({
  sid,
  effect: "Allow",
  actions: ["ssm:SendCommand"],
  resources: listOf(...resources.map(lit)),
  conditions: [],
  why: "test",
  facts: [],
});
const chars = (statements: Statement[]) => policyChars(evalDocument(statements, env));
/** `make(pad)` with the padding that makes its policy exactly `target` characters. */
function sizedTo<T extends Statement[]>(target: number, make: (pad: string) => T): T {
  const base = chars(make(""));
  const made = make("x".repeat(target - base));
  expect(chars(made)).toBe(target);
  return made;
}

describe("managed policy size: 6,144 characters", () => {
  test("two statements of exactly 6,144 characters stay in one policy; one character more splits them", () => {
    const at = sizedTo(MANAGED, (pad) => [statement("A", `arn:a${pad}`), statement("B", "arn:b")]);
    expect(splitStatements(at, env)).toHaveLength(1);
    const past = sizedTo(MANAGED + 1, (pad) => [statement("A", `arn:a${pad}`), statement("B", "arn:b")]);
    const parts = splitStatements(past, env);
    expect(parts.map((p) => p.map((s) => s.sid))).toEqual([["A"], ["B"]]);
    for (const size of partSizes(parts, env)) expect(size).toBeLessThanOrEqual(MANAGED);
  });

  test("one statement of exactly 6,144 characters stays whole; one character more is cut by its resources", () => {
    const at = sizedTo(MANAGED, (pad) => [statement("A", `arn:a${pad}`, "arn:b")]);
    expect(
      splitStatements(at, env)
        .flat()
        .map((s) => s.sid),
    ).toEqual(["A"]);
    const past = sizedTo(MANAGED + 1, (pad) => [statement("A", `arn:a${pad}`, "arn:b")]);
    const parts = splitStatements(past, env);
    expect(parts.map((p) => p.map((s) => s.sid))).toEqual([["A"], ["A2"]]);
    expect(parts.map((p) => evalDocument(p, env).Statement[0].Resource)).toEqual([[expect.stringMatching(/^arn:ax+$/)], ["arn:b"]]);
  });

  test("a limit given to the split is one too: exactly at it fits, one past splits", () => {
    const two = [statement("A", "arn:a"), statement("B", "arn:b")];
    const size = chars(two);
    expect(splitStatements(two, env, size)).toHaveLength(1);
    expect(splitStatements(two, env, size - 1)).toHaveLength(2);
  });

  test("tag values whose JSON is exactly 6,144 characters are not refused early; one more character is", () => {
    const values = (n: number) => ProfileSchema.parse({ ...DEFAULT_PROFILE, tag: { key: "K", values: ["v".repeat(n)] } });
    // ["vvv…"]: the value and four characters of JSON.
    const at = { ...profile, tag: { ...profile.tag, values: ["v".repeat(MANAGED - 4)] } };
    expect(JSON.stringify(at.tag.values)).toHaveLength(MANAGED);
    expect(tagValuesNeverFit(at)).toBeUndefined();
    const past = { ...profile, tag: { ...profile.tag, values: ["v".repeat(MANAGED - 3)] } };
    expect(tagValuesNeverFit(past)).toEqual({
      path: ["tag", "values"],
      message: expect.stringContaining("1 tag values make a policy statement of at least 6,145 characters"),
    });
    // A value the schema takes is far below: the early refusal is for megabytes of values.
    expect(tagValuesNeverFit(values(LIMITS.tagValueMax))).toBeUndefined();
  });

  /** The model with its largest policy replaced by one of exactly `n` characters. */
  function modelOfSize(n: number): ModuleModel {
    const model = buildModule(profile);
    const doc = (sid: string): PolicyDocument => ({
      Version: "2012-10-17",
      Statement: [{ Sid: sid, Effect: "Allow", Action: ["ssm:SendCommand"], Resource: ["*"] }],
    });
    const big = doc("x".repeat(n - policyChars(doc(""))));
    expect(policyChars(big)).toBe(n);
    return { ...model, policy: { ...model.policy, atDefaults: [...model.policy.atDefaults, big] } };
  }

  test("a built policy of exactly 6,144 characters has no size problem; at 6,145 it has", () => {
    expect(sizeProblem(modelOfSize(MANAGED))).toBeUndefined();
    const problem = sizeProblem(modelOfSize(MANAGED + 1));
    expect(problem?.message).toMatch(
      / make a policy statement of at least 6,145 characters, which no split can fit in a managed policy: IAM allows at most 6,144/,
    );
  });

  test("generate refuses, naming the field, exactly when one statement passes the limit", () => {
    // Tag values grow one statement's condition: find the count where the profile stops fitting.
    const withValues = (n: number): ProfileInput => ({
      ...DEFAULT_PROFILE,
      tag: { key: "K", values: Array.from({ length: n }, (_, i) => `value-${String(i).padStart(4, "0")}`) },
    });
    const fits = (n: number) => {
      try {
        buildFittingModules([ProfileSchema.parse(withValues(n))], "scoped-ssm.json");
        return true;
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).message).toMatch(/profiles\[0\]\.tag\.values/);
        return false;
      }
    };
    let n = 1;
    while (fits(n)) n++;
    // The last count that fits builds policies within the limit; the first that does not, one over it.
    const last = buildModule(ProfileSchema.parse(withValues(n - 1)));
    expect(Math.max(...last.policy.atDefaults.map(policyChars))).toBeLessThanOrEqual(MANAGED);
    const first = buildModule(ProfileSchema.parse(withValues(n)));
    expect(Math.max(...first.policy.atDefaults.map(policyChars))).toBeGreaterThan(MANAGED);
  });

  test("the module's plan-time check and its README hold the limit, compared with <=", () => {
    const model = buildModule(profile);
    expect(model.policy.checks.maxChars).toBe(MANAGED);
    const files = renderConfig(ConfigSchema.parse({ profiles: [DEFAULT_PROFILE] }))[0].files;
    const main = [...files].find(([name]) => name.endsWith("/main.tf"))![1];
    expect(main).toContain(`length(jsonencode(local.policy)) <= ${MANAGED}`);
  });
});

describe("service control policy size: 5,120 characters", () => {
  test("the guardrail's plan-time check holds the SCP limit, and the SCP at its defaults fits", () => {
    const guardrail = buildGuardrail(profile);
    expect(guardrail.maxChars).toBe(LIMITS.serviceControlPolicyChars);
    expect(guardrail.typicalChars).toBeLessThanOrEqual(guardrail.maxChars);
    expect(guardrail.typicalChars).toBe(
      policyChars(
        evalDocument(
          [...guardrail.statements, ...guardrail.launchTemplateStatements],
          envFor(guardrail, LONGEST_PARTITION, { tag_admin_principal_arns: [`arn:${LONGEST_PARTITION}:iam::*:role/TagAdministrator`] }),
        ),
      ),
    );
  });
});

describe("tighten's refusal: a result over 6,144 characters", () => {
  // A scoped SendCommand for tighten to work on, and a statement it keeps as written, whose Sid pads the result.
  const input = (sid: string) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringEquals: { "ssm:resourceTag/Opt": "yes" } },
      },
      { Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::evidence/*" },
    ],
  });
  const run = (sid: string) => tighten(input(sid), "input.json", { tagKey: "Opt" });

  test("exactly 6,144 characters is written; 6,145 is refused", async () => {
    const base = (await run("S")).size.chars;
    const at = await run(`S${"x".repeat(MANAGED - base)}`);
    expect(at.size).toEqual({ chars: MANAGED, limit: MANAGED });
    await expect(run(`S${"x".repeat(MANAGED - base + 1)}`)).rejects.toThrow(
      /the tightened policy would hold 6145 characters, over IAM's limit of 6144/,
    );
  });
});
