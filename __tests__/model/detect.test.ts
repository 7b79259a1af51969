/**
 * The detect module's EventBridge pattern on sample CloudTrail events (shapes as CloudTrail records
 * each API's request: see src/model/detect.ts for the pages), decided by dev/event-pattern.ts, a
 * matcher of the documented pattern syntax; and the rendered module holds the model's pattern.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eventMatches } from "../../dev/event-pattern";
import { buildDetect, detectEventPattern } from "../../src/model/detect";
import { patternHeredoc } from "../../src/render/detect-files";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";

const KEY = "CadoResponseSSMEnabled";
const pattern = detectEventPattern(KEY);

/** An EventBridge event of a CloudTrail management event (detail-type "AWS API Call via CloudTrail"). */
const event = (service: "ec2" | "ssm" | "autoscaling", eventName: string, requestParameters: object | null, caller = "AIDAEXAMPLE") => ({
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "AWS API Call via CloudTrail",
  source: `aws.${service}`,
  account: "111122223333",
  region: "us-east-1",
  detail: {
    eventVersion: "1.09",
    userIdentity: { type: "AssumedRole", principalId: caller },
    eventSource: `${service}.amazonaws.com`,
    eventName,
    requestParameters,
  },
});
const ec2Tags = (...keys: string[]) => ({
  resourcesSet: { items: [{ resourceId: "i-0123456789abcdef0" }] },
  tagSet: { items: keys.map((key) => ({ key, value: "True" })) },
});
const launch = (...keys: string[]) => ({
  instancesSet: { items: [{ imageId: "ami-0123456789abcdef0", minCount: 1, maxCount: 1 }] },
  tagSpecificationSet: {
    items: [
      { resourceType: "volume", tags: [{ key: "Backup", value: "daily" }] },
      { resourceType: "instance", tags: keys.map((key) => ({ key, value: "True" })) },
    ],
  },
});
const ssmTags = (...keys: string[]) => ({
  resourceType: "ManagedInstance",
  resourceId: "mi-0123456789abcdef0",
  tags: keys.map((key) => ({ key, value: "True" })),
});
const asgTags = (...keys: string[]) => ({
  tags: keys.map((key) => ({ resourceId: "ir-fleet", resourceType: "auto-scaling-group", key, value: "True", propagateAtLaunch: true })),
});

const MATCH: [string, object][] = [
  ["CreateTags with the key", event("ec2", "CreateTags", ec2Tags(KEY))],
  ["CreateTags with the key in lower case, among other keys", event("ec2", "CreateTags", ec2Tags("Name", KEY.toLowerCase(), "team"))],
  ["CreateTags with the key in upper case", event("ec2", "CreateTags", ec2Tags(KEY.toUpperCase()))],
  ["DeleteTags of the key", event("ec2", "DeleteTags", ec2Tags(KEY))],
  [
    "DeleteTags without keys (removes every tag)",
    event("ec2", "DeleteTags", { resourcesSet: { items: [{ resourceId: "i-0123456789abcdef0" }] } }),
  ],
  ["RunInstances tagging the instance at launch", event("ec2", "RunInstances", launch("Name", KEY))],
  [
    "RunInstances by Auto Scaling's service-linked role",
    event("ec2", "RunInstances", launch(KEY.toLowerCase()), "AROAAUTOSCALING:AutoScaling"),
  ],
  ["AddTagsToResource on a hybrid node", event("ssm", "AddTagsToResource", ssmTags(KEY))],
  [
    "CreateActivation whose tags go on every node it registers",
    event("ssm", "CreateActivation", { iamRole: "SSMServiceRole", ...ssmTags("Env", KEY) }),
  ],
  [
    "RemoveTagsFromResource of the key",
    event("ssm", "RemoveTagsFromResource", { resourceType: "ManagedInstance", resourceId: "mi-0", tagKeys: ["Env", KEY] }),
  ],
  ["CreateOrUpdateTags on an Auto Scaling group", event("autoscaling", "CreateOrUpdateTags", asgTags(KEY))],
  [
    "CreateAutoScalingGroup with the key",
    event("autoscaling", "CreateAutoScalingGroup", { autoScalingGroupName: "ir-fleet", ...asgTags("Name", KEY) }),
  ],
  ["Auto Scaling DeleteTags of the key", event("autoscaling", "DeleteTags", asgTags(KEY))],
];

const NO_MATCH: [string, object][] = [
  ["CreateTags with unrelated keys", event("ec2", "CreateTags", ec2Tags("Name", "team"))],
  ["CreateTags whose value, not key, is the key", event("ec2", "CreateTags", { tagSet: { items: [{ key: "Name", value: KEY }] } })],
  ["CreateTags with a key that only starts like it", event("ec2", "CreateTags", ec2Tags(`${KEY}Old`))],
  ["DeleteTags of another key", event("ec2", "DeleteTags", ec2Tags("Name"))],
  ["RunInstances tagging other keys", event("ec2", "RunInstances", launch("Name"))],
  ["RunInstances without tags", event("ec2", "RunInstances", { instancesSet: { items: [{ imageId: "ami-0" }] } })],
  ["AddTagsToResource with other keys", event("ssm", "AddTagsToResource", ssmTags("Env"))],
  [
    "RemoveTagsFromResource of other keys",
    event("ssm", "RemoveTagsFromResource", { resourceType: "ManagedInstance", resourceId: "mi-0", tagKeys: ["Env"] }),
  ],
  ["CreateOrUpdateTags with other keys", event("autoscaling", "CreateOrUpdateTags", asgTags("Name"))],
  ["an unrelated call naming the key", event("ssm", "PutParameter", { name: KEY, tags: [{ key: "Env", value: "x" }] })],
  ["a call of another service", { ...event("ec2", "CreateTags", ec2Tags(KEY)), source: "aws.rds" }],
  ["not a CloudTrail API call", { ...event("ec2", "CreateTags", ec2Tags(KEY)), "detail-type": "EC2 Instance State-change Notification" }],
];

describe("the pattern on sample CloudTrail events", () => {
  test.each(MATCH)("matches: %s", (_, e) => expect(eventMatches(pattern, e)).toBe(true));
  test.each(NO_MATCH)("does not match: %s", (_, e) => expect(eventMatches(pattern, e)).toBe(false));
  test("a pattern for another key does not match the samples of this one (the matcher is not vacuous)", () => {
    const other = detectEventPattern("SomethingElse");
    expect(MATCH.filter(([name, e]) => !name.includes("without keys") && eventMatches(other, e))).toEqual([]);
  });
});

describe("the matcher follows the documented syntax", () => {
  test.each<[string, object, object, boolean]>([
    ["literal", { a: ["x"] }, { a: "x" }, true],
    ["literal, other value", { a: ["x"] }, { a: "y" }, false],
    ["array in the event", { a: ["x"] }, { a: ["y", "x"] }, true],
    ["equals-ignore-case", { a: [{ "equals-ignore-case": "AbC" }] }, { a: "aBc" }, true],
    ["prefix", { a: [{ prefix: "ab" }] }, { a: "abc" }, true],
    ["exists false on an absent parent", { a: { b: [{ exists: false }] } }, {}, true],
    ["exists false on a present leaf", { a: { b: [{ exists: false }] } }, { a: { b: "x" } }, false],
    ["exists true", { a: [{ exists: true }] }, { a: "x" }, true],
    ["$or", { $or: [{ a: ["x"] }, { b: ["y"] }] }, { b: "y" }, true],
    ["fields AND", { a: ["x"], b: ["y"] }, { a: "x", b: "z" }, false],
  ])("%s", (_, p, e, want) => expect(eventMatches(p, e)).toBe(want));
  test("an unsupported filter is refused, not ignored", () => {
    expect(() => eventMatches({ a: [{ wildcard: "*" }] }, { a: "x" })).toThrow(/not supported/);
  });
});

test("the rendered module holds the model's pattern, the key read from var.tag_key", () => {
  const profile = ProfileSchema.parse(DEFAULT_PROFILE);
  const model = buildDetect(profile);
  const heredoc = patternHeredoc(model);
  // What Terraform makes of the heredoc with tag_key at its default.
  const evaluated = heredoc.split("${jsonencode(var.tag_key)}").join(JSON.stringify(profile.tag.key));
  expect(JSON.parse(evaluated)).toEqual(detectEventPattern(profile.tag.key));
  const mainTf = readFileSync(join(__dirname, "..", "..", "modules", profile.name, "detect", "main.tf"), "utf8");
  expect(mainTf).toContain(heredoc);
});
