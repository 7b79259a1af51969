/**
 * An organisation as cloud-copilot's iam-collect stores it (file storage; its docs/Storage.md):
 *
 *   DIR/aws/<partition>/accounts/<account-id>/iam/{user,group,role,policy}/<name>/   an account's IAM
 *   DIR/aws/<partition>/accounts/<account-id>/iam/aws/policy/<name>/                 AWS managed policies
 *   DIR/aws/<partition>/accounts/<account-id>/organization.json                      { organizationId }
 *   DIR/aws/<partition>/organizations/<org-id>/metadata.json                         { rootOu, rootAccountId, features }
 *   DIR/aws/<partition>/organizations/<org-id>/accounts.json                         { <account>: { ou, scps, rcps } }
 *   DIR/aws/<partition>/organizations/<org-id>/ous.json                              { <ou or root>: { parent, scps, rcps } }
 *   DIR/aws/<partition>/organizations/<org-id>/ous/<ou-id>/metadata.json             { arn, name }
 *   DIR/aws/<partition>/organizations/<org-id>/{scps,rcps}/<policy-id>/{metadata,policy}.json
 *
 * Each resource folder holds one JSON file per field, as iam-collect's authorizationDetails sync
 * writes them: metadata.json, inline-policies.json, managed-policies.json, trust-policy.json (roles),
 * groups.json (users, group ARNs), current-policy.json (managed policies, the default version). A
 * field it had nothing for is absent. Paths are lower case, as iam-collect writes them.
 *
 * Each account is turned into the `get-account-authorization-details` shape that read-details.ts
 * reads, one at a time (the caller streams them), with the SCPs and RCPs of its path, root first.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { decodeJsonFile, isObject } from "../../base/json";
import { InputError } from "../../base/errors";
import type { ScpLevel, ScpScope } from "./scp";
import { readOrganizationPolicy } from "./scp-input";
import { IAM_COLLECT_LAYOUT } from "./iam-collect-layout";

/** What AWS documents RCPs to cover (AWS Organizations User Guide, "Resource control policies"): not EC2, not SSM. */
export const RCP_SERVICES = ["Amazon S3", "AWS STS", "AWS KMS", "Amazon SQS", "AWS Secrets Manager"];

/** One collected account: where it is, and how to read it when its turn comes. */
export interface CollectedAccount {
  account: string;
  partition: string;
  /** The account's folder, relative to the working directory as given. */
  file: string;
  organization?: string;
  scp?: ScpScope;
  /** The RCPs of its path, root first (read and reported; the audit does not evaluate them). */
  rcp?: { target: string; policies: string[] }[];
  /** Its folder, absolute: loadCollectedAccount reads it. */
  folder: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Reading the folder: paths shown relative to the working directory, and each problem an InputError naming the file. */
function reader(cwd: string) {
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return rel && !rel.startsWith("..") ? rel : path;
  };
  const fail = (path: string, message: string): never => {
    throw new InputError([{ file: shown(path), path: "", message }]);
  };
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  const list = (p: string) => (isDir(p) ? readdirSync(p).sort() : []);
  const json = (file: string): unknown => {
    let text: string;
    try {
      text = decodeJsonFile(readFileSync(file));
    } catch {
      return fail(file, "cannot read");
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return fail(file, "is not JSON");
    }
  };
  const optional = (file: string): unknown => (existsSync(file) ? json(file) : undefined);
  const object = (file: string): Record<string, unknown> => {
    const v = json(file);
    return isObject(v) ? v : fail(file, "must be a JSON object");
  };
  return { shown, fail, isDir, list, json, optional, object };
}

export function readIamCollect(dir: string, cwd: string): CollectedAccount[] {
  const root = resolve(cwd, dir);
  const { shown, fail, isDir, list, json, optional, object } = reader(cwd);
  if (!isDir(root)) fail(root, `cannot read: not a folder (--iam-collect names ${IAM_COLLECT_LAYOUT})`);
  const partitions = list(join(root, "aws")).filter((p) => isDir(join(root, "aws", p, "accounts")));
  if (!partitions.length) fail(root, `holds no aws/<partition>/accounts/ folder: expected ${IAM_COLLECT_LAYOUT}`);

  const out: CollectedAccount[] = [];
  for (const partition of partitions) {
    const base = join(root, "aws", partition);
    const orgs = new Map<string, Organization>();
    const organization = (id: string): Organization => {
      let o = orgs.get(id);
      if (!o) orgs.set(id, (o = readOrganization(join(base, "organizations", id.toLowerCase()))));
      return o;
    };
    const accounts = list(join(base, "accounts")).filter((a) => isDir(join(base, "accounts", a)));
    if (!accounts.length) fail(join(base, "accounts"), "holds no account folder (a 12-digit account id)");
    for (const account of accounts) {
      const folder = join(base, "accounts", account);
      if (!ACCOUNT_ID.test(account)) fail(folder, "is not an account folder: its name must be a 12-digit account id");
      const membership = optional(join(folder, "organization.json"));
      const orgId = isObject(membership) && typeof membership.organizationId === "string" ? membership.organizationId : undefined;
      const org = orgId ? organization(orgId) : undefined;
      out.push({
        account,
        partition,
        file: shown(folder),
        ...(orgId ? { organization: orgId } : {}),
        ...(org ? org.scopes(account) : {}),
        folder,
      });
    }
  }
  return out;

  interface Organization {
    scopes(account: string): { scp?: ScpScope; rcp?: { target: string; policies: string[] }[] };
  }

  function readOrganization(folder: string): Organization {
    if (!isDir(folder)) fail(folder, "is missing: an account's organization.json names this organization");
    const metadata = object(join(folder, "metadata.json"));
    const accounts = object(join(folder, "accounts.json"));
    const ous = object(join(folder, "ous.json"));
    const features = isObject(metadata.features) ? metadata.features : {};
    const policies = new Map<string, { name: string; doc: ReturnType<typeof readOrganizationPolicy>["doc"] }>();
    const policy = (kind: "scps" | "rcps", arn: unknown, where: string) => {
      if (typeof arn !== "string") return fail(where, "lists a policy that is not an ARN string");
      const id = arn.slice(arn.lastIndexOf("/") + 1);
      const pf = join(folder, kind, id.toLowerCase());
      const key = `${kind}/${id}`;
      let p = policies.get(key);
      if (!p) {
        const meta = optional(join(pf, "metadata.json"));
        if (!existsSync(join(pf, "policy.json"))) fail(join(pf, "policy.json"), `is missing: ${where} attaches ${arn}`);
        const name = `${isObject(meta) && typeof meta.name === "string" ? meta.name : id} (${id})`;
        const read = readOrganizationPolicy(
          json(join(pf, "policy.json")),
          shown(join(pf, "policy.json")),
          kind === "scps" ? "SERVICE_CONTROL_POLICY" : "RESOURCE_CONTROL_POLICY",
          name,
        );
        policies.set(key, (p = read));
      }
      return p;
    };
    const arns = (v: unknown, where: string): unknown[] =>
      v === undefined ? [] : Array.isArray(v) ? v : fail(where, "must list policy ARNs");
    const ouName = (id: string) => {
      const meta = optional(join(folder, "ous", id.toLowerCase(), "metadata.json"));
      return isObject(meta) && typeof meta.name === "string" ? meta.name : undefined;
    };
    return {
      scopes(account: string) {
        const entry = accounts[account];
        const where = shown(join(folder, "accounts.json"));
        if (!isObject(entry))
          return fail(
            join(folder, "accounts.json"),
            `has no entry for account ${account}, whose organization.json names this organization`,
          );
        // The path from the account up to the root; cycles in a broken file end with an error.
        const chain: { target: string; entry: Record<string, unknown>; where: string }[] = [
          { target: `account ${account}`, entry, where: `${where} (${account})` },
        ];
        let parent = entry.ou;
        const seen = new Set<string>();
        while (typeof parent === "string") {
          if (seen.has(parent)) fail(join(folder, "ous.json"), `has a cycle of parents at ${parent}`);
          seen.add(parent);
          const ou = ous[parent];
          if (!isObject(ou)) fail(join(folder, "ous.json"), `has no entry for ${parent}, the parent on ${account}'s path`);
          const o = ou as Record<string, unknown>;
          const name = ouName(parent);
          chain.push({
            target: parent === metadata.rootOu || o.parent === undefined ? `root ${parent}` : `OU ${parent}${name ? ` (${name})` : ""}`,
            entry: o,
            where: `${shown(join(folder, "ous.json"))} (${parent})`,
          });
          parent = o.parent;
        }
        chain.reverse();
        const management = metadata.rootAccountId === account;
        const levels = (kind: "scps" | "rcps"): ScpLevel[] =>
          chain.map((c) => ({ target: c.target, policies: arns(c.entry[kind], c.where).map((a) => policy(kind, a, c.where)) }));
        const scpOn = features.SERVICE_CONTROL_POLICY !== false;
        const rcpOn = features.RESOURCE_CONTROL_POLICY === true;
        return {
          ...(scpOn ? { scp: { levels: levels("scps"), ...(management ? { management: true } : {}) } } : {}),
          ...(rcpOn ? { rcp: levels("rcps").map((l) => ({ target: l.target, policies: l.policies.map((p) => p.name) })) } : {}),
        };
      },
    };
  }
}

/**
 * One collected account's IAM as get-account-authorization-details output (`folder`: the account's
 * folder, aws/<partition>/accounts/<account-id>). Errors name files relative to `cwd`.
 */
export function loadCollectedAccount(folder: string, cwd: string): Record<string, unknown> {
  const { list, isDir, object, optional } = reader(cwd);
  const iam = join(folder, "iam");
  const resources = (type: string, aws = false) => {
    const d = aws ? join(iam, "aws", type) : join(iam, type);
    return list(d)
      .map((name) => join(d, name))
      .filter(isDir)
      .map((r) => ({ folder: r, metadata: object(join(r, "metadata.json")), field: (f: string) => optional(join(r, `${f}.json`)) }));
  };
  const attached = (v: unknown) => (Array.isArray(v) ? v : []).map((arn) => ({ PolicyArn: arn, PolicyName: String(arn).split("/").pop() }));
  const inline = (v: unknown) => (Array.isArray(v) ? v : []);
  const boundary = (m: Record<string, unknown>) =>
    typeof m.permissionBoundary === "string" ? { PermissionsBoundary: { PermissionsBoundaryArn: m.permissionBoundary } } : {};
  const groupName = (arn: unknown) => String(arn).split("/").pop();
  return {
    UserDetailList: resources("user").map((r) => ({
      UserName: r.metadata.name,
      Arn: r.metadata.arn,
      Path: r.metadata.path,
      UserPolicyList: inline(r.field("inline-policies")),
      GroupList: (Array.isArray(r.field("groups")) ? (r.field("groups") as unknown[]) : []).map(groupName),
      AttachedManagedPolicies: attached(r.field("managed-policies")),
      ...boundary(r.metadata),
    })),
    GroupDetailList: resources("group").map((r) => ({
      GroupName: r.metadata.name,
      Arn: r.metadata.arn,
      Path: r.metadata.path,
      GroupPolicyList: inline(r.field("inline-policies")),
      AttachedManagedPolicies: attached(r.field("managed-policies")),
    })),
    RoleDetailList: resources("role").map((r) => ({
      RoleName: r.metadata.name,
      Arn: r.metadata.arn,
      Path: r.metadata.path,
      AssumeRolePolicyDocument: r.field("trust-policy"),
      RolePolicyList: inline(r.field("inline-policies")),
      AttachedManagedPolicies: attached(r.field("managed-policies")),
      ...boundary(r.metadata),
    })),
    Policies: [...resources("policy"), ...resources("policy", true)].map((r) => {
      const version = typeof r.metadata.defaultVersionId === "string" ? r.metadata.defaultVersionId : "v1";
      return {
        PolicyName: r.metadata.name,
        Arn: r.metadata.arn,
        Path: r.metadata.path,
        DefaultVersionId: version,
        PolicyVersionList: [{ Document: r.field("current-policy"), VersionId: version, IsDefaultVersion: true }],
      };
    }),
  };
}
