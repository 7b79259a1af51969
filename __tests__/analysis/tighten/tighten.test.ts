/**
 * tighten: the seed's policies become the generated module's policy; unrelated statements stay as
 * they were; what cannot be carried over is refused rather than widened.
 */
import { tighten } from "../../../src/analysis/tighten";
import type { TightenOptions } from "../../../src/analysis/tighten";
import { buildModule } from "../../../src/model/module";
import { envFor, evalPolicy } from "../../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../../src/profile/default-profile";
import { InputError } from "../../../src/base/errors";
import { ProfileSchema, type ProfileInput } from "../../../src/profile/schema";
import { lintPolicy } from "../../support/lint";
import { fixture } from "../../support/inputs";

const KEY = "CadoResponseSSMEnabled";
const run = (policy: unknown, opts: Partial<TightenOptions> = {}) => tighten(policy, "input.json", { tagKey: KEY, ...opts });
/** The module's policy; own documents in `account` ("*" where the input names no account and --account is not given). */
const generated = (p: ProfileInput, partition = "aws", account = "*") => {
  const model = buildModule(ProfileSchema.parse(p));
  return evalPolicy(model, envFor(model, partition, {}, account)).Statement;
};
/** A generated policy's statements less the actions an input never granted (a statement left with none goes). */
const narrowed = (statements: ReturnType<typeof generated>, granted: string[]) =>
  statements.flatMap((s) => {
    if (s.Effect === "Deny") return [s];
    const Action = s.Action.filter((a) => granted.includes(a));
    return Action.length ? [{ ...s, Action }] : [];
  });
const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const sids = (policy: any) => policy.Statement.map((s: any) => s.Sid);
/** What the seed's policies name: no ResumeSession, no data channel, no GetCommandInvocation. */
const SEED_ACTIONS = ["ssm:SendCommand", "ssm:StartSession", "ssm:TerminateSession", "ssm:DescribeInstanceInformation"];
const SEED_OUTPUT = narrowed(generated(DEFAULT_PROFILE), SEED_ACTIONS);
const SEED_SIDS = SEED_OUTPUT.map((s) => s.Sid);
const SSM_ACTIONS = [
  "ssm:SendCommand",
  "ssm:StartSession",
  "ssm:ResumeSession",
  "ssm:TerminateSession",
  "ssm:DescribeInstanceInformation",
  "ssm:GetCommandInvocation",
];

describe.each(["seed-default.json", "seed-tightened.json"])("%s", (name) => {
  test("becomes the default module's policy, less the actions it never granted", async () => {
    const { policy } = await run(fixture(name));
    expect(policy).toEqual({ Version: "2012-10-17", Statement: SEED_OUTPUT });
    expect(SEED_SIDS).not.toContain("OpenDataChannels");
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

  test("it adds no action the input did not grant, and says which it left out and why", async () => {
    const { actions } = await run(fixture(name));
    expect(actions.added).toEqual([]);
    expect(actions.scoped.sort()).toEqual([...SEED_ACTIONS].sort());
    expect(actions.notAdded.map((n) => n.action)).toEqual(["ssm:ResumeSession", "ssmmessages:OpenDataChannel", "ssm:GetCommandInvocation"]);
    expect(actions.notAdded[1].why).toMatch(/Session Manager client needs it/);
    expect(actions.removed).toEqual([]);
  });
});

test("the changes say what was removed, what was added and why, and what was decided", async () => {
  const { changes, inferred } = await run(fixture("seed-default.json"));
  expect(changes[0]).toMatch(/^- Statement\[0\] \(RequiredForTriageAndRunCommand\): removed; it allowed ssm:SendCommand, ssm:StartSession/);
  expect(changes.filter((c) => c.startsWith("+ ")).map((c) => c.slice(2, c.indexOf(":")))).toEqual(SEED_SIDS);
  // Narrowed: the "why" speaks of resuming too, so the line says what is not granted.
  expect(changes).toContain(
    "+ ManageOwnSessions: Resume or end only the sessions this principal started. (ssm:TerminateSession; not ssm:ResumeSession, which the input does not grant)",
  );
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
    expect(policy.Statement).toEqual([unrelated, ...SEED_OUTPUT, deny]);
  });

  test("a statement that also allows other actions keeps them, its resources and its conditions", async () => {
    const mixed = { Sid: "Mixed", Effect: "Allow", Action: ["s3:GetObject", "ssm:SendCommand", "ssm:GetParameter"], Resource: "*" };
    const { policy, changes } = await run(doc(mixed), { documents: ["AWS-RunShellScript"] });
    expect(policy.Statement).toEqual([
      { ...mixed, Action: ["s3:GetObject", "ssm:GetParameter"] },
      ...generated({
        ...DEFAULT_PROFILE,
        hybridNodes: true,
        sessions: false,
        runCommand: { documents: ["AWS-RunShellScript"] },
        readActions: false,
      }),
    ]);
    expect(changes).toContain("~ Statement[0] (Mixed): kept without ssm:SendCommand");
  });

  test("a Sid the input already uses is not reused", async () => {
    const { policy } = await run(doc({ ...unrelated, Sid: "ProtectOptInTag" }, fixture("seed-default.json").Statement[0]));
    expect(sids(policy)).toEqual(["ProtectOptInTag", ...SEED_SIDS.map((x) => (x === "ProtectOptInTag" ? "ProtectOptInTagScoped" : x))]);
  });
});

describe("wildcards", () => {
  test("ssm:* is taken out whole, never expanded: its command and session grants stay, scoped; what it cannot scope is listed, not kept", async () => {
    const { policy, changes, actions, size } = await run(doc({ Sid: "All", Effect: "Allow", Action: "ssm:*", Resource: "*" }));
    // "*" reached hybrid nodes too; ssm:* never covered ssmmessages:OpenDataChannel.
    expect(policy.Statement).toEqual(narrowed(generated({ ...DEFAULT_PROFILE, hybridNodes: true }), SSM_ACTIONS));
    expect(JSON.stringify(policy)).not.toContain('"ssm:*"');
    expect(actions.notKept).toHaveLength(1);
    expect(actions.notKept[0]).toMatchObject({ statement: "Statement[0] (All)", patterns: ["ssm:*"] });
    expect(actions.notKept[0].actions.length).toBeGreaterThan(100);
    expect(actions.notKept[0].actions).toEqual(
      expect.arrayContaining(["ssm:CreateAssociation", "ssm:StartAutomationExecution", "ssm:AddTagsToResource", "ssm:GetParameter"]),
    );
    expect(actions.removed).toEqual(expect.arrayContaining(["ssm:CreateAssociation", "ssm:ListCommandInvocations", "ssm:GetParameter"]));
    expect(actions.added).toEqual([]);
    expect(changes[0]).toMatch(
      /^- Statement\[0\] \(All\): removed; .*ssm:\* taken out whole, not expanded: \d+ other actions it covered are not kept/,
    );
    expect(size.chars).toBeLessThan(size.limit);
    const findings = await lintPolicy(policy);
    expect(findings.filter((f) => f.severity !== "note")).toEqual([]);
  });

  test("a narrower wildcard (ssm:Start*) goes the same way; the actions it covered that cannot be scoped are not kept", async () => {
    const { policy, actions } = await run(
      doc({ Sid: "Start", Effect: "Allow", Action: ["ssm:Start*", "ssm:SendCommand", "s3:GetObject"], Resource: "*" }),
    );
    expect((policy.Statement as any[])[0]).toEqual({ Sid: "Start", Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" });
    expect(actions.notKept[0].actions).toEqual(expect.arrayContaining(["ssm:StartAutomationExecution", "ssm:StartAssociationsOnce"]));
    expect(actions.notKept[0].actions).not.toContain("ssm:StartSession");
  });

  test('Action "*" and NotAction become NotAction lists that leave out the scoped actions and what cannot be scoped', async () => {
    const { policy, actions } = await run(
      doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }),
      { documents: ["AWS-RunShellScript"] },
    );
    const [star, notAction] = (policy.Statement as any[]).filter((s) => s.NotAction);
    expect(star.NotAction).toEqual(
      expect.arrayContaining([
        "ssm:SendCommand",
        "ssm:StartSession",
        "ssm:DescribeInstanceInformation",
        "ssm:CreateAssociation",
        "ecs:ExecuteCommand",
      ]),
    );
    expect(notAction.NotAction.slice(0, 1)).toEqual(["iam:*"]);
    expect(actions.notKept.map((n) => n.actions)).toEqual([
      expect.arrayContaining(["ssm:StartAutomationExecution", "ecs:ExecuteCommand"]),
      expect.arrayContaining(["ecs:ExecuteCommand"]),
    ]);
    expect(actions.unscoped).toEqual([]);
    const findings = await lintPolicy(policy);
    // What is left is the NotAction statements themselves.
    expect(new Set(findings.filter((f) => f.severity !== "note").map((f) => `${f.ruleId} ${f.at}`))).toEqual(
      new Set(["allow-with-not-action NotAction"]),
    );
  });

  test("an indirect path the input names is kept as written, and listed as not scoped", async () => {
    const { policy, actions } = await run(
      doc({ Sid: "Ops", Effect: "Allow", Action: ["ssm:SendCommand", "ssm:CreateAssociation"], Resource: "*" }),
    );
    expect((policy.Statement as any[])[0]).toEqual({ Sid: "Ops", Effect: "Allow", Action: ["ssm:CreateAssociation"], Resource: "*" });
    expect(actions.unscoped).toEqual([{ statement: "Statement[0] (Ops)", actions: ["ssm:CreateAssociation"] }]);
  });
});

describe("what the input says carries over", () => {
  test("the partition of its ARNs, or --partition", async () => {
    const gov = JSON.parse(JSON.stringify(fixture("seed-default.json")).replace(/arn:aws:/g, "arn:aws-us-gov:"));
    expect((await run(gov)).policy.Statement).toEqual(narrowed(generated(DEFAULT_PROFILE, "aws-us-gov"), SEED_ACTIONS));
    expect((await run(gov, { partition: "aws-cn" })).policy.Statement).toEqual(
      narrowed(generated(DEFAULT_PROFILE, "aws-cn"), SEED_ACTIONS),
    );
  });

  test('hybrid nodes when it covers them (named, or "*") or --hybrid-nodes asks; its regions and accounts', async () => {
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
    expect(seed.policy.Statement).toEqual(narrowed(generated({ ...DEFAULT_PROFILE, hybridNodes: true }), SEED_ACTIONS));
    const star = await run(doc({ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }));
    expect(star.inferred!.decisions).toContain('hybrid nodes (managed-instance/*) included (the input granted "*")');
    expect((star.policy.Statement as any[])[0].Resource).toEqual(["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:managed-instance/*"]);
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
    const granted = ["ssm:StartSession", "ssm:DescribeInstanceInformation"];
    expect((await run(input)).policy.Statement).toEqual(narrowed(generated(expected), granted));
    const override = await run(input, { sessionDocuments: ["SSM-SessionManagerRunShell"], tagValues: ["True"] });
    expect(override.policy.Statement).toEqual(
      narrowed(
        generated({ ...expected, tag: { ...expected.tag, values: ["True"] }, sessions: { documents: ["SSM-SessionManagerRunShell"] } }),
        granted,
      ),
    );
  });

  test("the tag key of its condition when --tag-key is not given", async () => {
    const withKey = await run(fixture("seed-tightened.json"));
    const inferred = await tighten(fixture("seed-tightened.json"), "input.json", {});
    expect(inferred.policy).toEqual(withKey.policy);
    expect(inferred.inferred!.decisions[0]).toBe(`opt-in tag key ${KEY} (from the input's tag condition; pass --tag-key to change)`);
  });

  test("a tag value with a literal $, written ${$} in IAM, is read back as the character", async () => {
    const input = doc({
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*::document/AWS-RunShellScript"],
      Condition: { StringEquals: { [`ssm:resourceTag/${KEY}`]: "on${$}{x}" } },
    });
    const expected: ProfileInput = {
      name: "x",
      tag: { key: KEY, values: ["on${x}"] },
      runCommand: { documents: ["AWS-RunShellScript"] },
      readActions: false,
    };
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
      doc({
        Sid: "Ip",
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: "*",
        Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
      }),
      {},
      /Statement\[0\] \(Ip\)\.Condition\.IpAddress\.aws:SourceIp: tighten keeps no condition but the opt-in tag/,
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
      doc({
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: "*",
        Condition: { StringEquals: { [`ssm:resourceTag/${KEY}`]: "${aws:PrincipalTag/team}" } },
      }),
      {},
      /hold policy variables \(\$\{aws:PrincipalTag\/team\}\): name the accepted values with --tag-value/,
    ));

  test("ARNs of several partitions, a bad --partition, a reserved tag key", async () => {
    const mixed = doc({
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws-cn:ec2:*:*:instance/*"],
    });
    await refuses(mixed, {}, /several partitions \(aws, aws-cn\): choose one with --partition/);
    await refuses(
      fixture("seed-default.json"),
      { partition: "gov" },
      /--partition: must be one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc \(got "gov"\)/,
    );
    await refuses(fixture("seed-default.json"), { partition: "aws-moon" }, /--partition: must be one of/);
    await refuses(
      JSON.parse(JSON.stringify(fixture("seed-default.json")).replace(/arn:aws:/g, "arn:aws-moon:")),
      {},
      /ARNs name the partition aws-moon, which is none of aws, /,
    );
    await refuses(fixture("seed-default.json"), { tagKey: "aws:x" }, /--tag-key: tag keys starting with 'aws:' are reserved/);
  });

  test("no --tag-key and no tag condition to read it from; tag conditions on several keys", async () => {
    await refuses(
      fixture("seed-default.json"),
      { tagKey: undefined },
      /--tag-key: is required: the key of the opt-in tag \(the input has no ssm:resourceTag\/KEY or aws:ResourceTag\/KEY condition/,
    );
    const two = doc(
      {
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringEquals: { "ssm:resourceTag/A": "1" } },
      },
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringEquals: { "ssm:resourceTag/B": "1" } },
      },
    );
    await refuses(
      two,
      { tagKey: undefined },
      /the input's tag conditions name several keys \(A, B\): choose the opt-in key with --tag-key/,
    );
  });

  test("a result over IAM's 6,144 characters, naming the largest statements", async () => {
    const buckets = Array.from({ length: 120 }, (_, i) => `arn:aws:s3:::incident-evidence-bucket-${i}/*`);
    const input = doc({ Sid: "Evidence", Effect: "Allow", Action: ["ssm:SendCommand", "s3:PutObject"], Resource: ["*", ...buckets] });
    await refuses(
      input,
      {},
      /the tightened policy would hold \d+ characters, over IAM's limit of 6144 for a managed policy \(whitespace not counted\); its largest statements: Statement\[0\] \(Evidence\) \d+/,
    );
  });
});
