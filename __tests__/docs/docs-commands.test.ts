/**
 * Every shell command of the documentation (each line of an `sh` block, each `$ ` line of a
 * `console` block, of README.md and docs/*.md) is run by a test, or is listed below with the reason
 * it cannot run here. Commands are taken one at a time: `a && b` is two commands.
 *
 * - `here`: this file runs it, offline, in a temporary folder, as the page shows it (`npx scoped-ssm`
 *   through the CLI's entry point, `npm run X` as the script package.json names, `npx cdktf` with the
 *   repository's cdktf CLI), and checks what the page says it does.
 * - `by`: another test runs it; `evidence` is text of that test that must stand in its source.
 * - `notRunnable`: why no test can run it here. Keep this list short.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { buildGuardrail } from "../../src/model/guardrail";
import { GUARDRAIL_VAR } from "../../src/model/policy";
import { envFor, evalDocument } from "../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";
import { runAsync } from "../../src/cli/main";
import { DOC_PAGES, ROOT, shellCommands } from "../support/docs";

type Coverage = { here: true } | { by: string; evidence: string } | { notRunnable: string };

const COVERAGE: Record<string, Coverage> = {
  // README.md, Quick start
  "npm ci": {
    notRunnable:
      "installs the repository's own dependencies from the registry: the suite runs inside the installation it made (.ci/run runs it first)",
  },
  "npm run generate": { here: true },
  "npm test": { notRunnable: "is the suite itself: a test that ran it would run itself (.ci/run runs it)" },

  // docs/generate-and-check.md
  "npm install --save-dev scoped-ssm": {
    by: "package/package.test.ts",
    evidence: 'name === "scoped-ssm" ? `file:${tarball}`',
  },
  "npx scoped-ssm generate": { here: true },
  "npx scoped-ssm check": { here: true },
  "npx scoped-ssm lint policy.json": { here: true },

  // docs/cdktf.md
  "npm install scoped-ssm cdktf@0.21.0 constructs@10 @cdktf/provider-aws@20": {
    by: "package/package.test.ts",
    evidence: 'docInstall(PAGE, "## Installing the constructs", "A CDKTF app installs them itself")',
  },
  "npm install --save-dev cdktf-cli@0.21.0 typescript@5.9": {
    by: "package/package.test.ts",
    evidence: 'expect(Object.keys(INSTALL.devDependencies).sort()).toEqual(["cdktf-cli", "typescript"]);',
  },
  "npm install scoped-ssm cdktn@0.24.0 @cdktn/provider-aws@25.7.0 constructs@10.7.2": {
    by: "package/package-frameworks.test.ts",
    evidence: 'installMarker: "A CDK Terrain app installs:"',
  },
  "npm install --save-dev cdktn-cli typescript": {
    notRunnable:
      "cdktn-cli is not among the repository's packages (it declares Node.js 22); package-frameworks.test.ts compiles the cdktn app with the repository's TypeScript and runs it with node instead",
  },
  "npx cdktf synth": { by: "package/package.test.ts", evidence: 'spawnSync(join(app, "node_modules/.bin/cdktf"), ["synth"]' },
  "npx cdktf synth --hcl": { here: true },
  "npm run synth": { here: true },
  "SYNTH_HCL_OUTPUT=true npm run synth": { here: true },
  "npx cdktf diff forensics-prod": {
    notRunnable: "plans against the deployment's AWS account and its S3 backend: it needs credentials and the network",
  },
  "npx cdktf deploy forensics-prod": {
    by: "cdktf/cdktf-deploy-apply.test.ts",
    evidence: 'cdktf(dir, ["deploy", STACK, "--auto-approve", "--skip-provider-lock"], env)',
  },
  "terraform -chdir=cdktf.out/stacks/cado-response init -backend=false": {
    by: "package/package.test.ts",
    evidence: 'tf(stack, ["init", "-input=false", "-no-color", "-backend=false"]);',
  },
  "terraform -chdir=cdktf.out/stacks/cado-response validate": {
    by: "package/package.test.ts",
    evidence: 'expect(tf(stack, ["validate", "-no-color"])).toContain("Success");',
  },

  // docs/lint.md, docs/tighten.md: their output is compared with the page's.
  "npx scoped-ssm lint __tests__/fixtures/seed-default.json": {
    by: "docs/lint-tighten-readme.test.ts",
    evidence: '"npx scoped-ssm lint __tests__/fixtures/seed-default.json"',
  },
  "npx scoped-ssm tighten __tests__/fixtures/seed-default.json --tag-key CadoResponseSSMEnabled > tightened.json": {
    by: "docs/lint-tighten-readme.test.ts",
    evidence: '"npx scoped-ssm tighten __tests__/fixtures/seed-default.json --tag-key CadoResponseSSMEnabled > tightened.json"',
  },

  // docs/audit.md
  "aws iam get-account-authorization-details > account.json": {
    notRunnable: "reads a real AWS account: it needs credentials and the network (the tests use the fixture account in its place)",
  },
  "npx scoped-ssm audit account.json": { here: true },
  "npx scoped-ssm audit account.json --tag-key CadoResponseSSMEnabled --tag-value True --format markdown": { here: true },
  "npx scoped-ssm audit __tests__/fixtures/audit/account-authorization-details.json": {
    by: "docs/audit-readme.test.ts",
    evidence: '"npx scoped-ssm audit __tests__/fixtures/audit/account-authorization-details.json"',
  },
  "aws organizations describe-policy --policy-id p-abcd1234 > guardrail.json": {
    notRunnable: "reads a real organisation: it needs credentials and the network (the test writes its output's shape instead)",
  },
  "npx scoped-ssm audit account.json --scp guardrail.json": { here: true },
  "npx scoped-ssm audit account.json --format json > last.json": { here: true },
  "npx scoped-ssm audit account.json --baseline last.json": { here: true },
};

const documented = DOC_PAGES.flatMap(shellCommands).flatMap((c) => c.command.split(" && ").map((command) => ({ ...c, command })));

describe("every command of the documentation is covered", () => {
  test("each command has one entry, and each entry a command", () => {
    const uncovered = documented.filter((c) => !(c.command in COVERAGE)).map((c) => `${c.page}:${c.line}: ${c.command}`);
    expect(uncovered).toEqual([]);
    const stale = Object.keys(COVERAGE).filter((command) => !documented.some((c) => c.command === command));
    expect(stale).toEqual([]);
  });

  test.each(Object.entries(COVERAGE).filter(([, c]) => "by" in c) as [string, { by: string; evidence: string }][])(
    "%s: run by the test named",
    (_, { by, evidence }) => {
      expect(readFileSync(join(__dirname, "..", by), "utf8")).toContain(evidence);
    },
  );

  test("the list of commands that cannot run here stays short, each with its reason", () => {
    const listed = Object.values(COVERAGE).filter((c) => "notRunnable" in c) as { notRunnable: string }[];
    expect(listed.length).toBeLessThanOrEqual(6);
    for (const c of listed) expect(c.notRunnable.length).toBeGreaterThan(40);
  });
});

// ---- The commands run here ----

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const ran = new Set<string>();
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
/** The build step an npm script starts with: `npm test` has just run it. */
const BUILD = "tsc -p tsconfig.json && ";

/** Runs one documented command in `cwd` as the page shows it. */
async function sh(command: string, cwd: string): Promise<Result> {
  if (!documented.some((c) => c.command === command)) throw new Error(`not a documented command: ${command}`);
  if (!("here" in COVERAGE[command])) throw new Error(`not listed as run here: ${command}`);
  ran.add(command);
  const [, assignments, rest] = /^((?:\w+=\S+ )*)(.*)$/.exec(command)!;
  const env = Object.fromEntries(
    assignments
      .trim()
      .split(" ")
      .filter(Boolean)
      .map((a) => a.split("=") as [string, string]),
  );
  const [, line, target] = /^(.*?)(?: > (\S+))?$/.exec(rest)!;
  const words = line.split(" ");
  let r: Result;
  if (words[0] === "npx" && words[1] === "scoped-ssm") {
    r = await runAsync(words.slice(2), cwd);
  } else if (words[0] === "npm" && words[1] === "run" && words.length === 3) {
    // npm runs a script from the package's root; its relative paths are taken from there.
    const script: string = pkg.scripts[words[2]];
    const run = script.startsWith(BUILD) ? script.slice(BUILD.length) : script;
    const [program, ...args] = run.split(" ");
    expect(program).toBe("node");
    const p = spawnSync(process.execPath, [join(ROOT, args[0]), ...args.slice(1)], {
      cwd,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    r = { code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
  } else if (words[0] === "npx" && words[1] === "cdktf") {
    const p = spawnSync(join(ROOT, "node_modules/.bin/cdktf"), words.slice(2), {
      cwd,
      env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "true", CI: "1" },
      encoding: "utf8",
    });
    r = { code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
  } else {
    throw new Error(`no way to run ${command}`);
  }
  if (target) writeFileSync(join(cwd, target), r.stdout);
  return r;
}

let dir: string;
beforeEach(() => (dir = tempDir("docs-commands")));
afterEach(() => removeDir(dir));

test("README's quick start: `npm run generate` renders the embedded default profile into modules/", async () => {
  expect(pkg.scripts.generate).toBe(`${BUILD}node bin/scoped-ssm.js generate`);
  expect(await sh("npm run generate", dir)).toMatchObject({ code: 0, stderr: "" });
  expect(readdirSync(join(dir, "modules"))).toEqual(["cado-response"]);
  expect(readdirSync(join(dir, "modules/cado-response"))).toEqual(expect.arrayContaining(["main.tf", "guardrail", "stackset", "detect"]));
});

test("generate-and-check.md: generate, check, lint", async () => {
  expect(await sh("npx scoped-ssm generate", dir)).toMatchObject({ code: 0, stderr: "" });
  expect(existsSync(join(dir, "modules/cado-response/main.tf"))).toBe(true);
  expect(await sh("npx scoped-ssm check", dir)).toEqual({ code: 0, stdout: "modules are current\n", stderr: "" });
  copyFileSync(join(ROOT, "__tests__/fixtures/seed-default.json"), join(dir, "policy.json"));
  const lint = await sh("npx scoped-ssm lint policy.json", dir);
  expect(lint.code).toBe(1);
  expect(lint.stdout).toContain("untagged-command-target");
});

test("cdktf.md: `npm run synth`, with SYNTH_HCL_OUTPUT and `npx cdktf synth --hcl`: one configuration per stack folder", async () => {
  const stack = join(dir, "cdktf.out/stacks/cado-response");
  expect(await sh("npm run synth", dir)).toMatchObject({ code: 0 });
  expect(readdirSync(stack)).toEqual(["cdk.tf.json"]);
  expect(await sh("SYNTH_HCL_OUTPUT=true npm run synth", dir)).toMatchObject({ code: 0 });
  expect(readdirSync(stack).sort()).toEqual(["cdk.tf", "metadata.json"]);
  expect(await sh("npm run synth", dir)).toMatchObject({ code: 0 });
  expect(readdirSync(stack)).toEqual(["cdk.tf.json"]);
  // The repository's cdktf.json, with the app as `npm test` has built it (its tsc step writes into dist/).
  const cdktf = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8"));
  expect(cdktf.app).toMatch(/ && node dist\/main\.js$/);
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ ...cdktf, app: `node ${JSON.stringify(join(ROOT, "dist/main.js"))}` }));
  const hcl = await sh("npx cdktf synth --hcl", dir);
  expect([hcl.code, hcl.stdout]).toEqual([0, expect.stringContaining("Generated Terraform code for the stacks: cado-response")]);
  expect(readdirSync(stack).sort()).toEqual(["cdk.tf", "metadata.json"]);
  expect(readFileSync(join(stack, "cdk.tf"), "utf8")).toContain('resource "aws_iam_policy" "this"');
}, 60_000);

test("audit.md: the account, a markdown report, an SCP, and a baseline that leaves only what is new", async () => {
  // Stands for `aws iam get-account-authorization-details > account.json`.
  copyFileSync(join(ROOT, "__tests__/fixtures/audit/account-authorization-details.json"), join(dir, "account.json"));
  const text = await sh("npx scoped-ssm audit account.json", dir);
  expect([text.code, text.stderr]).toEqual([1, ""]);
  expect(text.stdout).toContain("opt-in tag CadoResponseSSMEnabled = True (profile cado-response, the embedded default)");
  const markdown = await sh("npx scoped-ssm audit account.json --tag-key CadoResponseSSMEnabled --tag-value True --format markdown", dir);
  expect(markdown.code).toBe(1);
  expect(markdown.stdout).toMatch(/^\|.*\|$/m);

  // Stands for `aws organizations describe-policy ... > guardrail.json`: our guardrail's SCP, in its shape.
  const guardrail = buildGuardrail(ProfileSchema.parse(DEFAULT_PROFILE));
  const content = evalDocument(guardrail.statements, envFor(guardrail, "aws", { [GUARDRAIL_VAR.tagAdminPrincipalArns]: [] }));
  const policy = { PolicySummary: { Id: "p-abcd1234", Name: "opt-in-guardrail", Type: "SERVICE_CONTROL_POLICY", AwsManaged: false } };
  writeFileSync(join(dir, "guardrail.json"), JSON.stringify({ Policy: { ...policy, Content: JSON.stringify(content) } }));
  const scp = await sh("npx scoped-ssm audit account.json --scp guardrail.json", dir);
  expect(scp.code).toBe(1);
  expect(scp.stdout).toContain("opt-in-guardrail (p-abcd1234)");
  expect(scp.stdout).toContain("\nblocked by SCP");

  const json = await sh("npx scoped-ssm audit account.json --format json > last.json", dir);
  expect(json.code).toBe(1);
  expect(JSON.parse(readFileSync(join(dir, "last.json"), "utf8")).findings.length).toBeGreaterThan(10);
  const baseline = await sh("npx scoped-ssm audit account.json --baseline last.json", dir);
  expect([baseline.code, baseline.stderr]).toEqual([0, ""]);
});

test("every command listed as run here was run by a test above", () => {
  expect(
    Object.entries(COVERAGE)
      .filter(([command, c]) => "here" in c && !ran.has(command))
      .map(([command]) => command),
  ).toEqual([]);
});
