import { TAG_MUTATION_ACTIONS } from "../../../model/policy";
import { globMatches } from "../../glob";
import {
  ECS_TAG_PATHS,
  ECS_TARGET_TYPES,
  NODE_TYPES as NODE_TYPE_LIST,
  TAG_PATHS,
  TAG_PATH_WHY,
  isEcsAction,
  removesTags,
  tagPathsFor,
} from "../../node-paths";
import type { ConditionEntry, PolicyStatement } from "../../policy-input";
import { actionInfo } from "../service-reference";
import {
  COMMAND_ACTIONS,
  coveringPattern,
  coversArn,
  grants,
  optInConditions,
  resourceTagKey,
  tagKeyServices,
  targetTypes,
} from "../statement-scope";
import type { LintContext, RawFinding, RuleFamily } from "../types";

/** Resource types a tag mutation can opt in: EC2 instances, hybrid nodes, and ECS Exec's tasks and clusters. */
const NODE_TYPES = new Set([...NODE_TYPE_LIST, ...ECS_TARGET_TYPES]);
/** An ARN that names one of them: no wildcard or policy variable after its type. */
const NAMED_NODE = new RegExp(`:(?:${[...NODE_TYPES].join("|")})/[^*?$]+$`);

const isTagKeys = (c: ConditionEntry) => c.key.toLowerCase() === "aws:tagkeys";
/** A Deny on these operators applies when any key of the request is listed. */
const ANY_VALUE = /^ForAnyValue:String(?:Equals|EqualsIgnoreCase|Like)$/i;

/** An ARN of every resource of its type: any region, any account, `type/*`. */
const EVERY_OF_TYPE = /^arn:[^:]+:[^:]+:\*:\*:[A-Za-z-]+\/\*$/;

/** "every cluster and task" where the statement covers all of them; else only those its ARNs match (one cluster's). */
const targetsText = (s: PolicyStatement, targets: string[], matching: string[]) => {
  const kinds = targets.length > 1 ? `${targets.slice(0, -1).join(", ")} and ${targets[targets.length - 1]}` : targets[0];
  const all = s.notResource || matching.every((r) => r === "*" || EVERY_OF_TYPE.test(r));
  return all ? `every ${kinds} is a target` : `every ${kinds} these ARNs match is a target`;
};

const resourcesText = (s: PolicyStatement, matching: string[]) =>
  s.notResource ? "every resource but those in NotResource" : s.resource?.includes("*") ? 'every resource ("*")' : matching.join(", ");

async function tagsNodes(s: PolicyStatement, action: string): Promise<boolean> {
  const info = await actionInfo(action);
  return (info?.resourceTypes ?? []).some((t) => NODE_TYPES.has(t.name) && coversArn(s, t.arn));
}

const listsKey = (c: ConditionEntry, key: string) =>
  c.values.some((v) => (/Like/i.test(c.operator) ? globMatches(v, key, true) : v.toLowerCase() === key.toLowerCase()));

/**
 * Whether the statement covers the resources through which `action` puts tags on nodes: the node
 * types when the action has them, else what it acts on (an Auto Scaling group, or "*" for an
 * action with no resource type, such as ssm:CreateActivation).
 */
async function coversTagPath(s: PolicyStatement, action: string): Promise<boolean> {
  const types = (await actionInfo(action))?.resourceTypes ?? [];
  if (types.some((t) => NODE_TYPES.has(t.name))) return tagsNodes(s, action);
  if (types.length === 0) return Boolean(s.notResource) || (s.resource ?? []).includes("*");
  return types.some((t) => coversArn(s, t.arn));
}

/**
 * A Deny in the policy that stops its principal from setting `key` through `action`. It depends on
 * the policy's Denies only, not on the Allow asking, so each answer is computed once per policy (a
 * policy of 300,000 statements would otherwise scan all of them for every Allow).
 */
const denyAnswers = new WeakMap<LintContext, { denies: PolicyStatement[]; answers: Map<string, Promise<PolicyStatement | undefined>> }>();
function denyProtects(ctx: LintContext, action: string, key: string): Promise<PolicyStatement | undefined> {
  let cache = denyAnswers.get(ctx);
  if (!cache) {
    cache = { denies: ctx.facts.map((f) => f.statement).filter((d) => d.effect === "Deny"), answers: new Map() };
    denyAnswers.set(ctx, cache);
  }
  const id = `${action}\u0000${key}`;
  let answer = cache.answers.get(id);
  if (!answer) {
    answer = (async () => {
      for (const d of cache.denies) {
        if (!coveringPattern(d, action) || !(await coversTagPath(d, action))) continue;
        if (d.conditions.length === 0) return d;
        if (d.conditions.every((c) => isTagKeys(c) && ANY_VALUE.test(c.operator) && listsKey(c, key))) return d;
      }
      return undefined;
    })();
    cache.answers.set(id, answer);
  }
  return answer;
}

/** An opt-in tag: its key, the values the policy accepts, and the tag paths that move it. */
export interface OptInKey {
  key: string;
  values: string[];
  statement: PolicyStatement;
  tagPaths: string[];
}

/** Tag keys the policy scopes command actions by (the opt-in tags), with the values it accepts. */
export function optInKeys(ctx: LintContext): OptInKey[] {
  const out = new Map<string, OptInKey & { actions: string[] }>();
  for (const { statement: s } of ctx.facts) {
    if (s.effect !== "Allow") continue;
    for (const action of COMMAND_ACTIONS.filter((a) => coveringPattern(s, a)))
      for (const c of optInConditions(s, action)) {
        const key = resourceTagKey(c.key, tagKeyServices(action))!;
        const entry = out.get(key.toLowerCase()) ?? { key, values: [], statement: s, tagPaths: [], actions: [] };
        for (const v of c.values) if (!entry.values.includes(v)) entry.values.push(v);
        if (!entry.actions.includes(action)) entry.actions.push(action);
        entry.tagPaths = tagPathsFor(entry.actions);
        out.set(key.toLowerCase(), entry);
      }
  }
  return [...out.values()].map(({ actions: _, ...k }) => k);
}

/**
 * The statement acts only on nodes that already carry an opt-in key with a value the policy
 * accepts (a resource-tag condition on it): it cannot opt a new node in.
 */
function onOptedInNodesOnly(s: PolicyStatement, keys: { key: string; values: string[] }[]): boolean {
  return s.conditions.some((c) => {
    const key = /^[a-z0-9-]+:resourceTag\/(.+)$/i.exec(c.key)?.[1];
    const k = key === undefined ? undefined : keys.find((x) => x.key.toLowerCase() === key.toLowerCase());
    return Boolean(
      k && /^(?:ForAnyValue:)?StringEquals$/i.test(c.operator) && c.values.length && c.values.every((v) => k.values.includes(v)),
    );
  });
}

export const protectiveDeny = (key: string, actions: readonly string[] = TAG_MUTATION_ACTIONS) =>
  JSON.stringify({
    Effect: "Deny",
    Action: actions,
    Resource: "*",
    Condition: { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": [key] } },
  });

const SSM_FIX =
  "Add a condition StringEquals ssm:resourceTag/<opt-in key> = <value> for the node ARNs, and grant the documents in a statement of their own (scoped-ssm tighten does both).";
const ECS_FIX =
  "ECS Exec is authorised against the task and its cluster, not an SSM node: add a condition StringEquals ecs:ResourceTag/<opt-in key> = <value> (or aws:ResourceTag/<opt-in key>) and tag the tasks or clusters that may be reached.";

async function* untaggedCommands(ctx: LintContext): AsyncGenerator<RawFinding> {
  for (const { statement: s } of ctx.facts) {
    if (s.effect !== "Allow") continue;
    const byPattern = new Map<string, { actions: string[]; targets: Set<string> }>();
    for (const action of COMMAND_ACTIONS) {
      const pattern = coveringPattern(s, action);
      // Scoped by a tag key this action's request carries (ecs:ResourceTag for ECS Exec, ssm:resourceTag for SSM).
      if (!pattern || optInConditions(s, action).length) continue;
      const hit = (await targetTypes(action)).filter((t) => coversArn(s, t.arn));
      if (!hit.length) continue;
      const entry = byPattern.get(pattern) ?? { actions: [], targets: new Set<string>() };
      entry.actions.push(action);
      hit.forEach((t) => entry.targets.add(t.name));
      byPattern.set(pattern, entry);
    }
    for (const [pattern, { actions, targets }] of byPattern) {
      const matching = (s.resource ?? []).filter((r) => r === "*" || [...targets].some((t) => r.includes(`:${t}/`)));
      // Named nodes (instance/i-0abc...): scoped by id instead of by tag, which opts in no other node.
      if (!s.notResource && matching.length && matching.every((r) => NAMED_NODE.test(r))) {
        yield {
          ruleId: "nodes-named-by-id",
          statement: s,
          at: pattern,
          message: `${grants(pattern, actions)} on ${matching.join(", ")}: named by id, so reachable whether they carry the opt-in tag or not (and no other node is).`,
          fix: "Fine if these nodes are meant to be reachable as long as the policy names them; to let the opt-in tag decide, use instance/* with the tag condition.",
        };
        continue;
      }
      const weak = s.conditions.filter((c) => actions.some((a) => resourceTagKey(c.key, tagKeyServices(a)))).map((c) => c.operator);
      const condition = weak.length
        ? `a tag condition that does not scope (${[...new Set(weak)].join(", ")} lets untagged or other-valued nodes through)`
        : "no opt-in tag condition";
      const ecs = actions.filter(isEcsAction);
      const fix = !ecs.length ? SSM_FIX : ecs.length === actions.length ? ECS_FIX : `${SSM_FIX} For ${ecs.join(", ")}: ${ECS_FIX}`;
      yield {
        ruleId: "untagged-command-target",
        statement: s,
        at: pattern,
        message: `${grants(pattern, actions)} on ${resourcesText(s, matching)} with ${condition}: ${targetsText(s, [...targets], matching)}, tagged or not.`,
        fix,
      };
    }
  }
}

async function* unprotectedMutations(ctx: LintContext, keys: OptInKey[]): AsyncGenerator<RawFinding> {
  // ECS's tag paths matter where a key scopes ECS Exec; EC2's and SSM's always (nodes are tagged by them).
  const paths = TAG_PATHS.filter((a) => !ECS_TAG_PATHS.includes(a) || keys.some((k) => k.tagPaths.includes(a)));
  for (const { statement: s } of ctx.facts) {
    if (s.effect !== "Allow") continue;
    const byPattern = new Map<string, { actions: string[]; problem: string; removal: boolean; key?: OptInKey }>();
    for (const action of paths) {
      const relevant = keys.filter((k) => k.tagPaths.includes(action) || !ECS_TAG_PATHS.includes(action));
      const names = relevant.map((k) => k.key);
      const pattern = coveringPattern(s, action);
      // Every tag path: nodes themselves, and what tags them (an activation, an Auto Scaling group).
      if (!pattern || !(await coversTagPath(s, action))) continue;
      const removal = removesTags(action);
      // On nodes that already carry the opt-in tag, adding tags opts no new node in.
      if (!removal && onOptedInNodesOnly(s, keys)) continue;
      const tagKeys = s.conditions.filter(isTagKeys);
      let problem: string | undefined;
      if (!tagKeys.length) problem = `with no aws:TagKeys restriction, so it may ${removal ? "remove" : "set"} any tag`;
      else if (tagKeys.some((c) => /^ForAnyValue:/i.test(c.operator)))
        problem = "restricting aws:TagKeys with ForAnyValue, which lets a request that includes one listed key set any other key too";
      else {
        const allowed = names.filter((k) => tagKeys.some((c) => !/Not/.test(c.operator) && listsKey(c, k)));
        if (allowed.length) problem = `with aws:TagKeys allowing the opt-in key ${allowed.join(", ")}`;
      }
      if (!problem) continue;
      // A Deny of the same action for every opt-in key, in this policy, keeps the opt-in tag safe.
      if (names.length && (await Promise.all(names.map((k) => denyProtects(ctx, action, k)))).every(Boolean)) continue;
      const id = `${pattern}\u0000${removal}`;
      const entry = byPattern.get(id) ?? { actions: [], problem, removal, key: relevant[0] };
      entry.actions.push(action);
      byPattern.set(id, entry);
    }
    for (const [id, { actions, problem, removal, key }] of byPattern) {
      const pattern = id.split("\u0000")[0];
      const how = [...new Set(actions.map((a) => TAG_PATH_WHY[a]).filter(Boolean))].join("; ");
      yield {
        ruleId: removal ? "unprotected-tag-removal" : "unprotected-tag-mutation",
        statement: s,
        at: pattern,
        message: removal
          ? `${grants(pattern, actions)} ${problem} (${how}): whoever holds this policy can take the opt-in tag off any node and so withdraw it from the platform. It does not opt a node in.`
          : `${grants(pattern, actions)} ${problem} (${how}): whoever holds this policy can opt any node in to tag-scoped access.`,
        fix: `Restrict it with ForAllValues:StringEquals aws:TagKeys = [the keys it needs], or deny the opt-in key: ${protectiveDeny(key?.key ?? "<opt-in key>", key?.tagPaths)}.`,
      };
    }
  }
}

async function* unprotectedOptIn(ctx: LintContext, keys: OptInKey[]): AsyncGenerator<RawFinding> {
  for (const { key, statement, tagPaths } of keys) {
    const missing: string[] = [];
    for (const action of tagPaths) if (!(await denyProtects(ctx, action, key))) missing.push(action);
    if (!missing.length) continue;
    yield {
      ruleId: "opt-in-tag-unprotected",
      statement,
      at: key,
      message: `Access is scoped by the tag ${key}, but no Deny here stops this principal from setting or removing it (${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not denied for aws:TagKeys with ForAnyValue): with any tagging permission, it can opt a node in itself.`,
      fix: `Add ${protectiveDeny(key, tagPaths)}. To stop other principals opting nodes in, put the same statement in a service control policy.`,
    };
  }
}

function* caseSensitiveProtection(ctx: LintContext, keys: string[]): Generator<RawFinding> {
  for (const { statement: d } of ctx.facts) {
    if (d.effect !== "Deny" || !TAG_PATHS.some((a) => coveringPattern(d, a))) continue;
    for (const c of d.conditions.filter(isTagKeys)) {
      if (/IgnoreCase/i.test(c.operator)) continue;
      const listed = keys.filter((k) => listsKey(c, k));
      if (listed.length)
        yield {
          ruleId: "tag-protection-case-sensitive",
          statement: d,
          at: c.operator,
          message: `${c.operator} compares aws:TagKeys case-sensitively, but EC2 accepts keys that differ only in case and IAM reads ssm:resourceTag/${listed[0]} ignoring case: the key in another case escapes this Deny and still opts a node in.`,
          fix: `Use ForAnyValue:StringEqualsIgnoreCase.`,
        };
    }
  }
}

/** What defeats tag scoping: untagged targets, and a tag that anyone who may tag can set. */
export const tagScopingRules: RuleFamily = {
  rules: [
    {
      id: "untagged-command-target",
      severity: "error",
      summary:
        "A command or session action (ssm:SendCommand, ssm:StartSession, ecs:ExecuteCommand, or a wildcard covering one) is allowed on nodes without an opt-in tag condition.",
      help: 'Without a ssm:resourceTag/<key> (or aws:ResourceTag/<key>) condition, "*" or instance/* means every node: the tag scoping is gone. IfExists, ForAllValues and negated operators do not scope either.',
    },
    {
      id: "nodes-named-by-id",
      severity: "note",
      summary: "A command or session action is allowed on nodes named by id, without an opt-in tag condition.",
      help: "Naming nodes scopes the grant to them, whether they carry the opt-in tag or not: removing a node's tag does not withdraw it, and tagging another node does not add it.",
    },
    {
      id: "unprotected-tag-mutation",
      severity: "error",
      summary:
        "A tag path that can put a tag on a node (ec2:CreateTags, ssm:AddTagsToResource, ssm:CreateActivation, ssm:RegisterManagedInstance, Auto Scaling groups; ecs:TagResource where the tag scopes ECS Exec) is allowed without an aws:TagKeys restriction that keeps the opt-in key out.",
      help: "Whoever may set the opt-in tag may grant the tag-scoped access. Tagging at launch (RunInstances with tags) is authorised as ec2:CreateTags; a hybrid activation's tags go on every node registered with it; an Auto Scaling group's propagated tags on every instance it launches. A statement limited to nodes that already carry the opt-in tag opts no new node in.",
    },
    {
      id: "unprotected-tag-removal",
      severity: "warning",
      summary:
        "Removing tags from nodes (ec2:DeleteTags, ssm:RemoveTagsFromResource, autoscaling:DeleteTags; ecs:UntagResource where the tag scopes ECS Exec) is allowed without an aws:TagKeys restriction that keeps the opt-in key out.",
      help: "Taking the opt-in tag off a node withdraws it from the platform (during an incident, say); it does not opt a node in.",
    },
    {
      id: "opt-in-tag-unprotected",
      severity: "warning",
      summary: "Access is scoped by a tag, but the policy does not deny its principal setting that tag.",
      help: "A Deny of every tag path for aws:TagKeys = [key] (ForAnyValue:StringEqualsIgnoreCase) wins over any Allow of the same principal.",
    },
    {
      id: "tag-protection-case-sensitive",
      severity: "warning",
      summary: "The Deny that protects the opt-in tag compares tag keys case-sensitively.",
      help: "IAM reads tag keys in condition keys ignoring case, and EC2 accepts keys that differ only in case, so a deny on StringEquals misses the key in another case.",
    },
  ],
  async *check(ctx) {
    const keys = optInKeys(ctx);
    const names = keys.map((k) => k.key);
    yield* untaggedCommands(ctx);
    yield* unprotectedMutations(ctx, keys);
    yield* unprotectedOptIn(ctx, keys);
    yield* caseSensitiveProtection(ctx, names);
  },
};
