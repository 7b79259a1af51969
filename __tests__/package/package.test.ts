/**
 * The npm package as a user gets it: what the tarball holds, and a fresh CDKTF app outside the
 * repository, with its own versions of cdktf, constructs (10.4.2, not the repository's 10.7.2) and
 * @cdktf/provider-aws, that installs the tarball offline (with an empty npm cache of its own and no
 * registry, so the result does not depend on what the machine's npm cache holds), compiles and runs the construct
 * example of docs/cdktf.md, and validates the synthesised stack with Terraform; the CLI from the installed package
 * generates into the app's own modules/.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir, tf } from "../../dev/terraform";
import { ROOT, assertBuilt, isolatedNpmEnv, npm, pack, preinstall, writeJson } from "../support/package-app";
import { docBlock, docInstall } from "../support/docs";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const APP_CONSTRUCTS = "10.4.2";
const PAGE = "docs/cdktf.md";
const EXAMPLE = "## The constructs in your own app";
/** What the CDKTF page tells a CDKTF app to install. */
const INSTALL = docInstall(PAGE, "## Installing the constructs", "A CDKTF app installs them itself");
/** The version the app gets: the tarball, constructs 10.4.2, else this repository's pinned one. */
const versionFor = (name: string, tarball: string) =>
  name === "scoped-ssm" ? `file:${tarball}` : name === "constructs" ? APP_CONSTRUCTS : pkg.devDependencies[name];
const versions = (names: Record<string, string>, tarball: string) =>
  Object.fromEntries(Object.keys(names).map((n) => [n, versionFor(n, tarball)]));

let work: string;
let app: string;
let files: string[];
beforeAll(() => {
  assertBuilt();
  work = tempDir("package");
  const packed = pack(work);
  files = packed.files;
  app = join(work, "app");
  mkdirSync(app);
  writeJson(join(app, "package.json"), {
    name: "my-platform-access",
    version: "1.0.0",
    private: true,
    dependencies: versions(INSTALL.dependencies, packed.tarball),
    devDependencies: versions(INSTALL.devDependencies, packed.tarball),
  });
  const others = Object.keys({ ...INSTALL.dependencies, ...INSTALL.devDependencies }).filter(
    (n) => !["scoped-ssm", "constructs"].includes(n),
  );
  preinstall(app, [...others, ...Object.keys(pkg.dependencies)], { constructs: "constructs-10-4" });
  npm(app, ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], isolatedNpmEnv(join(work, "npm-cache")));
}, 120_000);
afterAll(() => removeDir(work));

describe("the tarball", () => {
  test("holds what users need and nothing of the repository's tests, tooling or CI", () => {
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "bin/scoped-ssm.js",
      "scoped-ssm.schema.json",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/cli/main.js",
      "templates/module/main.tf.hbs",
    ])
      expect(files).toContain(f);
    const outside = files.filter(
      (f) =>
        !/^(bin|dist\/src|templates)\//.test(f) &&
        !["package.json", "README.md", "LICENSE", "CHANGELOG.md", "scoped-ssm.schema.json"].includes(f),
    );
    expect(outside).toEqual([]);
  });

  test("no shipped file loads the AGPL simulator or policy library", () => {
    const shipped = files.filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(app, "node_modules/scoped-ssm", f), "utf8"));
    expect(shipped.length).toBeGreaterThan(20);
    for (const text of shipped)
      expect(text).not.toMatch(/require\("[^"]*(@cloud-copilot\/iam-(simulate|policy)|\/dev\/|__tests__)[^"]*"\)/);
  });

  test("is a public package whose CDKTF libraries are peers, pinned for development", () => {
    expect(pkg.private).toBeUndefined();
    for (const peer of ["cdktf", "constructs", "@cdktf/provider-aws"]) {
      expect(pkg.dependencies[peer]).toBeUndefined();
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.devDependencies[peer]).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(pkg.exports["."]).toEqual({ types: "./dist/src/index.d.ts", default: "./dist/src/index.js" });
  });
});

describe("a fresh CDKTF app outside the repository", () => {
  test("installs what the page's install lines name, at versions those lines accept", () => {
    expect(Object.keys(INSTALL.dependencies).sort()).toEqual(["@cdktf/provider-aws", "cdktf", "constructs", "scoped-ssm"]);
    // cdktf-cli gives `npx cdktf` its executable; TypeScript compiles main.ts.
    expect(Object.keys(INSTALL.devDependencies).sort()).toEqual(["cdktf-cli", "typescript"]);
    for (const [name, wanted] of Object.entries({ ...INSTALL.dependencies, ...INSTALL.devDependencies })) {
      const installed = JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
      expect([name, `${installed}.`.startsWith(`${wanted}.`) || wanted === ""]).toEqual([name, true]);
    }
    expect(existsSync(join(app, "node_modules/.bin/cdktf"))).toBe(true);
  });

  test("keeps one copy of constructs: its own", () => {
    expect(existsSync(join(app, "node_modules/scoped-ssm/node_modules"))).toBe(false);
    const constructs = require.resolve("constructs/package.json", { paths: [join(app, "node_modules/scoped-ssm")] });
    expect(constructs).toBe(join(app, "node_modules/constructs/package.json"));
    expect(JSON.parse(readFileSync(constructs, "utf8")).version).toBe(APP_CONSTRUCTS);
  });

  test("`npx cdktf synth` of the page's construct example, cdktf.json and tsconfig.json; the package's stacks synthesised as JSON then HCL; Terraform validates both", () => {
    writeFileSync(join(app, "main.ts"), docBlock(PAGE, EXAMPLE, "ts"));
    writeFileSync(join(app, "cdktf.json"), docBlock(PAGE, EXAMPLE, "json cdktf.json"));
    // node16 resolution reads the package's exports map and its types condition.
    writeFileSync(join(app, "tsconfig.json"), docBlock(PAGE, EXAMPLE, "json tsconfig.json"));
    // What `npx cdktf synth` runs: the app's own cdktf executable (no registry), without telemetry.
    const synth = spawnSync(join(app, "node_modules/.bin/cdktf"), ["synth"], {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "true", CI: "1" },
    });
    expect([synth.status, synth.stderr]).toEqual([0, expect.any(String)]);
    expect(synth.stdout).toContain("Generated Terraform code for the stacks: platform-access");
    const node = (file: string, env: Record<string, string> = {}) =>
      execFileSync(process.execPath, [file], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: "cdktf.out", ...env }, stdio: "pipe" });
    const stack = join(app, "cdktf.out/stacks/platform-access");
    expect(readdirSync(stack)).toEqual(["cdk.tf.json"]);
    const config = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8"));
    expect(Object.keys(config.resource).sort()).toEqual([
      "aws_ec2_tag",
      "aws_iam_policy",
      "aws_iam_role_policy_attachment",
      "aws_organizations_policy",
      "aws_organizations_policy_attachment",
    ]);

    // The repository's app from the installed package (the embedded default profile), as
    // `npx cdktf synth` and then `npx cdktf synth --hcl` run it: one configuration is left.
    writeFileSync(join(app, "synth.js"), 'require("scoped-ssm").synthScopedSsmApp();\n');
    node("synth.js", { SYNTH_HCL_OUTPUT: "false" });
    const module = join(app, "cdktf.out/stacks/cado-response");
    expect(readdirSync(module)).toEqual(["cdk.tf.json"]);
    node("synth.js", { SYNTH_HCL_OUTPUT: "true" });
    expect(readdirSync(module).sort()).toEqual(["cdk.tf", "metadata.json"]);

    // One init and one validate: the example's stack, calling the module stack's folder as the
    // page's "Using a synthesised module" does (a folder with both files would fail here).
    writeJson(join(stack, "zz_test_module.tf.json"), {
      module: { ir_ssm: { source: "../cado-response", role_names: ["IrPlatformRole"] } },
    });
    tf(stack, ["init", "-input=false", "-no-color", "-backend=false"]);
    expect(tf(stack, ["validate", "-no-color"])).toContain("Success");
  });

  test("npx scoped-ssm: the package's version, its own config and modules/, the schema path from node_modules", () => {
    const cli = (args: string[]) => spawnSync(join(app, "node_modules/.bin/scoped-ssm"), args, { cwd: app, encoding: "utf8" });
    expect(cli(["--version"]).stdout).toBe(`${pkg.version}\n`);
    const schema = "./node_modules/scoped-ssm/scoped-ssm.schema.json";
    expect(existsSync(join(app, schema))).toBe(true);
    writeJson(join(app, "scoped-ssm.json"), {
      $schema: schema,
      profiles: [{ name: "forensics", tag: { key: "ForensicsOptIn", values: ["yes"] }, runCommand: { documents: ["AWS-RunShellScript"] } }],
    });
    const generated = cli(["generate"]);
    expect([generated.status, generated.stderr]).toEqual([0, ""]);
    expect(readdirSync(join(app, "modules"))).toEqual(["forensics"]);
    expect(readdirSync(join(app, "modules/forensics"))).toContain("main.tf");
    expect(cli(["check"])).toMatchObject({ status: 0, stdout: "modules are current\n" });

    // What the messages and files tell a package user to run is a command the app has.
    const main = join(app, "modules/forensics/main.tf");
    const text = readFileSync(main, "utf8");
    expect(text.split("\n")[0]).toContain("then run `npx scoped-ssm generate`.");
    writeFileSync(main, `${text}# edited\n`);
    const stale = cli(["check"]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("stale generated files (run `npx scoped-ssm generate`):");
    const scripts = JSON.parse(readFileSync(join(app, "package.json"), "utf8")).scripts ?? {};
    expect(scripts.generate).toBeUndefined();
    for (const f of ["modules/forensics/README.md", "modules/forensics/guardrail/README.md"]) {
      const readme = readFileSync(join(app, f), "utf8");
      expect(readme).not.toContain("npm run");
      // Links stay inside what the app has: the README's own anchors and AWS's pages.
      const targets = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
      expect(targets.length).toBeGreaterThan(5);
      for (const t of targets) {
        if (t.startsWith("#")) expect(readme).toContain(`<a id="${t.slice(1)}"></a>`);
        else expect(t).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      }
    }
  });
});
