/**
 * Property-based tests: for random valid profiles (odd tag keys and values within AWS's limits,
 * both match modes, any targets, documents, flags and scope), the policy the module renders is
 * simulated and must keep the safety properties of support/policy-properties.ts.
 *
 * Bounded: each property stops after NUM_RUNS profiles or TIME_LIMIT_MS, whichever comes first.
 * Reproduce a failure with the seed fast-check prints: FC_SEED=<seed> npx jest property-policy.
 */
import fc from "fast-check";
import { buildModule } from "../../src/model/module";
import { type PolicyDocument, envFor, evalPolicy } from "../../src/model/policy-document";
import { LIMITS } from "../../src/profile/limits";
import { type Profile, ProfileSchema } from "../../src/profile/schema";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { type Sample, arnTakingActionsOnStar, isAccepted, policyViolations, sameIgnoringCase } from "../support/policy-properties";

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 25);
const TIME_LIMIT_MS = Number(process.env.FC_TIME_LIMIT_MS ?? 3_000);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const params = (numRuns = NUM_RUNS): fc.Parameters<unknown> => ({
  numRuns,
  interruptAfterTimeLimit: TIME_LIMIT_MS,
  seed: SEED,
});

// ---- strings ---------------------------------------------------------------------------------

/** Pieces of tag strings: odd characters AWS accepts in EC2 tags, words, any script. */
const ODD = [
  " ",
  "$",
  "{",
  "}",
  "${",
  "${aws:userid}",
  "${aws:PrincipalAccount}",
  "${$}",
  "*",
  "?",
  '"',
  "\\",
  "/",
  ":",
  "=",
  "+",
  "-",
  "@",
  "_",
  ".",
  "é",
  "ß",
  "İ",
  "ı",
  "Σ",
  "ς",
  "ǅ",
  "K",
  "日本",
  "\n",
  "\t",
  "%{",
  "&{",
  "'",
  "<",
  ">",
  "|",
  "`",
  "#",
  "[",
  "]",
  ",",
  "True",
  "true",
  "TRUE",
];
/** The same, restricted to what SSM accepts on hybrid nodes: letters, digits, spaces and _ . : / = + - @. */
const HYBRID_SAFE = ODD.filter((s) => LIMITS.ssmTagPattern.test(s));

const piece = (hybrid: boolean) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(hybrid ? HYBRID_SAFE : ODD)) },
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }).filter((s) => !hybrid || LIMITS.ssmTagPattern.test(s)),
    },
  );
const tagString = (hybrid: boolean, minPieces: number, maxPieces: number) =>
  fc.array(piece(hybrid), { minLength: minPieces, maxLength: maxPieces }).map((ps) => ps.join("").normalize("NFC"));

/**
 * Tag keys. Without line breaks: the simulator cannot hold a condition key such as
 * `ssm:resourceTag/a<newline>b` (it throws "Condition key ... not found"); values may have them.
 */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const tagKey = (hybrid: boolean) =>
  tagString(hybrid, 1, 6)
    .map((k) => (k.toLowerCase().startsWith("aws:") ? `x${k}` : k))
    .filter((k) => k.length >= 1 && k.length <= LIMITS.tagKeyMax && !LINE_BREAK.test(k) && (!hybrid || LIMITS.ssmTagPattern.test(k)));
const tagValue = (hybrid: boolean) =>
  fc
    .oneof(
      { weight: 1, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constant("x".repeat(LIMITS.tagValueMax)) },
      { weight: 8, arbitrary: tagString(hybrid, 1, 6) },
    )
    .filter((v) => v.length <= LIMITS.tagValueMax && (!hybrid || LIMITS.ssmTagPattern.test(v)));

const documentName = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9_.-]{3,24}$/),
  fc
    .tuple(fc.constantFrom("AWS-", "aws", "Amazon", "AMZN-", "amzn", "SSM-", "Team-"), fc.stringMatching(/^[a-zA-Z0-9_.-]{3,16}$/))
    .map(([a, b]) => a + b),
  fc.constantFrom("AWS-RunShellScript", "AWS-RunPowerShellScript", "SSM-SessionManagerRunShell", "AWS-StartPortForwardingSession"),
);
const documents = fc.oneof(
  { weight: 1, arbitrary: fc.constant(false as const) },
  { weight: 3, arbitrary: fc.uniqueArray(documentName, { minLength: 1, maxLength: 4 }).map((d) => ({ documents: d })) },
);
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"];
const accountId = fc.stringMatching(/^\d{12}$/);

// ---- profiles --------------------------------------------------------------------------------

/** Any valid profile: built from the pieces above, then validated by the profile schema. */
const profileArb: fc.Arbitrary<Profile> = fc
  .record({ hybridNodes: fc.boolean(), ec2Instances: fc.boolean() })
  .filter((t) => t.hybridNodes || t.ec2Instances)
  .chain(({ hybridNodes, ec2Instances }) =>
    fc.record(
      {
        name: fc.constant("prop"),
        tag: fc.record({
          key: tagKey(hybridNodes),
          values: fc.uniqueArray(tagValue(hybridNodes), { minLength: 1, maxLength: 3 }),
          match: fc.constantFrom("exact" as const, "ignoreCase" as const),
        }),
        ec2Instances: fc.constant(ec2Instances),
        hybridNodes: fc.constant(hybridNodes),
        runCommand: documents,
        sessions: documents,
        readActions: fc.boolean(),
        protectTag: fc.boolean(),
        scope: fc.record(
          {
            regions: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 }),
            accounts: fc.uniqueArray(accountId, { minLength: 1, maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ["name", "tag", "ec2Instances", "hybridNodes", "runCommand", "sessions", "readActions", "protectTag", "scope"] },
    ),
  )
  .filter((raw) => raw.runCommand !== false || raw.sessions !== false)
  .map((raw) => {
    const parsed = ProfileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`the generator made an invalid profile: ${parsed.error.message}\n${JSON.stringify(raw)}`);
    return parsed.data;
  });

const partitionOf = (region: string) => (region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws");

/** As the simulator compares ignoring case: a RegExp with flag i and no u, one UTF-16 unit at a time. */
const simulatorFolds = (c: string, t: string) => new RegExp(`^${c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i").test(t);

/**
 * A case variant of s: each character kept, lowered or raised (when that keeps its length).
 * With `foldable`, only changes the simulator folds back: its RegExp never folds a non-ASCII letter
 * onto an ASCII one (ı and I, ſ and S, the Kelvin sign and K) nor letters outside the BMP (Osage,
 * Deseret). How IAM folds those is not documented.
 */
const anyCase = (s: string, foldable: boolean) =>
  fc.array(fc.constantFrom("keep", "lower", "upper"), { minLength: [...s].length, maxLength: [...s].length }).map((how) =>
    [...s]
      .map((c, i) => {
        const t = how[i] === "lower" ? c.toLowerCase() : how[i] === "upper" ? c.toUpperCase() : c;
        return t.length === c.length && (!foldable || simulatorFolds(c, t)) ? t : c;
      })
      .join(""),
  );

/** The requests to try for a profile. */
const sampleArb = (p: Profile): fc.Arbitrary<Sample> => {
  const runDocs = p.runCommand === false ? [] : p.runCommand.documents;
  const sessionDocs = p.sessions === false ? [] : p.sessions.documents;
  const notAccepted = (v: string) => !isAccepted(p, v);
  return fc
    .record({
      region: fc.constantFrom(...(p.scope.regions ?? REGIONS)),
      account: p.scope.accounts ? fc.constantFrom(...p.scope.accounts) : accountId,
      acceptedValue: fc.constantFrom(...p.tag.values),
      otherValue: fc.oneof(tagValue(false), fc.constantFrom("False", "no", "")).filter(notAccepted),
      keyAnyCase: anyCase(p.tag.key, true),
      otherKey: fc.oneof(tagKey(false), fc.constant("Name")).filter((k) => !sameIgnoringCase(k, p.tag.key)),
      unapprovedRunDocument: documentName.filter((d) => !runDocs.includes(d)),
      unapprovedSessionDocument: fc
        .oneof(documentName, fc.constantFrom(...runDocs, "AWS-RunShellScript"))
        .filter((d) => !sessionDocs.includes(d)),
      otherUserId: fc.constantFrom("AROAOTHERPRINCIPAL:analyst", "AROAEXAMPLEID:platform-session-2", "AROAEXAMPLEID"),
      valueOtherCase: fc.constantFrom(...p.tag.values).chain((v) => anyCase(v, false)),
      otherAccount: accountId,
    })
    .filter((s) => s.otherAccount !== s.account && !(p.scope.accounts ?? []).includes(s.otherAccount))
    .map((s) => ({
      ...s,
      partition: partitionOf(s.region),
      valueOtherCase: s.valueOtherCase !== s.acceptedValue && !p.tag.values.includes(s.valueOtherCase) ? s.valueOtherCase : undefined,
    }));
};

/** The module's policy as planned in the principal's account (its own documents' ARNs carry that id). */
const policyOf = (p: Profile, partition: string, account = "111122223333"): PolicyDocument => {
  const model = buildModule(p);
  return evalPolicy(model, envFor(model, partition, {}, account));
};

const caseArb = profileArb.chain((p) => sampleArb(p).map((s) => ({ p, s })));

// ---- properties ------------------------------------------------------------------------------

describe("for random valid profiles, the rendered policy", () => {
  test("never allows commands or sessions outside opted-in nodes and approved documents, never grants ARN-taking actions on *, and denies opt-in tag changes", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ p, s }) => {
        const violations = await policyViolations(p, policyOf(p, s.partition, s.account), s);
        if (violations.length) throw new Error(`profile ${JSON.stringify(p)}\n${violations.join("\n")}`);
      }),
      params(),
    );
  });

  test("grants nothing that takes a resource ARN on * (static check, more profiles)", async () => {
    await fc.assert(
      fc.asyncProperty(profileArb, async (p) => {
        expect(await arnTakingActionsOnStar(policyOf(p, "aws"))).toEqual([]);
      }),
      params(150),
    );
  });
});

// ---- the checker fails on broken policies ----------------------------------------------------

describe("the checker catches broken policies", () => {
  const p = ProfileSchema.parse({ ...DEFAULT_PROFILE, hybridNodes: true });
  const s: Sample = {
    partition: "aws",
    region: "us-east-1",
    account: "111122223333",
    otherAccount: "444455556666",
    acceptedValue: "True",
    otherValue: "False",
    valueOtherCase: "true",
    keyAnyCase: "cadoresponseSSMENABLED",
    otherKey: "Name",
    unapprovedRunDocument: "AWS-RunPatchBaseline",
    unapprovedSessionDocument: "AWS-RunShellScript",
    otherUserId: "AROAOTHERPRINCIPAL:analyst",
  };
  const good = policyOf(p, "aws");
  /** A copy of the good policy with one statement changed. */
  const broken = (sid: string, change: (st: PolicyDocument["Statement"][number]) => void): PolicyDocument => {
    const doc: PolicyDocument = JSON.parse(JSON.stringify(good));
    const st = doc.Statement.find((x) => x.Sid === sid);
    if (!st) throw new Error(`no statement ${sid}`);
    change(st);
    return doc;
  };

  test("the real policy has no violations", async () => {
    expect(await policyViolations(p, good, s)).toEqual([]);
  });

  test.each<[string, () => PolicyDocument, RegExp]>([
    [
      "no tag condition on SendCommand",
      () => broken("SendCommandOnOptedInNodes", (st) => delete st.Condition),
      /^node untagged: ssm:SendCommand/m,
    ],
    [
      "values compared ignoring case",
      () =>
        broken("StartSessionOnOptedInNodes", (st) => {
          st.Condition = { StringEqualsIgnoreCase: st.Condition!.StringEquals, BoolIfExists: st.Condition!.BoolIfExists };
        }),
      /^node the accepted value in another case: ssm:StartSession/m,
    ],
    [
      "condition on the tag's existence only",
      () =>
        broken("SendCommandOnOptedInNodes", (st) => (st.Condition = { StringLike: { "ssm:resourceTag/CadoResponseSSMEnabled": ["*"] } })),
      /^node the opt-in key with another value/m,
    ],
    [
      "any document",
      () => broken("SendCommandWithAwsDocuments", (st) => (st.Resource = ["arn:aws:ssm:*:*:document/*"])),
      /^unapproved document: ssm:SendCommand/m,
    ],
    [
      "own documents in any account",
      () => broken("StartSessionWithOwnDocuments", (st) => (st.Resource = st.Resource.map((r) => r.replace(":111122223333:", ":*:")))),
      /^approved document name in another account: ssm:StartSession/m,
    ],
    [
      "no session-document check on a document statement",
      () => broken("StartSessionWithOwnDocuments", (st) => delete st.Condition!.BoolIfExists),
      /^StartSessionWithOwnDocuments allows ssm:StartSession without the session-document check/m,
    ],
    [
      "SendCommand on *",
      () => broken("ReadsWithoutResourceArn", (st) => st.Action.push("ssm:SendCommand")),
      /ReadsWithoutResourceArn: ssm:SendCommand on "\*" takes resource types/,
    ],
    ["any session", () => broken("ManageOwnSessions", (st) => delete st.Condition), /^another principal's session: ssm:TerminateSession/m],
    [
      "no tag protection",
      () => ({ ...good, Statement: good.Statement.filter((x) => x.Sid !== "ProtectOptInTag") }),
      /^tag mutation of the opt-in key: ec2:CreateTags/m,
    ],
    [
      "tag keys compared case-sensitively",
      () =>
        broken(
          "ProtectOptInTag",
          (st) => (st.Condition = { "ForAnyValue:StringEquals": st.Condition!["ForAnyValue:StringEqualsIgnoreCase"] }),
        ),
      /^tagging at launch with the opt-in key/m,
    ],
    [
      "hybrid nodes left out of the deny",
      () => broken("ProtectOptInTag", (st) => (st.Action = ["ec2:CreateTags", "ec2:DeleteTags"])),
      /^tag mutation of the opt-in key: ssm:AddTagsToResource/m,
    ],
    [
      "activations left out of the deny",
      () => ({ ...good, Statement: good.Statement.filter((x) => x.Sid !== "ProtectOptInTagAtRegistration") }),
      /^tag mutation of the opt-in key: ssm:CreateActivation/m,
    ],
    [
      "Auto Scaling left out of the deny",
      () => broken("ProtectOptInTag", (st) => (st.Action = st.Action.filter((a) => !a.startsWith("autoscaling:")))),
      /^tag mutation of the opt-in key: autoscaling:CreateAutoScalingGroup/m,
    ],
    [
      "removing every tag at once left out",
      () => ({ ...good, Statement: good.Statement.filter((x) => x.Sid !== "ProtectOptInTagFromUntagAll") }),
      /^removing every tag of an opted-in instance: ec2:DeleteTags/m,
    ],
    [
      "the deny on every resource type",
      () => broken("ProtectOptInTag", (st) => (st.Resource = ["*"])),
      /^the opt-in key on a snapshot: ec2:CreateTags/m,
    ],
    ["a deny of all tagging", () => broken("ProtectOptInTag", (st) => delete st.Condition), /^tag mutation of another key/m],
  ])("%s", async (_, policy, expected) => {
    expect((await policyViolations(p, policy(), s)).join("\n")).toMatch(expected);
  });

  test("tag values written as policy variables", async () => {
    const hostile = ProfileSchema.parse({ ...DEFAULT_PROFILE, tag: { key: "Opt", values: ["${aws:userid}"] } });
    const sample = { ...s, acceptedValue: "${aws:userid}", keyAnyCase: "OPT" };
    const policy = policyOf(hostile, "aws");
    expect(await policyViolations(hostile, policy, sample)).toEqual([]);
    // Unescaped, IAM would resolve the value: a node tagged with the caller's own id would be opted in.
    const unescaped: PolicyDocument = JSON.parse(JSON.stringify(policy).split("${$}").join("$"));
    expect((await policyViolations(hostile, unescaped, sample)).join("\n")).toMatch(/^node an accepted value read as policy variables/m);
  });

  test("the property fails, with a counterexample, for a generator of broken policies", async () => {
    const result = await fc.check(
      fc.asyncProperty(caseArb, async ({ p, s }) => {
        const doc = policyOf(p, s.partition);
        // Tag scoping lost: the node statements without their conditions.
        for (const st of doc.Statement) if (st.Sid.endsWith("OnOptedInNodes")) delete st.Condition;
        return (await policyViolations(p, doc, s)).length === 0;
      }),
      params(50),
    );
    expect(result.failed).toBe(true);
  });
});
