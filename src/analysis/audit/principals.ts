/**
 * The principals of an account and every identity policy that applies to each: its inline and
 * managed policies, and those of the groups a user belongs to; its permissions boundary. A policy
 * or group named but not in the file is reported as unresolved, never silently dropped.
 */
import { type PolicyDoc, readPolicy } from "../policy-input";
import type { ScpScope } from "./scp";
import type { AccountDetails, AttachedRef, GroupDetail, InlinePolicy, RoleDetail, UserDetail } from "./read-details";

export interface PolicyRef {
  /** How reports name it: a managed policy's ARN, or `NAME (inline, OWNER ARN)`. */
  label: string;
  kind: "managed" | "inline";
  /** The group through which the policy reaches a user. */
  group?: string;
  doc: PolicyDoc;
  /** Named but not in the file: what it grants is unknown, so every category is reported conditionally through it. */
  missing?: boolean;
}

export type PrincipalType = "user" | "role";

export interface Principal {
  arn: string;
  name: string;
  type: PrincipalType;
  /** Path /aws-service-role/: only an AWS service can assume it, and no one can change its policies. */
  serviceLinked: boolean;
  policies: PolicyRef[];
  /** The SCPs that govern it; none for service-linked roles, the management account, or an audit without SCPs. */
  scp?: ScpScope;
  /** Its permissions boundary; `doc` is undefined when the policy is not in the file. */
  boundary?: { label: string; doc?: PolicyDoc };
}

export interface Unresolved {
  principal: string;
  /** The policy ARN or group name that could not be found. */
  missing: string;
  problem: string;
}

/** What an escalation can act on: the ARNs of the account's entities and customer managed policies. */
export interface Entities {
  users: string[];
  groups: string[];
  /** Service-linked roles are left out: IAM refuses to change their policies or trust. */
  roles: string[];
  policies: string[];
}

export interface AccountPrincipals {
  principals: Principal[];
  unresolved: Unresolved[];
  entities: Entities;
  groupCount: number;
  policyCount: number;
}

const allowAll = (file: string) =>
  readPolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, file);
/** AWS publishes AdministratorAccess as Allow * on *; a file without it (fetched with --filter) still names its administrators. */
const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const PUBLISHED_ADMINISTRATOR_ACCESS = allowAll("(AWS managed AdministratorAccess)");
/** Stands for a policy that is not in the file: it could allow anything, so each of its grants is conditional. */
const UNKNOWN = allowAll("(not in the file)");

export const isServiceLinked = (r: Pick<RoleDetail, "path">) => r.path.startsWith("/aws-service-role/");

const inlineRefs = (owner: { arn: string }, inline: InlinePolicy[], group?: string): PolicyRef[] =>
  inline.map((p) => ({ label: `${p.name} (inline, ${owner.arn})`, kind: "inline", doc: p.doc, ...(group ? { group } : {}) }));

export function principalsOf(details: AccountDetails): AccountPrincipals {
  const unresolved: Unresolved[] = [];
  const groupsByName = new Map(details.groups.map((g) => [g.name, g]));
  // One PolicyRef per managed policy (and group), so that evaluation can cache by document.
  const managedRefs = new Map<string, PolicyRef>();
  const managed = (owner: string, refs: AttachedRef[], group?: string): PolicyRef[] =>
    refs.map((r) => {
      const policy = details.policies.get(r.arn);
      const key = `${r.arn}\u0000${group ?? ""}`;
      let ref = managedRefs.get(key);
      if (ref) return ref;
      if (policy) ref = { label: r.arn, kind: "managed", doc: policy.doc };
      else if (ADMINISTRATOR_ACCESS.test(r.arn)) {
        unresolved.push({
          principal: owner,
          missing: r.arn,
          problem: "is not in the file: AWS's published document (Allow * on *) is evaluated in its place",
        });
        ref = { label: r.arn, kind: "managed", doc: PUBLISHED_ADMINISTRATOR_ACCESS };
      } else {
        unresolved.push({
          principal: owner,
          missing: r.arn,
          problem:
            "is attached but not in the file: what it grants is unknown, so it is reported as a conditional finding in every category",
        });
        ref = { label: r.arn, kind: "managed", doc: UNKNOWN, missing: true };
      }
      if (group) ref.group = group;
      managedRefs.set(key, ref);
      return ref;
    });
  const groupRefs = new Map<string, PolicyRef[]>();
  const ofGroup = (g: GroupDetail): PolicyRef[] => {
    let refs = groupRefs.get(g.name);
    if (!refs) groupRefs.set(g.name, (refs = [...inlineRefs(g, g.inline, g.name), ...managed(g.arn, g.attached, g.name)]));
    return refs;
  };
  const boundaryOf = (principal: string, arn?: string): Principal["boundary"] => {
    if (!arn) return undefined;
    const policy = details.policies.get(arn);
    if (!policy)
      unresolved.push({
        principal,
        missing: arn,
        problem: "is the permissions boundary but not in the file: findings it could cancel are reported as conditional",
      });
    return { label: arn, ...(policy ? { doc: policy.doc } : {}) };
  };

  /** A user or a role: its inline and managed policies (and a user's groups'), and its boundary. */
  const principal = (p: UserDetail | RoleDetail, type: PrincipalType, serviceLinked: boolean, groups: PolicyRef[] = []): Principal => {
    const boundary = boundaryOf(p.arn, p.boundary);
    return {
      arn: p.arn,
      name: p.name,
      type,
      serviceLinked,
      policies: [...inlineRefs(p, p.inline), ...managed(p.arn, p.attached), ...groups],
      ...(boundary ? { boundary } : {}),
    };
  };
  const user = (u: UserDetail): Principal => {
    const groups = u.groups.flatMap((name): PolicyRef[] => {
      const g = groupsByName.get(name);
      if (g) return ofGroup(g);
      unresolved.push({
        principal: u.arn,
        missing: name,
        problem:
          "is a group of this user but not in the file: what it grants is unknown, so it is reported as a conditional finding in every category",
      });
      return [{ label: `group ${name}`, kind: "managed", doc: UNKNOWN, missing: true, group: name }];
    });
    return principal(u, "user", false, groups);
  };
  const role = (r: RoleDetail): Principal => principal(r, "role", isServiceLinked(r));

  const principals = [...details.users.map(user), ...details.roles.map(role)];
  const entities: Entities = {
    users: details.users.map((u) => u.arn),
    groups: details.groups.map((g) => g.arn),
    roles: details.roles.filter((r) => !isServiceLinked(r)).map((r) => r.arn),
    policies: [...details.policies.keys()].filter((a) => a.split(":")[4] !== "aws"),
  };
  return { principals, unresolved, entities, groupCount: details.groups.length, policyCount: details.policies.size };
}
