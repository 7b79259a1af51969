/**
 * The design card's path, for real: `cdktf deploy` of a deploy stack (this repository's app, built
 * in dist/) against the run's AWS API emulator, read back through the AWS API, then `cdktf destroy`,
 * after which nothing of the stack remains. A deployment pinned to another account (accountId)
 * stops with Terraform's message before it creates anything. Skipped, with one line from the
 * global setup, where moto_server is not installed; CI requires it.
 */
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { canonicalPolicy } from "../../dev/policy-json";
import { emulatorAccountId, emulatorEnv, runEmulator } from "../../dev/emulator";
import { removeDir, tempDir, terraformEnv, tfAsync } from "../../dev/terraform";
import { buildModule } from "../../src/model/module";
import { envFor, evalPolicy } from "../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";
import {
  type Aws,
  attachedPolicyArns,
  awsClients,
  createRoles,
  customerPolicies,
  instanceTags,
  launchInstances,
  roleNames,
  roleTrust,
} from "../support/emulator-aws";

const ROOT = join(__dirname, "..", "..");
const endpoint = runEmulator();
const CDKTF = join(dirname(require.resolve("cdktf-cli/package.json")), require("cdktf-cli/package.json").bin.cdktf);
const profile = ProfileSchema.parse(DEFAULT_PROFILE);
const EXTERNAL_ID = "scoped-ssm-cdktf-deploy-0123";
const PLATFORM = ["arn:aws:iam::999988887777:root"];

const deployment = (name: string, accountId: string, instances: string[]) => ({
  name,
  profile: profile.name,
  region: "us-east-1",
  accountId,
  policyName: name,
  roleNames: ["IrDeployRole"],
  optInInstanceIds: instances,
  role: { name: `${name}-platform`, trustedPrincipalArns: PLATFORM, externalId: EXTERNAL_ID },
});

/** Runs the cdktf CLI in the app folder; resolves with its output, or rejects with it. */
function cdktf(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const started = Date.now();
  return new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [CDKTF, ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`cdktf ${args.join(" ")} failed:\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
    ),
  ).finally(() => process.env.SCOPED_SSM_TIMINGS && console.log(`cdktf ${args[0]}: ${(Date.now() - started) / 1000} s`));
}

const describeApply = endpoint ? describe : describe.skip;

describeApply("cdktf deploy and destroy of a deploy stack against the AWS API emulator", () => {
  const STACK = "apply-cdktf-deploy";
  const WRONG = "apply-wrong-account";
  const ours = (name: string) => name === STACK || name === WRONG;
  let aws: Aws;
  let dir: string;
  let instance: string;
  let deployed: {
    policies: Awaited<ReturnType<typeof customerPolicies>>;
    trust: any;
    attached: string[];
    platformAttached: string[];
    tags: any;
  };
  let refusal: string;
  let afterRefusal: string[];
  let destroyed: { policies: string[]; roles: string[]; attached: string[]; tags: any };

  beforeAll(async () => {
    aws = awsClients(endpoint!);
    [instance] = await launchInstances(aws, 1);
    await createRoles(aws, ["IrDeployRole"]);
    dir = tempDir("cdktf-apply");
    const config = {
      profiles: [DEFAULT_PROFILE],
      deployments: [deployment(STACK, emulatorAccountId(), [instance]), deployment(WRONG, "111111111111", [instance])],
    };
    writeFileSync(join(dir, "scoped-ssm.json"), JSON.stringify(config, null, 2));
    // The repository's app as built by `npm test` (tsc first): cdktf runs it to synthesise.
    writeFileSync(
      join(dir, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: `node ${JSON.stringify(join(ROOT, "dist", "main.js"))}`, output: "cdktf.out" }),
    );
    const env: NodeJS.ProcessEnv = {
      ...terraformEnv(),
      ...emulatorEnv(endpoint!),
      SCOPED_SSM_CONFIG: join(dir, "scoped-ssm.json"),
      CI: "1",
    };
    // --skip-provider-lock: `terraform providers lock` would ask the registry.
    await cdktf(dir, ["deploy", STACK, "--auto-approve", "--skip-provider-lock"], env);

    const policies = await customerPolicies(aws, ours);
    deployed = {
      policies,
      trust: await roleTrust(aws, `${STACK}-platform`),
      attached: await attachedPolicyArns(aws, "IrDeployRole"),
      platformAttached: await attachedPolicyArns(aws, `${STACK}-platform`),
      tags: (await instanceTags(aws, [instance]))[instance],
    };

    // The other stack, synthesised by the same deploy, pinned to another account: Terraform must refuse it.
    const wrongDir = join(dir, "cdktf.out", "stacks", WRONG);
    expect(existsSync(join(wrongDir, "cdk.tf.json"))).toBe(true);
    await tfAsync(wrongDir, ["init", "-input=false", "-no-color"], env);
    refusal = await tfAsync(wrongDir, ["apply", "-input=false", "-no-color", "-auto-approve"], env).then(
      () => "",
      (e: Error) => e.message,
    );
    afterRefusal = [...(await customerPolicies(aws, ours)).keys()];

    // The deploy synthesised the stacks: the destroy acts on them as they are.
    await cdktf(dir, ["destroy", STACK, "--auto-approve", "--skip-provider-lock", "--skip-synth"], env);
    destroyed = {
      policies: [...(await customerPolicies(aws, ours)).keys()],
      roles: await roleNames(aws),
      attached: await attachedPolicyArns(aws, "IrDeployRole"),
      tags: (await instanceTags(aws, [instance]))[instance],
    };
  }, 300_000);

  afterAll(() => dir && removeDir(dir));

  test("the deployed policy is the one the model gives for the deployment", () => {
    const model = buildModule(profile);
    const env = envFor(model, "aws", { role_names: ["IrDeployRole"], opt_in_instance_ids: [instance], policy_name: STACK });
    expect(deployed.policies.has(STACK)).toBe(true);
    expect(canonicalPolicy(deployed.policies.get(STACK)!.document)).toEqual(canonicalPolicy(evalPolicy(model, env)));
  });

  test("the platform's role trusts the platform only with the external id, and both roles hold the policy", () => {
    const arn = deployed.policies.get(STACK)!.arn;
    expect(deployed.trust.Statement).toHaveLength(1);
    expect(deployed.trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).toEqual(expect.arrayContaining([EXTERNAL_ID]));
    expect(deployed.attached).toEqual([arn]);
    expect(deployed.platformAttached).toEqual([arn]);
  });

  test("the instance carries the opt-in tag beside its own", () => {
    expect(deployed.tags).toEqual({ Owner: "forensics", [profile.tag.key]: profile.tag.values[0] });
  });

  test("a deployment pinned to another account stops with Terraform's message and creates nothing", () => {
    expect(refusal).toMatch(/AWS account ID not allowed/);
    expect(refusal).toContain(emulatorAccountId());
    expect(afterRefusal).not.toContain(WRONG);
  });

  test("cdktf destroy leaves nothing of the stack: policy, roles, attachments, tag", () => {
    expect(destroyed.policies).not.toContain(STACK);
    expect(destroyed.roles).not.toContain(`${STACK}-platform`);
    expect(destroyed.roles).toContain("IrDeployRole");
    expect(destroyed.attached).toEqual([]);
    expect(destroyed.tags).toEqual({ Owner: "forensics" });
  });
});
