/**
 * The CDKTF translation, without Terraform: binding module inputs to values changes no policy the
 * model evaluates to; binding them to same-named variables renders exactly the handlebars HCL;
 * and for random (hostile) profiles, every stack's HCL synthesis reads back as its JSON synthesis.
 */
import fc from "fast-check";
import { TerraformStack, Testing } from "cdktf";
import { removeDir, tempDir } from "../../dev/terraform";
import { type Bindings, bindList, bindOptional, bindStr } from "../../src/model/bind";
import { tfOptional, tfString } from "../../src/emit/terraform-json";
import { templateSegments } from "../../src/cdktf/private/hcl-from-json";
import { ScopedSsmDeployStack } from "../../src/cdktf/deploy-stack";
import { ScopedSsmModuleStack } from "../../src/cdktf/module-stack";
import { type List, evalList, evalOptional, evalStr, join, lit, strVar } from "../../src/model/expr";
import { buildModule } from "../../src/model/module";
import { envFor } from "../../src/model/policy-document";
import { hclList, hclOptional, hclStr } from "../../src/emit/hcl";
import { ProfileSchema, type Profile } from "../../src/profile/schema";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { parse } from "@cdktf/hcl2json";
import { untemplate } from "../support/hcl-read";
import { testConfig } from "../support/cdktf";

const DANGEROUS = ['"', "\\", "${", "%{", "$${", "%%{", "&{", "}", "{", "$", "\n", "\t", "\u2028", "#", "<<EOF", "é", "🙂", " ", "aws:"];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ unit: "grapheme", maxLength: 4 })), { minLength: 1, maxLength: 6 })
  .map((p) => p.join(""));
const documentName = fc.oneof(
  fc.constantFrom("AWS-RunShellScript", "SSM-SessionManagerRunShell", "AWS-StartPortForwardingSession"),
  fc.stringMatching(/^(Team|amzn|Own)-[a-zA-Z0-9_.-]{1,8}$/),
);
const documents = fc.oneof(
  fc.constant(false as const),
  fc.uniqueArray(documentName, { minLength: 1, maxLength: 3 }).map((d) => ({ documents: d })),
);

/** Valid profiles with hostile tag keys, values and descriptions (invalid draws are filtered out). */
const profiles = fc
  .record({
    name: fc.constantFrom("p", "ir-team"),
    description: fc.option(hostile, { nil: undefined }),
    tag: fc.record({
      key: hostile,
      values: fc.uniqueArray(fc.oneof(hostile, fc.constant("")), { minLength: 1, maxLength: 3 }),
      match: fc.constantFrom("exact", "ignoreCase"),
    }),
    hybridNodes: fc.boolean(),
    runCommand: documents,
    sessions: documents,
    readActions: fc.boolean(),
    protectTag: fc.boolean(),
    scope: fc.record({
      regions: fc.constantFrom(undefined, ["eu-west-1"], ["us-east-1", "cn-north-1"]),
      accounts: fc.constantFrom(undefined, ["111122223333"]),
    }),
  })
  .map((raw) => ProfileSchema.safeParse(raw))
  .filter((r) => r.success)
  .map((r) => r.data as Profile);

const deployments = fc.record({
  region: fc.constantFrom("eu-west-1", "us-gov-west-1"),
  roleNames: fc.uniqueArray(fc.stringMatching(/^[\w+=,.@-]{1,12}$/), { maxLength: 3 }),
  optInInstanceIds: fc.uniqueArray(fc.stringMatching(/^i-[0-9a-f]{17}$/), { maxLength: 3 }),
  policyName: fc.option(fc.stringMatching(/^[\w+=,.@-]{1,20}$/), { nil: undefined }),
});

/** Module inputs as values, as a deployment or an app gives them. */
const inputsFor = (p: Profile) =>
  fc.record({
    tag_key: fc.constant(p.tag.key),
    tag_values: fc.constant(p.tag.values),
    run_command_documents: fc.uniqueArray(documentName, { minLength: 1, maxLength: 3 }),
    session_documents: fc.uniqueArray(documentName, { minLength: 1, maxLength: 3 }),
    role_names: fc.uniqueArray(fc.stringMatching(/^[a-zA-Z]{1,8}$/), { maxLength: 3 }),
    opt_in_instance_ids: fc.uniqueArray(fc.stringMatching(/^i-[0-9a-f]{8}$/), { maxLength: 3 }),
    policy_name: fc.stringMatching(/^[a-z]{1,10}$/),
  });

const valueBindings =
  (vars: Record<string, string | string[]>): Bindings =>
  (name) => ({ value: vars[name] });
const sameNames: Bindings = (name) => ({ variable: name });

function everyExpression(p: Profile) {
  const model = buildModule(p);
  const lists: List[] = [model.attachments.forEach, model.optInTags.forEach];
  const strs = [model.policy.name, model.optInTags.key, model.optInTags.value];
  for (const s of model.policy.statements) {
    lists.push(s.resources);
    for (const c of s.conditions) {
      strs.push(c.variable);
      lists.push(c.values);
    }
  }
  return { model, lists, strs };
}

describe("binding module inputs", () => {
  test("to values: the folded expressions evaluate as the model's do, and name no variable", () => {
    fc.assert(
      fc.property(
        profiles.chain((p) => fc.tuple(fc.constant(p), inputsFor(p), fc.constantFrom("aws", "aws-cn", "aws-us-gov"))),
        ([p, vars, partition]) => {
          const { model, lists, strs } = everyExpression(p);
          const env = envFor(model, partition, vars);
          const b = valueBindings(vars);
          for (const e of lists) {
            expect(evalList(bindList(e, b), env)).toEqual(evalList(e, env));
            expect(hclList(bindList(e, b))).not.toMatch(/\bvar\./);
          }
          for (const e of strs) {
            expect(evalStr(bindStr(e, b), env)).toBe(evalStr(e, env));
            expect(hclStr(bindStr(e, b))).not.toMatch(/\bvar\./);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test("to variables of the same names: the HCL is the handlebars module's, character for character", () => {
    fc.assert(
      fc.property(profiles, (p) => {
        const { lists, strs } = everyExpression(p);
        for (const e of lists) expect(hclList(bindList(e, sameNames))).toBe(hclList(e));
        for (const e of strs) expect(hclStr(bindStr(e, sameNames))).toBe(hclStr(e));
      }),
      { numRuns: 80 },
    );
  });

  test("a string in a Terraform JSON template keeps ${ and %{ literal", () => {
    expect(tfString(lit("a${b}%{c}$${d}"))).toBe("a$${b}%%{c}$$${d}");
    expect(tfString(join`ssm:resourceTag/${strVar("tag_key")}`)).toBe("ssm:resourceTag/${var.tag_key}");
    expect(tfString(strVar("policy_name"))).toBe("${var.policy_name}");
  });

  test("an optional input (the role's permissions boundary): empty is none in the model, the HCL and the stack", () => {
    const boundary = buildModule(ProfileSchema.parse(DEFAULT_PROFILE)).role.permissionsBoundary;
    const arn = "arn:aws:iam::123456789012:policy/Boundary";
    const env = (v: string) => ({ partition: "aws", vars: { permissions_boundary_arn: v } });
    expect(evalOptional(boundary, env(""))).toBeUndefined();
    expect(evalOptional(boundary, env(arn))).toBe(arn);
    expect(hclOptional(boundary)).toBe('var.permissions_boundary_arn == "" ? null : var.permissions_boundary_arn');
    expect(tfOptional(bindOptional(boundary, sameNames))).toBe(`\${${hclOptional(boundary)}}`);
    expect(tfOptional(bindOptional(boundary, valueBindings({ permissions_boundary_arn: "" })))).toBeUndefined();
    expect(tfOptional(bindOptional(boundary, valueBindings({ permissions_boundary_arn: arn })))).toBe(arn);
  });
});

describe("Terraform templates split into text and expressions", () => {
  test.each([
    ["plain", [{ text: "plain" }]],
    ["a$${b}%%{c}", [{ text: "a${b}%{c}" }]],
    ["${var.x}", [{ expr: "var.x" }]],
    ['arn:${data.p.q}:x/${f("}", "${y}")}', [{ text: "arn:" }, { expr: "data.p.q" }, { text: ":x/" }, { expr: 'f("}", "${y}")' }]],
    ['${{ a = "\\"}" }}', [{ expr: '{ a = "\\"}" }' }]],
    ["", [{ text: "" }]],
  ])("%j", (s, segments) => expect(templateSegments(s)).toEqual(segments));

  test.each(["a%{if x}b%{endif}", "${unterminated", '${"open}'])("%j is refused, not guessed", (s) =>
    expect(() => templateSegments(s)).toThrow(/cannot render/),
  );
});

/** hcl2json's shape (blocks as arrays) folded into Terraform JSON's shape. */
function unblock(v: any, depth: number): any {
  if (depth === 0 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.length === 1 ? unblock(v[0], depth - 1) : v.map((x) => unblock(x, depth - 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unblock(x, depth)]));
}

/** Condition blocks stay lists in Terraform JSON, even with one block: undo unblock's folding of them. */
function rewrapConditions(v: any): any {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(rewrapConditions);
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      k,
      ["precondition", "postcondition"].includes(k) && !Array.isArray(x) ? [rewrapConditions(x)] : rewrapConditions(x),
    ]),
  );
}

/** hcl2json reads a tuple of interpolations as a JSON array; Terraform JSON writes it as one interpolation. */
const asOneExpression = (v: any) =>
  Array.isArray(v) && v.every((x) => typeof x === "string" && /^\$\{[^{}]*\}$/.test(x))
    ? `\${[${v.map((x) => x.slice(2, -1)).join(", ")}]}`
    : v;

/** Reads the HCL back and compares it with the JSON synthesis, part by part. */
async function expectHclReadsAsJson(stack: TerraformStack) {
  const json = JSON.parse(Testing.synth(stack));
  const read: any = await parse("cdk.tf", Testing.synthHcl(stack) as string);
  // Template contexts: hcl2json keeps Terraform's template form, as the JSON does.
  for (const section of ["locals", "resource", "data", "provider"]) {
    const mine =
      section === "locals" ? unblock(read.locals, 1) : section === "provider" ? read.provider : rewrapConditions(unblock(read[section], 3));
    expect(mine).toEqual(json[section]);
  }
  for (const [name, o] of Object.entries<any>(json.output ?? {})) {
    expect(asOneExpression(read.output[name][0].value)).toEqual(o.value);
    expect(untemplate(read.output[name][0].description)).toBe(o.description);
  }
  // Literal contexts (defaults, descriptions): read back as written.
  for (const [name, v] of Object.entries<any>(json.variable ?? {})) {
    const r = read.variable[name][0];
    expect(deepUntemplate(r.default)).toEqual(v.default);
    expect(untemplate(r.description)).toBe(v.description);
    expect(r.type).toBe(`\${${v.type}}`);
    expect(r.validation ?? []).toEqual(v.validation ?? []);
  }
  const backend = json.terraform.backend;
  if (backend) expect(deepUntemplate(unblock(read.terraform[0].backend, 2))).toEqual(backend);
}

const deepUntemplate = (v: any): any =>
  typeof v === "string"
    ? untemplate(v)
    : Array.isArray(v)
      ? v.map(deepUntemplate)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [untemplate(k), deepUntemplate(x)]))
        : v;

describe("the HCL synthesis reads back as the JSON synthesis", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = tempDir("cdktf-fuzz");
  });
  afterAll(() => removeDir(outdir));
  const app = () => Testing.app({ outdir });

  test.each(testConfig().profiles.map((p) => [p.name, p] as const))("module stack of test profile %s", async (_, profile) => {
    await expectHclReadsAsJson(new ScopedSsmModuleStack(app(), "m", { profile }));
  });

  test("random hostile profiles, as module and deploy stacks", async () => {
    await fc.assert(
      fc.asyncProperty(profiles, deployments, fc.boolean(), async (profile, deployment, s3) => {
        await expectHclReadsAsJson(new ScopedSsmModuleStack(app(), "m", { profile }));
        const backend = s3 ? { s3: { bucket: "state-bucket", key: profile.tag.key, region: "eu-west-1" } } : undefined;
        await expectHclReadsAsJson(new ScopedSsmDeployStack(app(), "d", { profile, deployment: { ...deployment, backend } }));
      }),
      { numRuns: 25, interruptAfterTimeLimit: 4_000 },
    );
  });
});
