/**
 * The constructs beyond CDKTF with AWS provider 5: the packed tarball installed, offline, into a
 * fresh CDK Terrain app (cdktn, constructs in cdktn's range, @cdktn/provider-aws 25 for AWS
 * provider 6, importing `scoped-ssm/cdktn`) and into a fresh CDKTF app with @cdktf/provider-aws 21
 * (AWS provider 6). Each compiles and runs its example of docs/cdktf.md on this machine's Node (20), and
 * the synthesised JSON holds the scoped policy. Terraform validates each stack where the AWS
 * provider version it pins can be installed; otherwise the run says it could not.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { providerInstallation, removeDir, tempDir, tf } from "../../dev/terraform";
import { ROOT, assertBuilt, isolatedNpmEnv, npm, pack, preinstall, writeJson } from "../support/package-app";
import { docBlock, docInstall } from "../support/docs";

const PAGE = "docs/cdktf.md";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const dev = pkg.devDependencies;

interface Framework {
  name: string;
  /** The app's dependencies besides scoped-ssm. */
  dependencies: Record<string, string>;
  /** Packages of the repository's node_modules that the app gets under another name (npm aliases). */
  renamed?: Record<string, string>;
  /** The heading of docs/cdktf.md whose ts block is the app. */
  heading: string;
  /** The phrase before the page's install block for this framework, when it has one of its own. */
  installMarker?: string;
  /** The provider binding whose pinned AWS provider version the stack requires. */
  binding: string;
}

const FRAMEWORKS: Framework[] = [
  {
    name: "CDK Terrain",
    dependencies: { cdktn: dev.cdktn, constructs: dev.constructs, "@cdktn/provider-aws": dev["@cdktn/provider-aws"] },
    heading: "## CDK Terrain (cdktn)",
    installMarker: "A CDK Terrain app installs:",
    binding: "@cdktn/provider-aws",
  },
  {
    name: "CDKTF with @cdktf/provider-aws 21",
    dependencies: { cdktf: dev.cdktf, constructs: dev.constructs, "@cdktf/provider-aws": dev["@cdktf/provider-aws-21"].split("@").pop() },
    renamed: { "@cdktf/provider-aws-21": "@cdktf/provider-aws" },
    heading: "## The constructs in your own app",
    binding: "@cdktf/provider-aws-21",
  },
];

/** The AWS provider version a binding pins (its package.json says which it was generated for). */
const pinnedProvider = (binding: string): string =>
  JSON.parse(readFileSync(join(ROOT, "node_modules", binding, "package.json"), "utf8")).cdktf.provider.version;

/** Whether Terraform can install that version here: from the mirror when there is one, else the registry. */
function canInstall(version: string): boolean {
  const installation = providerInstallation();
  if (installation.kind === "registry") return true;
  const dir = join(installation.path, "registry.terraform.io", "hashicorp", "aws");
  return existsSync(dir) && readdirSync(dir).some((e) => e === version || e.includes(`_${version}_`));
}

let work: string;
let tarball: string;
beforeAll(() => {
  assertBuilt();
  work = tempDir("frameworks");
  tarball = pack(work).tarball;
}, 60_000);
afterAll(() => work && removeDir(work));

describe.each(FRAMEWORKS)("a fresh $name app outside the repository", (f) => {
  let app: string;
  let config: any;

  beforeAll(() => {
    app = join(work, f.name.replace(/\W+/g, "-"));
    mkdirSync(app);
    writeJson(join(app, "package.json"), {
      name: "my-platform-access",
      version: "1.0.0",
      private: true,
      dependencies: { ...f.dependencies, "scoped-ssm": `file:${tarball}` },
    });
    const aliases = Object.fromEntries(Object.entries(f.renamed ?? {}).map(([folder, name]) => [name, folder]));
    preinstall(app, [...Object.keys(f.dependencies).filter((d) => !(d in aliases)), ...Object.keys(pkg.dependencies)], aliases);
    npm(
      app,
      ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"],
      isolatedNpmEnv(join(app, "..", `npm-cache-${f.binding}`)),
    );

    writeFileSync(join(app, "main.ts"), docBlock(PAGE, f.heading, "ts"));
    writeJson(join(app, "tsconfig.json"), {
      compilerOptions: { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, skipLibCheck: true, types: [] },
      files: ["main.ts"],
    });
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: app, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    execFileSync(process.execPath, ["main.js"], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: "cdktf.out" }, stdio: "pipe" });
    config = JSON.parse(readFileSync(join(app, "cdktf.out/stacks/platform-access/cdk.tf.json"), "utf8"));
  }, 120_000);

  test("installs what the page's install line names, one copy of each", () => {
    if (f.installMarker) {
      const { dependencies } = docInstall(PAGE, f.heading, f.installMarker);
      const named = Object.fromEntries(Object.entries(dependencies).filter(([n]) => n !== "scoped-ssm"));
      expect(named).toEqual(f.dependencies);
    }
    for (const [name, version] of Object.entries(f.dependencies))
      expect(JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version).toBe(version);
    expect(existsSync(join(app, "node_modules/scoped-ssm/node_modules"))).toBe(false);
  });

  test("the synthesised stack holds the scoped policy, its attachments and the opt-in tags", () => {
    expect(Object.keys(config.resource).sort()).toEqual([
      "aws_ec2_tag",
      "aws_iam_policy",
      "aws_iam_role_policy_attachment",
      "aws_organizations_policy",
      "aws_organizations_policy_attachment",
    ]);
    const text = JSON.stringify(config.locals);
    expect(text).toContain("ssm:SendCommand");
    expect(text).toContain("ssm:resourceTag/IrOptIn");
    expect(config.resource.aws_ec2_tag).toBeDefined();
    // The guardrail: an SCP that denies the opt-in key to all but the tag administrators.
    const scp = Object.values<any>(config.resource.aws_organizations_policy)[0];
    expect(scp.type).toBe("SERVICE_CONTROL_POLICY");
    expect(text).toContain('"aws:PrincipalArn":["arn:aws:iam::*:role/TagAdministrator"]');
    expect(config.terraform.required_providers.aws.version).toBe(pinnedProvider(f.binding));
    expect(pinnedProvider(f.binding)).toMatch(/^6\./);
  });

  const version = pinnedProvider(f.binding);
  const validates = canInstall(version) ? test : test.skip;
  if (!canInstall(version))
    console.log(`scoped-ssm: could not validate the ${f.name} stack: AWS provider ${version} is not in this machine's provider mirror`);
  validates("Terraform validates the synthesised stack", () => {
    const stack = join(app, "cdktf.out/stacks/platform-access");
    tf(stack, ["init", "-input=false", "-no-color", "-backend=false"]);
    expect(tf(stack, ["validate", "-no-color"])).toContain("Success");
  });
});
