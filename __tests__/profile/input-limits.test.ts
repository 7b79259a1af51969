/**
 * Profiles at the edges of what AWS can hold: one that can never fit in managed policies is refused
 * before anything is written (a 22 MB config at once, without building its policy), by generate and
 * by the CDKTF app; the port-forwarding shorthand `sessions: { portForwarding: true }` is accepted.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { synthScopedSsmApp } from "../../src/cdktf/app";
import { run } from "../../src/cli/main";
import { buildModule } from "../../src/model/module";
import { evalPolicies, envFor } from "../../src/model/policy-document";
import { InputError } from "../../src/base/errors";
import { PORT_FORWARDING_DOCUMENTS } from "../../src/profile/limits";
import { ProfileSchema } from "../../src/profile/schema";

let cwd: string;
beforeEach(() => (cwd = tempDir("input-limits")));
afterEach(() => removeDir(cwd));

const profile = (values: string[]) => ({
  name: "big",
  tag: { key: "K", values },
  runCommand: { documents: ["AWS-RunShellScript"] },
});

test("a 22 MB config of tag values: exit 2 within seconds, naming tag.values and the limit, nothing written", () => {
  const values = Array.from({ length: 85_000 }, (_, i) => `${i}-`.padEnd(256, "x"));
  writeFileSync(join(cwd, "scoped-ssm.json"), JSON.stringify({ profiles: [profile(values)] }));
  const started = Date.now();
  const r = run(["generate"], cwd);
  expect(r).toMatchObject({ code: 2, stdout: "" });
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toContain("scoped-ssm.json: profiles[0].tag.values: 85,000 tag values make a policy statement of at least");
  expect(r.stderr).toContain("IAM allows at most 6,144");
  // Refused before its policy is built (building it took 3 s, writing it 19 s).
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(readdirSync(cwd)).toEqual(["scoped-ssm.json"]);
}, 30_000);

test("the CDKTF app refuses a profile that can never fit before it synthesises anything", () => {
  const values = Array.from({ length: 700 }, (_, i) => `value-${i}`);
  writeFileSync(join(cwd, "scoped-ssm.json"), JSON.stringify({ profiles: [profile(values)] }));
  let error: unknown;
  try {
    synthScopedSsmApp({ cwd, outdir: "cdktf.out" });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).problems).toEqual([
    { file: "scoped-ssm.json", path: "profiles[0].tag.values", message: expect.stringContaining("IAM allows at most 6,144") },
  ]);
  expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
});

describe("sessions: { portForwarding: true } without documents", () => {
  const p = ProfileSchema.parse({ ...profile(["yes"]), runCommand: false, sessions: { portForwarding: true } });

  test("is port forwarding only: the AWS port-forwarding documents, no shell document", () => {
    expect(p.sessions).toEqual({ documents: [], portForwarding: true, kmsKeyArns: [], dataChannel: "sessions" });
    const model = buildModule(p);
    const docs = evalPolicies(model, envFor(model, "aws"))
      .flatMap((d) => d.Statement)
      .filter((s) => s.Action.includes("ssm:StartSession"))
      .flatMap((s) => s.Resource)
      .filter((r) => r.includes(":document/"));
    expect(docs.sort()).toEqual(PORT_FORWARDING_DOCUMENTS.map((d) => `arn:aws:ssm:*::document/${d}`).sort());
  });

  test("generates through the CLI", () => {
    writeFileSync(
      join(cwd, "scoped-ssm.json"),
      JSON.stringify({ profiles: [{ ...profile(["yes"]), sessions: { portForwarding: true } }] }),
    );
    expect(run(["generate"], cwd)).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(join(cwd, "modules/big/main.tf"))).toBe(true);
  });
});
