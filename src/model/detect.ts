import type { Profile } from "../profile/schema";
import type { ModuleOutput, ModuleVariable } from "./module";
import { attr } from "./outputs";
import { type Str, strVar } from "./expr";
import { VAR } from "./variables";
import { lengthBetween, matches, emptyOr } from "./checks";
import { tagKeyVariable, tagsVariable, variable } from "./variable-rules";

/**
 * The detective control: an EventBridge rule on CloudTrail management events that put the opt-in
 * key on a node, change it or take it off, whoever the caller (service-linked roles included, which
 * no identity policy or SCP binds). The pattern is data here; the renderer writes it with the key
 * read from the module's tag_key variable.
 *
 * CloudTrail's shapes (requestParameters as CloudTrail records each API's request):
 * - EC2 (Query API): CreateTags/DeleteTags `tagSet.items[].key`; DeleteTags without keys has no
 *   tagSet (it removes every tag); RunInstances `tagSpecificationSet.items[].tags[].key`.
 * - Systems Manager (JSON API): AddTagsToResource and CreateActivation `tags[].key`;
 *   RemoveTagsFromResource `tagKeys[]`.
 * - Auto Scaling: CreateAutoScalingGroup, CreateOrUpdateTags, DeleteTags `tags[].key`.
 * Matching (EventBridge content filters): `equals-ignore-case` on the key, since EC2 keeps keys that
 * differ only in case and IAM reads them alike; `exists: false` for DeleteTags without keys; values
 * inside arrays of objects match when any element's field matches.
 */
export const DETECT_VAR = { ruleName: "rule_name", targetArn: "target_arn", topicName: "topic_name" } as const;

export const DETECT_SOURCES = {
  eventBridgeCloudTrail: {
    title: "Amazon EventBridge User Guide: Events from AWS services delivered via AWS CloudTrail",
    url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html",
  },
  contentFilters: {
    title: "Amazon EventBridge User Guide: Content filtering in event patterns (equals-ignore-case, exists, $or)",
    url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html",
  },
  ec2CloudTrail: {
    title: "Amazon EC2 User Guide: Log Amazon EC2 API calls using AWS CloudTrail",
    url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitor-with-cloudtrail.html",
  },
  ssmCloudTrail: {
    title: "AWS Systems Manager User Guide: Logging AWS Systems Manager API calls with AWS CloudTrail",
    url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html",
  },
  autoScalingCloudTrail: {
    title: "Amazon EC2 Auto Scaling User Guide: Log Amazon EC2 Auto Scaling API calls with AWS CloudTrail",
    url: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/logging-using-cloudtrail.html",
  },
  trailManagementEvents: {
    title: "AWS CloudTrail User Guide: Logging management events",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
  },
} as const;

type Pattern<K> = { [key: string]: Pattern<K> | Pattern<K>[] | (K | string | Record<string, K | boolean>)[] };

/**
 * The event pattern for the opt-in key `key`: a literal key, or a model expression (the module's
 * var.tag_key), which the renderer writes where the key stands.
 */
export function detectEventPattern<K = string>(key: K): Pattern<K> {
  const keyMatch = [{ "equals-ignore-case": key }];
  return {
    source: ["aws.ec2", "aws.ssm", "aws.autoscaling"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
      $or: [
        {
          eventSource: ["ec2.amazonaws.com"],
          eventName: ["CreateTags", "DeleteTags"],
          requestParameters: { tagSet: { items: { key: keyMatch } } },
        },
        // DeleteTags without keys removes every tag: its request has no tagSet.
        {
          eventSource: ["ec2.amazonaws.com"],
          eventName: ["DeleteTags"],
          requestParameters: { tagSet: { items: { key: [{ exists: false }] } } },
        },
        {
          eventSource: ["ec2.amazonaws.com"],
          eventName: ["RunInstances"],
          requestParameters: { tagSpecificationSet: { items: { tags: { key: keyMatch } } } },
        },
        {
          eventSource: ["ssm.amazonaws.com"],
          eventName: ["AddTagsToResource", "CreateActivation"],
          requestParameters: { tags: { key: keyMatch } },
        },
        {
          eventSource: ["ssm.amazonaws.com"],
          eventName: ["RemoveTagsFromResource"],
          requestParameters: { tagKeys: keyMatch },
        },
        {
          eventSource: ["autoscaling.amazonaws.com"],
          eventName: ["CreateAutoScalingGroup", "CreateOrUpdateTags", "DeleteTags"],
          requestParameters: { tags: { key: keyMatch } },
        },
      ],
    },
  };
}

/**
 * The policy of the topic the module creates: EventBridge may publish to it, for this rule only
 * (the topic is the resource, the rule the source).
 */
export interface TopicPolicy {
  sid: string;
  effect: "Allow";
  service: string;
  action: string;
  /** The condition that names the rule: `{ <test> = { <key> = <rule ARN> } }`. */
  sourceArn: { test: string; key: string };
}

export interface DetectModel {
  profile: Profile;
  /** The rule's description. */
  description: string;
  topicPolicy: TopicPolicy;
  variables: ModuleVariable[];
  /** The opt-in key: the module's variable. */
  key: Str;
  /** The event pattern; `key` (this very object) stands where the key goes. */
  pattern: Pattern<Str>;
  outputs: ModuleOutput[];
}

export function buildDetect(p: Profile): DetectModel {
  const key = strVar(VAR.tagKey);
  return {
    key,
    profile: p,
    description: `scoped-ssm ${p.name}: the opt-in tag put on, changed or taken off a node`,
    topicPolicy: {
      sid: "EventBridgePublishes",
      effect: "Allow",
      service: "events.amazonaws.com",
      action: "sns:Publish",
      sourceArn: { test: "ArnEquals", key: "aws:SourceArn" },
    },
    variables: [
      tagKeyVariable(p),
      variable(DETECT_VAR.ruleName, "string", "Name of the EventBridge rule.", `scoped-ssm-${p.name}-opt-in-tag`, {
        check: matches(DETECT_VAR.ruleName, /^[.\-_A-Za-z0-9]{1,64}$/),
        message: "A rule name has 1-64 characters of letters, digits, '.', '-' and '_'.",
      }),
      variable(
        DETECT_VAR.targetArn,
        "string",
        "ARN of the target to notify (an SNS topic, SQS queue or Lambda function whose own policy lets events.amazonaws.com deliver); empty: the module creates an SNS topic.",
        "",
        {
          check: emptyOr(DETECT_VAR.targetArn, matches(DETECT_VAR.targetArn, /^arn:aws[a-z-]*:(?:sns|sqs|lambda):[a-z0-9-]+:\d{12}:.+$/)),
          message: "A target is empty or the ARN of an SNS topic, SQS queue or Lambda function.",
        },
      ),
      variable(
        DETECT_VAR.topicName,
        "string",
        "Name of the SNS topic the module creates when target_arn is empty.",
        `scoped-ssm-${p.name}-opt-in-tag`,
        {
          check: lengthBetween(DETECT_VAR.topicName, 1, 256),
          message: "A topic name has 1-256 characters.",
        },
      ),
      tagsVariable("Tags for the rule and the topic."),
    ],
    pattern: detectEventPattern(key),
    outputs: [
      { name: "rule_arn", description: "ARN of the EventBridge rule.", value: attr("aws_cloudwatch_event_rule.this", "arn") },
      {
        name: "target_arn",
        description: "ARN the rule notifies (the created topic, or target_arn).",
        value: attr("aws_cloudwatch_event_target.this", "arn"),
      },
    ],
  };
}
