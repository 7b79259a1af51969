import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Fn, Lazy, TerraformLocal, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { bindStr } from "../model/bind";
import { DETECT_VAR, type DetectModel, buildDetect } from "../model/detect";
import { type Str, strVar } from "../model/expr";
import { hclString } from "../emit/hcl";
import { escapeTemplate, tfString } from "../emit/terraform-json";
import type { ProfileInput } from "../profile/schema";
import {
  type MapInput,
  type ModuleInputVariables,
  type StringInput,
  TagsSchema,
  bindingsOf,
  checkInput,
  checkModuleInputs,
  checkVariableInput,
  tagsValue,
} from "./private/inputs";
import { ProfileConstruct } from "./private/model-construct";

/** Terraform JSON of the model's pattern: text escaped, the key expression (`key`, by identity) as `value`. */
function withKey(v: unknown, key: Str, value: string): unknown {
  if (v === key) return value;
  if (typeof v === "string") return escapeTemplate(v);
  if (Array.isArray(v)) return v.map((x) => withKey(x, key, value));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeTemplate(k), withKey(x, key, value)]));
  return v;
}

/** Properties of {@link ScopedSsmDetection}. */
export interface ScopedSsmDetectionProps {
  /** The profile whose opt-in tag is watched (validated; defaults applied). */
  readonly profile: ProfileInput;
  /** Name of the EventBridge rule. @default `scoped-ssm-<profile name>-opt-in-tag` */
  readonly ruleName?: StringInput;
  /**
   * ARN of the target to notify (an SNS topic, SQS queue or Lambda function whose own policy lets
   * events.amazonaws.com deliver); empty: an SNS topic is created.
   * @default "" (an SNS topic is created)
   */
  readonly targetArn?: StringInput;
  /** Name of the SNS topic created when targetArn is empty. @default `scoped-ssm-<profile name>-opt-in-tag` */
  readonly topicName?: StringInput;
  /** Tags of the rule and the topic. @default none */
  readonly tags?: MapInput;
  /** A Terraform variable for the tag key; unset, the profile's key. */
  readonly moduleInputs?: Pick<ModuleInputVariables, "tag_key">;
  /**
   * Give the resources the generated detect module's addresses (`aws_cloudwatch_event_rule.this`,
   * `aws_sns_topic.this`, `local.event_pattern`, ...). At most one per stack.
   * @default false
   */
  readonly moduleAddresses?: boolean;
}

/**
 * The detective control of a profile: an EventBridge rule on the CloudTrail management events that
 * put the opt-in key on a node, change it or take it off, whoever the caller, notifying an SNS topic
 * it creates (which only EventBridge, for this rule, may publish to) or a target you give. The
 * pattern and the topic's policy come from the detect model, as in the generated `detect/` module.
 */
export class ScopedSsmDetection extends ProfileConstruct<DetectModel> {
  /** The event pattern: `locals { <id> = { source = [...], detail = { "$or" = [...] } } }`. */
  readonly eventPattern: TerraformLocal;
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  /** The created topic (with `count`), unless targetArn is a non-empty value. */
  readonly topic?: SnsTopic;
  readonly topicPolicy?: SnsTopicPolicy;

  constructor(scope: Construct, id: string, props: ScopedSsmDetectionProps) {
    super(scope, id, "ScopedSsmDetection", props.profile, buildDetect);
    const model = this.model;
    const check = (name: string, input: unknown, field: string) => checkVariableInput(model, name, input, this.where, field);
    check(DETECT_VAR.ruleName, props.ruleName, "ruleName");
    check(DETECT_VAR.targetArn, props.targetArn, "targetArn");
    check(DETECT_VAR.topicName, props.topicName, "topicName");
    checkInput(props.tags, "map(string)", TagsSchema, this.where, "tags");
    const inputs = checkModuleInputs(props.moduleInputs, this.where);
    const bindings = bindingsOf(model, {
      ...inputs,
      [DETECT_VAR.ruleName]: props.ruleName,
      [DETECT_VAR.targetArn]: props.targetArn,
      [DETECT_VAR.topicName]: props.topicName,
    });
    const named = <T extends { overrideLogicalId(id: string): void }>(x: T, address: string): T => {
      if (props.moduleAddresses) x.overrideLogicalId(address);
      return x;
    };
    const bound = (name: string) => () => tfString(bindStr(strVar(name), bindings()));

    this.eventPattern = named(
      new TerraformLocal(
        this,
        "event-pattern",
        Lazy.anyValue({ produce: () => withKey(model.pattern, model.key, tfString(bindStr(model.key, bindings()))) }),
      ),
      "event_pattern",
    );
    this.rule = named(
      new CloudwatchEventRule(this, "rule", {
        name: Lazy.stringValue({ produce: bound(DETECT_VAR.ruleName) }),
        description: escapeTemplate(model.description),
        eventPattern: Fn.jsonencode(this.eventPattern.expression),
        tags: tagsValue(props.tags),
      }),
      "this",
    );

    // A target given as a value decides now; a variable decides at plan time (empty: the topic).
    const target = props.targetArn ?? "";
    let targetArn: string;
    if (target === "" || target instanceof TerraformVariable) {
      const count =
        target === ""
          ? "1"
          : Lazy.stringValue({ produce: () => `\${var.${(target as TerraformVariable).friendlyUniqueId} == "" ? 1 : 0}` });
      const topic = named(
        new SnsTopic(this, "topic", { name: Lazy.stringValue({ produce: bound(DETECT_VAR.topicName) }), tags: tagsValue(props.tags) }),
        "this",
      );
      topic.addOverride("count", count);
      const topicArn = Lazy.stringValue({ produce: () => `\${aws_sns_topic.${topic.friendlyUniqueId}[0].arn}` });
      const p = model.topicPolicy;
      this.topicPolicy = named(
        new SnsTopicPolicy(this, "topic-policy", {
          arn: topicArn,
          // One expression: the topic exists only when counted, so no local may name it.
          policy: Lazy.stringValue({
            produce: () =>
              `\${jsonencode({ Version = "2012-10-17", Statement = [{ ${[
                ["Sid", hclString(p.sid)],
                ["Effect", hclString(p.effect)],
                ["Principal", `{ Service = ${hclString(p.service)} }`],
                ["Action", hclString(p.action)],
                ["Resource", `aws_sns_topic.${topic.friendlyUniqueId}[0].arn`],
                [
                  "Condition",
                  `{ ${hclString(p.sourceArn.test)} = { ${hclString(p.sourceArn.key)} = aws_cloudwatch_event_rule.${this.rule.friendlyUniqueId}.arn } }`,
                ],
              ]
                .map(([k, v]) => `${k} = ${v}`)
                .join(", ")} }] })}`,
          }),
        }),
        "this",
      );
      this.topicPolicy.addOverride("count", count);
      this.topic = topic;
      targetArn =
        target === ""
          ? topicArn
          : Lazy.stringValue({
              produce: () => {
                const v = `var.${target.friendlyUniqueId}`;
                return `\${${v} == "" ? aws_sns_topic.${topic.friendlyUniqueId}[0].arn : ${v}}`;
              },
            });
    } else targetArn = tfString(bindStr(strVar(DETECT_VAR.targetArn), bindings()));
    this.target = named(new CloudwatchEventTarget(this, "target", { rule: this.rule.name, arn: targetArn }), "this");
  }
}
