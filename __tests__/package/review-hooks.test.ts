/**
 * The pull-request review files are real: every scoped-ssm command in .pre-commit-hooks.yaml and in
 * examples/github-actions/scoped-ssm-review.yml runs against this repository, through bash and the
 * package's bin (npx and scoped-ssm on PATH point at it), with the exit codes the files document.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { run as accessReport } from "../../dev/access-report/write";
import { removeDir, tempDir } from "../../dev/terraform";
import { runAsync } from "../../src/cli/main";
import { ROOT, assertBuilt } from "../support/package-app";

const HOOKS = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as {
  id: string;
  entry: string;
  files: string;
  pass_filenames?: boolean;
}[];
const WORKFLOW = parse(readFileSync(join(ROOT, "examples/github-actions/scoped-ssm-review.yml"), "utf8"));
const STEPS = WORKFLOW.jobs.review.steps as { name?: string; run?: string; uses?: string; with?: Record<string, unknown> }[];
const SEED = join(ROOT, "__tests__/fixtures/seed-default.json");

let dir: string;
let bin: string;
beforeAll(async () => {
  assertBuilt();
  dir = tempDir("review");
  // `scoped-ssm` and `npx scoped-ssm` run this repository's CLI, as after `npm ci` in a copy of it.
  bin = join(dir, "bin");
  mkdirSync(bin);
  const cli = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, "bin/scoped-ssm.js"))} "$@"`;
  writeFileSync(join(bin, "scoped-ssm"), `#!/bin/sh\n${cli}\n`);
  writeFileSync(join(bin, "npx"), `#!/bin/sh\n[ "$1" = scoped-ssm ] || { echo "unexpected: npx $*" >&2; exit 99; }\nshift\n${cli}\n`);
  chmodSync(join(bin, "scoped-ssm"), 0o755);
  chmodSync(join(bin, "npx"), 0o755);
  // A policy that lints clean: tighten's output for the seed.
  const tightened = await runAsync(["tighten", SEED, "--tag-key", "IrOptIn"], ROOT);
  expect(tightened.code).toBe(0);
  mkdirSync(join(dir, "policies"));
  writeFileSync(join(dir, "policies/clean.json"), tightened.stdout);
});
afterAll(() => removeDir(dir));

function bash(script: string, cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync("bash", ["-e", "-c", script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}` },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The scoped-ssm command lines of a script (what the test must cover). */
const commandLines = (script: string) =>
  script
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /(^|\s)scoped-ssm\s/.test(l) || /^npm run /.test(l));

test("every command in the two files is one this test runs", () => {
  const found = [...HOOKS.map((h) => h.entry), ...STEPS.flatMap((s) => (s.run ? commandLines(s.run) : []))];
  expect(found).toEqual([
    "scoped-ssm check",
    "scoped-ssm lint",
    "npm run build",
    "npx scoped-ssm check",
    'npx scoped-ssm lint --format sarif "${files[@]}" > scoped-ssm-lint.sarif',
    "npm run access-report -- --check",
  ]);
});

describe(".pre-commit-hooks.yaml", () => {
  const hook = (id: string) => HOOKS.find((h) => h.id === id)!;

  test("check: exit 0 on this repository, whose modules are current; runs on config and module changes", () => {
    const h = hook("scoped-ssm-check");
    expect(h.pass_filenames).toBe(false);
    expect(bash(h.entry, ROOT)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^modules are current\n/) });
    for (const f of ["scoped-ssm.json", "modules/cado-response/main.tf"]) expect(f).toMatch(new RegExp(h.files));
  });

  test("lint: exit 1 on a policy with errors, 0 on a clean one; runs on policy JSON files only", () => {
    const h = hook("scoped-ssm-lint");
    expect(bash(`${h.entry} ${JSON.stringify(SEED)}`, ROOT)).toMatchObject({
      status: 1,
      stdout: expect.stringContaining("untagged-command-target"),
    });
    expect(bash(`${h.entry} policies/clean.json`, dir)).toMatchObject({ status: 0 });
    for (const f of ["policies/clean.json", "iam/platform-policy.json", "ir-policies.json"]) expect(f).toMatch(new RegExp(h.files));
    for (const f of ["package.json", "scoped-ssm.json", "modules/x/main.tf"]) expect(f).not.toMatch(new RegExp(h.files));
  });
});

describe("examples/github-actions/scoped-ssm-review.yml", () => {
  const step = (name: string) => STEPS.find((s) => s.name === name)!;

  test("asks for the permissions its steps use", () => {
    expect(WORKFLOW.permissions).toEqual({ contents: "read", "security-events": "write", "pull-requests": "write" });
    expect(WORKFLOW.on).toHaveProperty("pull_request");
  });

  test("build step: the build npm test runs first, which this suite's dist/ comes from (assertBuilt)", () => {
    expect(step("Build the CLI").run).toBe("npm run build");
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.test).toBe("npm run build && jest");
    // npm ci runs the install scripts of the project (prepare among them); the package has none.
    for (const s of ["preinstall", "install", "postinstall", "prepare"]) expect(scripts[s]).toBeUndefined();
    expect(scripts.prepack).toBe("npm run build");
  });

  test("check step: exit 0 on this repository", () => {
    expect(bash(step("Generated modules are current").run!, ROOT)).toMatchObject({ status: 0 });
  });

  test("lint step: findings pass the step and become the SARIF that the upload step reads; a file that is not a policy fails it", () => {
    const lint = step("Lint policies (SARIF)").run!;
    const upload = step("Upload lint findings to code scanning");
    const work = join(dir, "lint-step");
    mkdirSync(join(work, "policies"), { recursive: true });
    writeFileSync(join(work, "policies/seed.json"), readFileSync(SEED, "utf8"));
    expect(bash(lint, work, { POLICY_FILES: WORKFLOW.env.POLICY_FILES })).toMatchObject({ status: 0 });
    const sarif = JSON.parse(readFileSync(join(work, upload.with!.sarif_file as string), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(bash(lint, work, { POLICY_FILES: "nothing/*.json" })).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("no file matches"),
    });
    writeFileSync(join(work, "policies/not-a-policy.json"), '{"name": "x"}');
    expect(bash(lint, work, { POLICY_FILES: "policies/not-a-policy.json" }).status).toBe(2);
  });

  test("access reports: the committed ones are current (the difference the comment shows is real)", async () => {
    expect(commandLines(step("Access reports are current").run!)).toEqual(["npm run access-report -- --check"]);
    expect(await accessReport(["--check"], ROOT)).toMatchObject({ code: 0, stdout: "access reports are current\n" });
  });

  test("difference and comment steps: the base...head change of modules/*/ACCESS.md becomes one comment, updated on the next push", async () => {
    // A repository whose pull request changes an access report, with the base branch fetched as origin/main.
    const repo = join(dir, "repo");
    mkdirSync(join(repo, "modules/team"), { recursive: true });
    const git = (args: string) => bash(`git -c user.name=t -c user.email=t@example.com ${args}`, repo);
    git("init -q -b main");
    writeFileSync(join(repo, "modules/team/ACCESS.md"), "| ssm:SendCommand | denied |\n");
    writeFileSync(join(repo, "modules/team/main.tf"), "# policy\n");
    git("add -A && git -c user.name=t -c user.email=t@example.com commit -q -m base && git update-ref refs/remotes/origin/main HEAD");
    writeFileSync(join(repo, "modules/team/ACCESS.md"), "| ssm:SendCommand | **allowed** |\n");
    writeFileSync(join(repo, "modules/team/main.tf"), "# policy, changed\n");
    git("commit -q -am head");
    const diffStep = step("Access-report difference").run!.replace("${{ github.base_ref }}", "main");
    expect(bash(diffStep, repo).status).toBe(0);
    const diff = readFileSync(join(repo, "access-report.diff"), "utf8");
    expect(diff).toContain("+| ssm:SendCommand | **allowed** |");
    expect(diff).not.toContain("main.tf");

    // The github-script step, with a stand-in for GitHub's API.
    const script = step("Comment the difference on the pull request").with!.script as string;
    const calls: [string, any][] = [];
    const comments: { id: number; body: string }[] = [{ id: 7, body: "unrelated" }];
    const github = {
      paginate: async (fn: any, args: any) => fn(args),
      rest: {
        issues: {
          listComments: () => comments,
          createComment: async (a: any) => {
            calls.push(["create", a]);
            comments.push({ id: 8, body: a.body });
          },
          updateComment: async (a: any) => {
            calls.push(["update", a]);
          },
        },
      },
    };
    const context = { repo: { owner: "o", repo: "r" }, issue: { number: 5 } };
    const comment = new Function("require", "github", "context", `return (async () => {\n${script}\n})();`);
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      await comment(require, github, context);
      await comment(require, github, context);
    } finally {
      process.chdir(cwd);
    }
    expect(calls.map(([kind, a]) => [kind, a.issue_number ?? a.comment_id])).toEqual([
      ["create", 5],
      ["update", 8],
    ]);
    expect(calls[0][1].body).toContain("+| ssm:SendCommand | **allowed** |");
  });
});
