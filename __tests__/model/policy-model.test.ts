import cases from "../cases/policy-model.json";
import { evalList } from "../../src/model/expr";
import { FACTS } from "../../src/model/facts";
import { buildModule } from "../../src/model/module";
import { partitionOfRegion } from "../../src/model/partitions";
import { envFor, evalPolicy } from "../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";
import { hclList, hclStr } from "../../src/emit/hcl";
import { profileOf } from "../support/inputs";

describe("policy model", () => {
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const model = buildModule(profileOf(c.profile));
    const policy = evalPolicy(model, envFor(model, c.partition));
    expect(policy.Statement).toEqual(c.policy);
  });

  test("module inputs override the profile's tag and documents", () => {
    const model = buildModule(profileOf("default"));
    const policy = evalPolicy(
      model,
      envFor(model, "aws", { tag_key: "Other", tag_values: ["yes"], run_command_documents: ["amzn-Doc", "Mine"] }),
    );
    const byId = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(byId.SendCommandOnOptedInNodes.Condition).toEqual({ StringEquals: { "ssm:resourceTag/Other": ["yes"] } });
    expect(byId.SendCommandWithAwsDocuments.Resource).toEqual(["arn:aws:ssm:*::document/amzn-Doc"]);
    expect(byId.SendCommandWithOwnDocuments.Resource).toEqual(["arn:aws:ssm:*:123456789012:document/Mine"]);
    expect(byId.SendCommandWithOwnDocuments.Condition).toBeUndefined();
    expect(byId.SendCommandWithOwnDocumentsViaSsm).toBeUndefined();
    expect(byId.ProtectOptInTag.Condition).toEqual({ "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": ["Other"] } });
  });

  test("the module's variables carry the profile's values as defaults", () => {
    const model = buildModule(profileOf("default"));
    const defaults = Object.fromEntries(model.variables.map((v) => [v.name, v.default]));
    expect(defaults).toEqual({
      policy_name: "scoped-ssm-cado-response",
      role_names: [],
      opt_in_instance_ids: [],
      tags: {},
      tag_key: "CadoResponseSSMEnabled",
      tag_values: ["True"],
      run_command_documents: ["AWS-RunShellScript", "AWS-RunPowerShellScript"],
      session_documents: ["SSM-SessionManagerRunShell"],
      create_role: false,
      role_name: "scoped-ssm-cado-response-platform",
      trusted_principal_arns: [],
      external_id: "",
      max_session_duration: 3600,
      permissions_boundary_arn: "",
    });
  });

  test("no partition literal reaches the rendered ARNs", () => {
    const model = buildModule(profileOf("default"));
    for (const s of model.policy.statements) expect(hclList(s.resources)).not.toMatch(/arn:aws[:-]/);
    expect(hclStr(model.optInTags.value)).toBe("var.tag_values[0]");
  });
});

/** Profiles that between them turn every option on and off. */
const VARIETY = [
  "default",
  ...cases.map((c) => c.profile),
  {
    name: "everything",
    tag: { key: "OptIn", values: ["yes", "Yes"] },
    hybridNodes: true,
    runCommand: { documents: ["AWS-RunShellScript", "Team-Collect"] },
    sessions: {
      documents: ["SSM-SessionManagerRunShell", "Team-Shell"],
      portForwarding: true,
      kmsKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    },
    listCommandInvocations: true,
    scope: { regions: ["eu-west-1", "us-east-1"], accounts: ["111122223333", "444455556666"] },
  },
];

describe.each(VARIETY.map((p) => [typeof p === "string" ? p : (p as { name: string }).name, p] as const))("IAM truth: %s", (_, raw) => {
  const model = buildModule(profileOf(raw));
  const policies = ["aws", "aws-us-gov", "aws-cn"].map((partition) => evalPolicy(model, envFor(model, partition)));

  test("every statement names the documented facts it rests on", () => {
    for (const s of model.policy.statements) {
      expect([s.sid, s.facts.length > 0]).toEqual([s.sid, true]);
      for (const f of s.facts) expect(FACTS).toHaveProperty([f]);
    }
  });

  test("no ARN holds a policy variable before its fifth colon", () => {
    for (const policy of policies)
      for (const arn of policy.Statement.flatMap((s) => s.Resource).filter((r) => r !== "*"))
        expect([arn, arn.split(":").slice(0, 5).join(":").includes("${")]).toEqual([arn, false]);
  });

  test("every statement that allows ssm:StartSession carries the session-document check", () => {
    for (const s of policies[0].Statement.filter((x) => x.Effect === "Allow" && x.Action.includes("ssm:StartSession")))
      expect([s.Sid, s.Condition?.BoolIfExists]).toEqual([s.Sid, { "ssm:SessionDocumentAccessCheck": ["true"] }]);
  });

  test("no duplicate ARN in a statement, as Terraform renders it", () => {
    for (const s of model.policy.statements) {
      const resources = evalList(s.resources, envFor(model, "aws"));
      expect([s.sid, resources.length]).toEqual([s.sid, new Set(resources).size]);
    }
  });

  test("ssm:ListCommandInvocations only when the profile asks for it", () => {
    const listed = policies[0].Statement.some((s) => s.Action.includes("ssm:ListCommandInvocations"));
    expect(listed).toBe(profileOf(raw).listCommandInvocations);
  });

  test("the opt-in key's Deny names every documented tagging path", () => {
    const denied = policies.flatMap((p) => p.Statement.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action));
    if (!profileOf(raw).protectTag) return expect(denied).toEqual([]);
    expect(denied).toEqual(
      expect.arrayContaining([
        "ec2:CreateTags",
        "ec2:DeleteTags",
        "ssm:AddTagsToResource",
        "ssm:RemoveTagsFromResource",
        "ssm:CreateActivation",
        "autoscaling:CreateOrUpdateTags",
        "autoscaling:CreateAutoScalingGroup",
      ]),
    );
  });
});

test("the default profile grants no account-wide command output; the option does, with the others", () => {
  const base = profileOf("default");
  const on = buildModule(ProfileSchema.parse({ ...DEFAULT_PROFILE, listCommandInvocations: true }));
  const reads = (m: ReturnType<typeof buildModule>) =>
    evalPolicy(m, envFor(m)).Statement.find((s) => s.Sid === "ReadsWithoutResourceArn")!.Action;
  expect(reads(buildModule(base))).toEqual(["ssm:DescribeInstanceInformation", "ssm:GetCommandInvocation"]);
  expect(reads(on)).toEqual(["ssm:DescribeInstanceInformation", "ssm:GetCommandInvocation", "ssm:ListCommandInvocations"]);
  expect(() => ProfileSchema.parse({ ...DEFAULT_PROFILE, readActions: false, listCommandInvocations: true })).toThrow(/needs readActions/);
});

test("port forwarding and KMS session options", () => {
  const m = buildModule(
    ProfileSchema.parse({
      ...DEFAULT_PROFILE,
      sessions: {
        documents: ["SSM-SessionManagerRunShell"],
        portForwarding: true,
        kmsKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/k-1"],
      },
    }),
  );
  const byId = Object.fromEntries(evalPolicy(m, envFor(m)).Statement.map((s) => [s.Sid, s]));
  expect(byId.StartSessionWithAwsDocuments.Resource).toEqual([
    "arn:aws:ssm:*::document/AWS-StartPortForwardingSession",
    "arn:aws:ssm:*::document/AWS-StartPortForwardingSessionToRemoteHost",
  ]);
  expect(byId.EncryptSessionData).toEqual({
    Sid: "EncryptSessionData",
    Effect: "Allow",
    Action: ["kms:GenerateDataKey"],
    Resource: ["arn:aws:kms:eu-west-1:111122223333:key/k-1"],
  });
});

test.each([
  ["us-east-1", "aws"],
  ["eu-west-3", "aws"],
  ["us-gov-west-1", "aws-us-gov"],
  ["cn-northwest-1", "aws-cn"],
  ["us-iso-east-1", "aws-iso"],
  ["us-isob-east-1", "aws-iso-b"],
])("region %s belongs to partition %s", (region, partition) => {
  expect(partitionOfRegion(region)).toBe(partition);
});

test("ssmmessages:OpenDataChannel: session/* by default, the quickstart's own-session form on request (a contested fact)", () => {
  const channel = (dataChannel?: string) => {
    const p = ProfileSchema.parse({
      ...DEFAULT_PROFILE,
      sessions: { documents: ["SSM-SessionManagerRunShell"], ...(dataChannel ? { dataChannel } : {}) },
    });
    const m = buildModule(p);
    return evalPolicy(m, envFor(m))
      .Statement.filter((s) => s.Action.includes("ssmmessages:OpenDataChannel"))
      .map((s) => [s.Sid, s.Resource]);
  };
  expect(channel()).toEqual([["OpenDataChannels", ["arn:aws:ssm:*:*:session/*"]]]);
  expect(channel("ownSessions")).toEqual([["OpenOwnDataChannels", ["arn:aws:ssm:*:*:session/${aws:userid}-*"]]]);
  expect(() => channel("anything")).toThrow();
  expect("contested" in FACTS["open-data-channel-resource"]).toBe(true);
});
