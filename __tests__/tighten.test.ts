/**
 * tighten: the seed's policies become the generated module's policy; unrelated statements stay as
 * they were; what cannot be carried over is refused rather than widened.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tighten } from "../src/analysis/tighten";
import type { TightenOptions } from "../src/analysis/tighten";
import { buildModule } from "../src/model/module";
import { envFor, evalPolicy } from "../src/model/policy-document";
import { DEFAULT_PROFILE } from "../src/profile/default-profile";
import { InputError } from "../src/profile/errors";
import { ProfileSchema, type ProfileInput } from "../src/profile/schema";
import { lintPolicy } from "./support/lint";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"));
const KEY = "CadoResponseSSMEnabled";
const run = (policy: unknown, opts: Partial<TightenOptions> = {}) => tighten(policy, "input.json", { tagKey: KEY, ...opts });
const generated = (p: ProfileInput, partition = "aws") => {
  const model = buildModule(ProfileSchema.parse(p));
  return evalPolicy(model, envFor(model, partition)).Statement;
};
const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const sids = (policy: any) => policy.Statement.map((s: any) => s.Sid);
const GENERATED_SIDS = generated(DEFAULT_PROFILE).map((s) => s.Sid);

describe.each(["seed-default.json", "seed-tightened.json"])("%s", (name) => {
  test("becomes exactly the default module's policy", async () => {
    const { policy } = await run(fixture(name));
    expect(policy).toEqual({ Version: "2012-10-17", Statement: generated(DEFAULT_PROFILE) });
  });

  test("its output lints clean: no error, no warning", async () => {
    const { policy } = await run(fixture(name));
    const findings = await lintPolicy(policy);
    expect(findings.map((f) => [f.severity, f.ruleId])).toEqual([
      ["note", "hard-coded-partition"],
      ["note", "hybrid-nodes-not-covered"],
    ]);
  });

  test("tightening twice changes nothing more", async () => {
    const once = (await run(fixture(name))).policy;
    expect((await run(once)).policy).toEqual(once);
  });
});

test("the changes say what was removed, what was added and why, and what was decided", async () => {
  const { changes, inferred } = await run(fixture("seed-default.json"));
  expect(changes[0]).toMatch(/^- RequiredForTriageAndRunCommand \(Statement\[0\]\): removed; it allowed ssm:SendCommand, ssm:StartSession/);
  expect(changes.filter((c) => c.startsWith("+ ")).map((c) => c.slice(2, c.indexOf(":")))).toEqual(GENERATED_SIDS);
  expect(inferred!.decisions).toEqual(
    expect.arrayContaining([
      "partition aws (the partition of the input's ARNs)",
      `opt-in tag ${KEY} = True (default; pass --tag-value to change)`,
      "Run Command documents AWS-RunShellScript, AWS-RunPowerShellScript (from the input)",
      "not for StartSession: AWS-RunShellScript, AWS-RunPowerShellScript (Run Command documents, which StartSession never checks)",
    ]),
  );
});

describe("unrelated statements", () => {
  const unrelated = { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/ir/*" };
  const deny = { Effect: "Deny", Action: "ssm:SendCommand", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } };

  test("are kept exactly as written and where they were; the generated ones follow what is left of the first broad one", async () => {
    const input = doc(unrelated, fixture("seed-default.json").Statement[0], deny);
    const { policy } = await run(input);
    expect(policy.Statement).toEqual([unrelated, ...generated(DEFAULT_PROFILE), deny]);
  });

  test("a statement that also allows other actions keeps them, its resources and its conditions", async () => {
    const mixed = { Sid: "Mixed", Effect: "Allow", Action: ["s3:GetObject", "ssm:SendCommand", "ssm:GetParameter"], Resource: "*" };
    const { policy, changes } = await run(doc(mixed), { documents: ["AWS-RunShellScript"] });
    expect(policy.Statement).toEqual([{ ...mixed, Action: ["s3:GetObject", "ssm:GetParameter"] }, ...generated({ ...DEFAULT_PROFILE, sessions: false, runCommand: { documents: ["AWS-RunShellScript"] }, readActions: false })]);
    expect(changes).toContain("~ Mixed (Statement[0]): kept without ssm:SendCommand");
  });

  test("a Sid the input already uses is not reused", async () => {
    const { policy } = await run(doc({ ...unrelated, Sid: "ProtectOptInTag" }, fixture("seed-default.json").Statement[0]));
    expect(sids(policy)).toEqual(["ProtectOptInTag", ...GENERATED_SIDS.slice(0, -1), "ProtectOptInTagScoped"]);
  });
});

describe("wildcards", () => {
  test("ssm:* is replaced by every other SSM action, so that it no longer grants the scoped ones", async () => {
    const { policy, changes } = await run(doc({ Sid: "All", Effect: "Allow", Action: "ssm:*", Resource: "*" }));
    const all = (policy.Statement as any[])[0];
    expect(all.Action).toEqual(expect.arrayContaining(["ssm:GetParameter", "ssm:CreateDocument", "ssm:AddTagsToResource"]));
    for (const a of ["ssm:SendCommand", "ssm:StartSession", "ssm:TerminateSession", "ssm:DescribeInstanceInformation"])
      expect(all.Action).not.toContain(a);
    expect(changes.join("\n")).toMatch(/ssm:\* was replaced by the \d+ other actions it covers/);
    const findings = await lintPolicy(policy);
    // Left for now: the indirect command paths ssm:* also covers (lint reports each).
    expect(new Set(findings.filter((f) => f.severity !== "note").map((f) => f.ruleId))).toEqual(new Set(["indirect-command-path"]));
  });

  test('Action "*" and NotAction become NotAction lists that leave the scoped actions out', async () => {
    const { policy } = await run(
      doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }),
      { documents: ["AWS-RunShellScript"] },
    );
    const [star, notAction] = (policy.Statement as any[]).filter((s) => s.NotAction);
    expect(star.NotAction).toEqual(expect.arrayContaining(["ssm:SendCommand", "ssm:StartSession", "ssm:DescribeInstanceInformation"]));
    expect(notAction.NotAction.slice(0, 1)).toEqual(["iam:*"]);
    const findings = await lintPolicy(policy);
    // What is left is what tighten cannot narrow: ECS Exec, and the NotAction statements themselves.
    expect(new Set(findings.filter((f) => f.severity !== "note").map((f) => `${f.ruleId} ${f.at}`))).toEqual(
      new Set(["allow-with-not-action NotAction", "untagged-command-target NotAction", "indirect-command-path NotAction"]),
    );
    expect(findings.find((f) => f.ruleId === "untagged-command-target")!.message).toMatch(/^NotAction leaves in ecs:ExecuteCommand on/);
  });
});

describe("what the input says carries over", () => {
  test("the partition of its ARNs, or --partition", async () => {
    const gov = JSON.parse(JSON.stringify(fixture("seed-default.json")).replace(/arn:aws:/g, "arn:aws-us-gov:"));
    expect((await run(gov)).policy.Statement).toEqual(generated(DEFAULT_PROFILE, "aws-us-gov"));
    expect((await run(gov, { partition: "aws-cn" })).policy.Statement).toEqual(generated(DEFAULT_PROFILE, "aws-cn"));
  });

  test("hybrid nodes when it names them or --hybrid-nodes asks; its regions and accounts", async () => {
    const input = doc({
      Effect: "Allow",
      Action: ["ssm:SendCommand"],
      Resource: ["arn:aws:ssm:eu-west-1:111122223333:managed-instance/*", "arn:aws:ssm:eu-west-1::document/AWS-RunShellScript"],
    });
    const profile: ProfileInput = {
      name: "x",
      tag: { key: KEY, values: ["yes"] },
      ec2Instances: false,
      hybridNodes: true,
      runCommand: { documents: ["AWS-RunShellScript"] },
      readActions: false,
      scope: { regions: ["eu-west-1"], accounts: ["111122223333"] },
    };
    expect((await run(input, { tagValues: ["yes"] })).policy.Statement).toEqual(generated(profile));
    const seed = await run(fixture("seed-default.json"), { hybridNodes: true });
    expect(seed.policy.Statement).toEqual(generated({ ...DEFAULT_PROFILE, hybridNodes: true }));
  });

  test("session documents it names, and the tag values and case-insensitive match of its condition", async () => {
    const input = doc(
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*::document/AWS-StartPortForwardingSession"],
        Condition: { StringEqualsIgnoreCase: { [`aws:ResourceTag/${KEY}`]: ["on", "yes"] } },
      },
      { Effect: "Allow", Action: "ssm:DescribeInstanceInformation", Resource: "*" },
    );
    const expected: ProfileInput = {
      name: "x",
      tag: { key: KEY, values: ["on", "yes"], match: "ignoreCase" },
      runCommand: false,
      sessions: { documents: ["AWS-StartPortForwardingSession"] },
    };
    expect((await run(input)).policy.Statement).toEqual(generated(expected));
    const override = await run(input, { sessionDocuments: ["SSM-SessionManagerRunShell"], tagValues: ["True"] });
    expect(override.policy.Statement).toEqual(
      generated({ ...expected, tag: { ...expected.tag, values: ["True"] }, sessions: { documents: ["SSM-SessionManagerRunShell"] } }),
    );
  });

  test("a tag value with a literal $, written ${$} in IAM, is read back as the character", async () => {
    const input = doc({
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*::document/AWS-RunShellScript"],
      Condition: { StringEquals: { [`ssm:resourceTag/${KEY}`]: "on${$}{x}" } },
    });
    const expected: ProfileInput = { name: "x", tag: { key: KEY, values: ["on${x}"] }, runCommand: { documents: ["AWS-RunShellScript"] }, readActions: false };
    const { policy } = await run(input);
    expect(policy.Statement).toEqual(generated(expected));
    expect((policy.Statement as any[])[0].Condition.StringEquals[`ssm:resourceTag/${KEY}`]).toEqual(["on${$}{x}"]);
  });

  test("a policy that grants neither Run Command nor sessions is left as it is", async () => {
    const input = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    const { policy, changes } = await run(input);
    expect(policy).toEqual(input);
    expect(changes).toEqual([expect.stringMatching(/^nothing to tighten/)]);
  });
});

describe("refusals: never silently wider", () => {
  const refuses = async (input: unknown, opts: Partial<TightenOptions>, message: RegExp) => {
    const error = await run(input, opts).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  };

  test("a condition other than the opt-in tag, which the generated statements would not carry", () =>
    refuses(
      doc({ Sid: "Ip", Effect: "Allow", Action: "ssm:SendCommand", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } } }),
      {},
      /Ip \(Statement\[0\]\)\.Condition\.IpAddress\.aws:SourceIp: tighten keeps no condition but the opt-in tag/,
    ));

  test("a tag condition on another key than --tag-key", () =>
    refuses(fixture("seed-tightened.json"), { tagKey: "Other" }, /ssm:resourceTag\/CadoResponseSSMEnabled: tighten keeps no condition/));

  test("tag values given as patterns", () =>
    refuses(
      doc({ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*", Condition: { StringLike: { [`ssm:resourceTag/${KEY}`]: "T*" } } }),
      {},
      /accepts tag values by pattern \(T\*\): name the accepted values with --tag-value/,
    ));

  test("tag values that are policy variables", () =>
    refuses(
      doc({ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*", Condition: { StringEquals: { [`ssm:resourceTag/${KEY}`]: "${aws:PrincipalTag/team}" } } }),
      {},
      /hold policy variables \(\$\{aws:PrincipalTag\/team\}\): name the accepted values with --tag-value/,
    ));

  test("ARNs of several partitions, a bad --partition, a reserved tag key", async () => {
    const mixed = doc({ Effect: "Allow", Action: "ssm:SendCommand", Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws-cn:ec2:*:*:instance/*"] });
    await refuses(mixed, {}, /several partitions \(aws, aws-cn\): choose one with --partition/);
    await refuses(fixture("seed-default.json"), { partition: "gov" }, /--partition: is a partition such as aws/);
    await refuses(fixture("seed-default.json"), { tagKey: "aws:x" }, /--tag-key: tag keys starting with 'aws:' are reserved/);
  });
});
