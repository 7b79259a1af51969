/**
 * Every stack main.ts synthesises, as JSON and as HCL, against reviewed snapshots; the HCL is
 * terraform fmt-clean; the output holds no machine paths and is the same from any folder; the
 * constructs work in an app of one's own and refuse bad input by name.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { type App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { removeDir, tempDir, tf } from "../../dev/terraform";
import { addScopedSsmStacks } from "../../src/cdktf/app";
import { InputError } from "../../src/base/errors";
import { ScopedSsmGuardrail, ScopedSsmModuleStack, ScopedSsmOptIn, ScopedSsmPlatformRole, ScopedSsmPolicy } from "../../src/index";
import type { Config } from "../../src/profile/schema";
import { docBlock } from "../support/docs";
import { defaultConfig, testConfig } from "../support/cdktf";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A test app whose temp folder is removed afterwards (Testing.app() alone leaves one behind). */
function testApp(): App {
  const outdir = tempDir("cdktf-test");
  dirs.push(outdir);
  return Testing.app({ outdir });
}

function stacksOf(config: Config) {
  const app = testApp();
  const { modules, deployments } = addScopedSsmStacks(app, config, { stateDir: app.outdir });
  return { app, stacks: [...modules, ...deployments] as TerraformStack[] };
}

const json = (s: TerraformStack) => Testing.synth(s, true);
const hcl = (s: TerraformStack) => Testing.synthHcl(s, true) as string;

const { app: testConfigApp, stacks } = stacksOf(testConfig());

describe.each(stacks.map((s) => [s.node.id, s] as const))("stack %s", (_, stack) => {
  test("JSON synthesis", () => expect(json(stack)).toMatchSnapshot());
  test("HCL synthesis", () => expect(hcl(stack)).toMatchSnapshot());
});

test("the embedded default config gives the cado-response module stack snapshotted above", () => {
  const { stacks: defaults } = stacksOf(defaultConfig());
  expect(defaults.map((s) => s.node.id)).toEqual(["cado-response"]);
  const same = stacks.find((s) => s.node.id === "cado-response")!;
  expect(json(defaults[0])).toBe(json(same));
  expect(hcl(defaults[0])).toBe(hcl(same));
});

test("module stacks have required_providers only: no provider block, no backend", () => {
  const modules = stacks.filter((s) => s instanceof ScopedSsmModuleStack);
  expect(modules).toHaveLength(testConfig().profiles.length);
  for (const s of modules) {
    const config = JSON.parse(json(s));
    expect(config.provider).toBeUndefined();
    expect(config.terraform).toEqual({ required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" } } });
    expect(hcl(s)).not.toMatch(/^\s*(provider|backend)\b/m);
  }
});

test("every HCL synthesis is terraform fmt-clean", () => {
  const dir = tempDir("cdktf-fmt");
  dirs.push(dir);
  for (const s of stacks) {
    mkdirSync(join(dir, s.node.id));
    writeFileSync(join(dir, s.node.id, "cdk.tf"), hcl(s));
  }
  expect(tf(dir, ["fmt", "-check", "-list=true", "-recursive", "."])).toBe("");
});

test("the output holds no machine path and does not depend on the folder", () => {
  const again = stacksOf(testConfig()).stacks;
  const all = stacks.flatMap((s) => [json(s), hcl(s)]).join("\n");
  expect(again.flatMap((s) => [json(s), hcl(s)]).join("\n")).toBe(all);
  for (const path of [testConfigApp.outdir, tmpdir(), process.cwd(), homedir()]) expect(all).not.toContain(path);
});

test("the constructs in an app of one's own: two policies in one stack, roles from a variable", () => {
  // docs/cdktf.md's example.
  const app = testApp();
  const stack = new TerraformStack(app, "platform-access");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const roles = new TerraformVariable(stack, "ir_roles", { type: "list(string)", default: ["IrPlatformRole"] });
  const profile = {
    name: "ir-platform",
    tag: { key: "IrOptIn", values: ["yes"] },
    runCommand: { documents: ["AWS-RunShellScript"] },
  };
  const policy = new ScopedSsmPolicy(stack, "ir", { profile, roleNames: roles, tags: { team: "ir" } });
  new ScopedSsmOptIn(stack, "ir-hosts", { profile, instanceIds: ["i-0123456789abcdef0"] });
  new ScopedSsmPolicy(stack, "audit", {
    profile: { ...profile, name: "audit", runCommand: false, sessions: { documents: ["SSM-SessionManagerRunShell"] } },
  });

  const config = JSON.parse(json(stack));
  expect(config).toMatchSnapshot();
  expect(Object.keys(config.data.aws_partition)).toEqual(["current"]);
  expect(Object.keys(config.resource.aws_iam_policy)).toHaveLength(2);
  const attachments = Object.values(config.resource.aws_iam_role_policy_attachment) as any[];
  expect(attachments.map((a) => a.for_each).sort()).toEqual(["${toset([])}", "${toset(var.ir_roles)}"]);
  expect(policy.model.profile.name).toBe("ir-platform");
});

test("the example's guardrail: the SCP with the tag administrators exempt, attached to its target", () => {
  // docs/cdktf.md's example, the guardrail beside the policy (its own stack here, so that the
  // policy's snapshot above stays the policy's alone).
  const app = testApp();
  const stack = new TerraformStack(app, "platform-access");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const profile = { name: "ir-platform", tag: { key: "IrOptIn", values: ["yes"] }, runCommand: { documents: ["AWS-RunShellScript"] } };
  new ScopedSsmGuardrail(stack, "ir-guardrail", {
    profile,
    targetIds: ["r-ab12"],
    tagAdminPrincipalArns: ["arn:aws:iam::*:role/TagAdministrator"],
  });
  const config = JSON.parse(json(stack));
  const [scp] = Object.values<any>(config.resource.aws_organizations_policy);
  expect(scp.type).toBe("SERVICE_CONTROL_POLICY");
  expect(JSON.stringify(config)).toContain("arn:aws:iam::*:role/TagAdministrator");
  const [attachment] = Object.values<any>(config.resource.aws_organizations_policy_attachment);
  expect(attachment.for_each).toContain("r-ab12");
});

test("the platform's role in one's own app: trusted with the external id, every policy attached", () => {
  const stack = new TerraformStack(testApp(), "platform-role");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const policies = new ScopedSsmPolicy(stack, "ir", {
    profile: { name: "ir", tag: { key: "K", values: ["v"] }, runCommand: { documents: ["AWS-RunShellScript"] } },
  });
  new ScopedSsmPlatformRole(stack, "platform", {
    policies,
    roleName: "IrPlatform",
    trustedPrincipalArns: ["arn:aws:iam::999988887777:role/Scanner"],
    externalId: "ext-0123",
    maxSessionDuration: 7200,
  });
  const config = JSON.parse(json(stack));
  const [role] = Object.values<any>(config.resource.aws_iam_role);
  expect(role).toMatchObject({ name: "IrPlatform", max_session_duration: 7200 });
  expect(role.count).toBeUndefined();
  const trust = Object.values<any>(config.locals).find((l: any) => l?.Statement?.[0]?.Principal);
  expect(trust.Statement[0]).toEqual({
    Sid: "TrustedPrincipalsWithExternalId",
    Effect: "Allow",
    Principal: { AWS: ["arn:aws:iam::999988887777:role/Scanner"] },
    Action: ["sts:AssumeRole"],
    Condition: { StringEquals: { "sts:ExternalId": ["ext-0123"] } },
  });
  expect(Object.keys(config.resource.aws_iam_role_policy_attachment)).toHaveLength(2);
});

test("a deployment into another account: the provider assumes the role; the platform's role is created", () => {
  const app = testApp();
  addScopedSsmStacks(app, {
    profiles: [{ ...defaultConfig().profiles[0] }],
    deployments: [
      {
        name: "member",
        profile: "cado-response",
        region: "eu-west-1",
        roleNames: [],
        optInInstanceIds: [],
        assumeRoleArn: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole",
        role: { trustedPrincipalArns: ["arn:aws:iam::999988887777:root"], externalId: "cado-0123", maxSessionDuration: 3600 },
      },
    ],
  } as Config);
  const config = JSON.parse(json(app.node.findChild("member") as TerraformStack));
  expect(config.provider.aws).toEqual([
    { region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole" }] },
  ]);
  expect(Object.keys(config.resource.aws_iam_role)).toEqual(["platform"]);
  expect(config.output.role_arn.value).toBe("${aws_iam_role.platform.arn}");
});

test("docs/cdktf.md's construct example is the one tested above", () => {
  const example = docBlock("docs/cdktf.md", "## The constructs in your own app", "ts");
  const source = readFileSync(__filename, "utf8");
  const lines = example.split("\n").filter((l) => /new (Scoped|TerraformVariable|AwsProvider)/.test(l));
  expect(lines).toHaveLength(5);
  for (const line of lines) expect(source).toContain(line.trim());
});

describe("bad input is refused with the construct and field named", () => {
  const profile = { name: "x", tag: { key: "K", values: ["v"] }, runCommand: { documents: ["AWS-RunShellScript"] } };
  const stack = () => new TerraformStack(testApp(), "s");
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };

  test.each([
    [
      "a profile field",
      () => new ScopedSsmPolicy(stack(), "p", { profile: { ...profile, tag: { key: "aws:x", values: ["v"] } } }),
      /ScopedSsmPolicy s\/p: profile\.tag\.key: tag keys starting with 'aws:' are reserved/,
    ],
    [
      "an unknown profile field",
      () => new ScopedSsmPolicy(stack(), "p", { profile: { ...profile, sesions: false } as any }),
      /profile\.sesions: unknown field: did you mean "sessions"\?/,
    ],
    [
      "a role name",
      () => new ScopedSsmPolicy(stack(), "p", { profile, roleNames: ["ok", "not ok"] }),
      /roleNames\[1\]: a role name is .* \(got "not ok"\)/,
    ],
    ["a policy name", () => new ScopedSsmPolicy(stack(), "p", { profile, policyName: "a/b" }), /policyName: a policy name is/],
    [
      "a variable of the wrong type",
      () => {
        const s = stack();
        new ScopedSsmPolicy(s, "p", { profile, roleNames: new TerraformVariable(s, "v", { type: "string" }) });
      },
      /roleNames: needs a Terraform variable of type list\(string\) \(got "string"\)/,
    ],
    [
      "an instance id",
      () => new ScopedSsmOptIn(stack(), "o", { profile, instanceIds: ["i-XYZ"] }),
      /ScopedSsmOptIn s\/o: instanceIds\[0\]: an instance id is/,
    ],
    [
      "a role without an external id",
      () => {
        const s = stack();
        new ScopedSsmPlatformRole(s, "r", {
          policies: new ScopedSsmPolicy(s, "p", { profile }),
          trustedPrincipalArns: ["arn:aws:iam::999988887777:root"],
          externalId: "",
        });
      },
      /ScopedSsmPlatformRole s\/r: externalId: an external id is/,
    ],
    [
      "a role trusting a wildcard",
      () => {
        const s = stack();
        new ScopedSsmPlatformRole(s, "r", {
          policies: new ScopedSsmPolicy(s, "p", { profile }),
          trustedPrincipalArns: ["*"],
          externalId: "ext-1",
        });
      },
      /trustedPrincipalArns\[0\]: a trusted principal is/,
    ],
    ["no instance ids", () => new ScopedSsmOptIn(stack(), "o", { profile } as any), /instanceIds: is required/],
  ] as const)("%s", (_, f, message) => expect(refusal(f)).toMatch(message));
});
