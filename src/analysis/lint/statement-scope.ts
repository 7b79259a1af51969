/**
 * What a statement covers: which actions (through wildcards and NotAction), which resources
 * (through wildcards and NotResource), and whether it is scoped to the opt-in tag. Shared by the
 * rules that look for what defeats tag scoping, and by tighten.
 */
import { RUN_COMMAND_ACTIONS, SESSION_ACTIONS } from "../../model/policy";
import { arnsIntersect } from "../glob";
import { isEcsAction } from "../node-paths";
import type { ConditionEntry, PolicyStatement } from "../policy-input";
import { type ActionInfo, actionInfo, actionMatches } from "./service-reference";

/** Actions that run something on a node: the ones the opt-in tag must guard. */
export const COMMAND_ACTIONS = [...RUN_COMMAND_ACTIONS, ...SESSION_ACTIONS, "ecs:ExecuteCommand"];

/** The pattern of the statement that grants `action`, "NotAction" when NotAction leaves it in, else undefined. */
export function coveringPattern(s: PolicyStatement, action: string): string | undefined {
  if (s.action) return s.action.find((p) => actionMatches(p, action));
  if (s.notAction && !s.notAction.some((p) => actionMatches(p, action))) return "NotAction";
  return undefined;
}

/** "Allows X", "ssm:* allows X, Y", "NotAction leaves in X": how a finding says what the statement grants. */
export function grants(pattern: string, actions: string[]): string {
  if (pattern === "NotAction") return `NotAction leaves in ${actions.join(", ")}`;
  if (actions.length === 1 && pattern.toLowerCase() === actions[0].toLowerCase()) return `Allows ${actions[0]}`;
  return `${pattern} allows ${actions.join(", ")}`;
}

export const covers = (s: PolicyStatement, action: string) => coveringPattern(s, action) !== undefined;

/** True when some resource the statement names could be of this ARN format. NotResource is read as "almost everything". */
export function coversArn(s: PolicyStatement, arnFormat: string): boolean {
  if (s.notResource) return !s.notResource.some((r) => r === "*");
  return (s.resource ?? []).some((r) => arnsIntersect(r, arnFormat));
}

/**
 * Resource types of a command action that are its targets. Its `document` is checked on its own
 * (documents carry no opt-in tag) and SendCommand's `bucket` is where output goes.
 */
const NOT_TARGETS = new Set(["document", "bucket"]);
export async function targetTypes(action: string): Promise<ActionInfo["resourceTypes"]> {
  const info = await actionInfo(action);
  return (info?.resourceTypes ?? []).filter((t) => !NOT_TARGETS.has(t.name));
}

const TAG_CONDITION_KEY = /^([a-z0-9-]+):resourceTag\/(.+)$/i;

/**
 * The services whose resource-tag condition keys a command action's request carries: SSM's nodes
 * (ssm:resourceTag/K, aws:ResourceTag/K), ECS Exec's tasks and clusters (ecs:ResourceTag/K,
 * aws:ResourceTag/K).
 */
export const tagKeyServices = (action = "ssm:SendCommand") => (isEcsAction(action) ? ["ecs", "aws"] : ["ssm", "aws"]);

/** The tag key a condition key reads (`ssm:resourceTag/K` → K), for tags a user may set; by default SSM's keys. */
export function resourceTagKey(key: string, services = tagKeyServices()): string | undefined {
  const m = TAG_CONDITION_KEY.exec(key);
  return m && services.includes(m[1].toLowerCase()) && !m[2].toLowerCase().startsWith("aws:") ? m[2] : undefined;
}

/**
 * A condition that lets a request through only when the target carries the tag with an accepted
 * value. IfExists operators and ForAllValues pass when the tag is missing, negated operators when
 * it has any other value: none of these scopes anything.
 */
const SCOPING_OPERATORS = /^(?:ForAnyValue:)?String(?:Equals|EqualsIgnoreCase|Like)$/i;
export function isOptInCondition(c: ConditionEntry, action?: string): boolean {
  return SCOPING_OPERATORS.test(c.operator) && resourceTagKey(c.key, tagKeyServices(action)) !== undefined && c.values.length > 0;
}

/** The statement's opt-in conditions that apply to `action` (SSM's keys when none is named). */
export const optInConditions = (s: PolicyStatement, action?: string) => s.conditions.filter((c) => isOptInCondition(c, action));
