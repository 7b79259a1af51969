/**
 * Reads the output of `aws iam get-account-authorization-details` into plain data: users (with the
 * groups they belong to), groups, roles, and each managed policy's default version. Policy
 * documents come as JSON objects (the AWS CLI and boto3 decode them), as JSON text, or URL-encoded
 * as the IAM API returns them (RFC 3986); all three are read. Anything else is an InputError that
 * names the field.
 */
import { isObject } from "../../base/json";
import { type TrustEntry, readTrust } from "./trust";
import { InputError } from "../../base/errors";
import { type PolicyDoc, readPolicy } from "../policy-input";

export interface InlinePolicy {
  name: string;
  doc: PolicyDoc;
}

export interface AttachedRef {
  arn: string;
  name: string;
}

interface EntityBase {
  arn: string;
  name: string;
  path: string;
  inline: InlinePolicy[];
  attached: AttachedRef[];
}

export interface UserDetail extends EntityBase {
  kind: "user";
  /** Group names, as GroupList gives them. */
  groups: string[];
  /** The permissions boundary's policy ARN. */
  boundary?: string;
}

export interface GroupDetail extends EntityBase {
  kind: "group";
}

export interface RoleDetail extends EntityBase {
  kind: "role";
  boundary?: string;
  /** Who its trust policy lets assume it. */
  trust: TrustEntry[];
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  /** The default version's document: the only one IAM evaluates. */
  doc: PolicyDoc;
  versionId: string;
}

export interface AccountDetails {
  users: UserDetail[];
  groups: GroupDetail[];
  roles: RoleDetail[];
  policies: Map<string, ManagedPolicy>;
  /** From the ARNs of the file's principals and customer managed policies. */
  partition: string;
  account?: string;
}

const LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

/** Text that JSON.parse refuses at once: "%" after JSON's whitespace. */
const URL_ENCODED = /^[ \t\n\r]*%/;

/** True when a value looks like get-account-authorization-details output (one of its four lists). */
export const looksLikeAuthorizationDetails = (v: unknown): v is Record<string, unknown> => isObject(v) && LISTS.some((k) => k in v);

const IAM_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}|aws):[^:]+$/;

export function readAuthorizationDetails(raw: unknown, file: string): AccountDetails {
  const fail = (path: string, message: string, value?: unknown): never => {
    throw new InputError([{ file, path, message, value }]);
  };
  if (!looksLikeAuthorizationDetails(raw))
    fail(
      "",
      "not the output of `aws iam get-account-authorization-details` (expected an object with UserDetailList, GroupDetailList, RoleDetailList or Policies)",
    );
  const root = raw as Record<string, unknown>;
  if (root.IsTruncated === true)
    fail(
      "IsTruncated",
      "is true: this is one page of the result, and the audit needs all of it. Run the AWS CLI without --max-items or --no-paginate (it fetches every page and merges them)",
    );

  const str = (v: unknown, path: string): string => (typeof v === "string" && v !== "" ? v : fail(path, "must be a non-empty string", v));
  const list = (v: unknown, path: string): unknown[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? v : fail(path, "must be a list", v);
  const obj = (v: unknown, path: string): Record<string, unknown> => (isObject(v) ? v : fail(path, "must be an object", v));
  const arn = (v: unknown, path: string): string => {
    const s = str(v, path);
    return IAM_ARN.test(s) ? s : fail(path, "must be an IAM ARN such as arn:aws:iam::111122223333:role/Name", s);
  };

  /** A policy document as the CLI prints it (an object), as JSON text, or URL-encoded as the IAM API returns it. */
  const decoded = (v: unknown, path: string): Record<string, unknown> => {
    let value = v;
    if (typeof v === "string") {
      const parse = (text: string) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      };
      // The CLI writes documents URL-encoded ("%7B..."): text that starts with "%" is no JSON, and
      // JSON.parse would only throw on it (an exception per document costs the audit a tenth of its time).
      value = URL_ENCODED.test(v) ? undefined : parse(v);
      if (value === undefined) {
        let decoded: string | undefined;
        try {
          decoded = decodeURIComponent(v);
        } catch {
          decoded = undefined;
        }
        value = decoded === undefined ? undefined : parse(decoded);
      }
      if (value === undefined) fail(path, "is not a policy document: neither JSON nor URL-encoded JSON");
    }
    if (!isObject(value)) fail(path, "must be a policy document (an object, JSON text or URL-encoded JSON)", v);
    return value as Record<string, unknown>;
  };
  const document = (v: unknown, path: string): PolicyDoc => readPolicy(decoded(v, path), file, path);

  const inline = (v: unknown, path: string): InlinePolicy[] =>
    list(v, path).map((p, i) => {
      const o = obj(p, `${path}[${i}]`);
      return { name: str(o.PolicyName, `${path}[${i}].PolicyName`), doc: document(o.PolicyDocument, `${path}[${i}].PolicyDocument`) };
    });
  const attached = (v: unknown, path: string): AttachedRef[] =>
    list(v, path).map((p, i) => {
      const o = obj(p, `${path}[${i}]`);
      return { arn: arn(o.PolicyArn, `${path}[${i}].PolicyArn`), name: typeof o.PolicyName === "string" ? o.PolicyName : "" };
    });
  const boundary = (v: unknown, path: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    return arn(obj(v, path).PermissionsBoundaryArn, `${path}.PermissionsBoundaryArn`);
  };
  const base = (o: Record<string, unknown>, path: string, nameField: string, inlineField: string) => ({
    arn: arn(o.Arn, `${path}.Arn`),
    name: str(o[nameField], `${path}.${nameField}`),
    path: typeof o.Path === "string" ? o.Path : "/",
    inline: inline(o[inlineField], `${path}.${inlineField}`),
    attached: attached(o.AttachedManagedPolicies, `${path}.AttachedManagedPolicies`),
  });

  const users = list(root.UserDetailList, "UserDetailList").map((u, i): UserDetail => {
    const path = `UserDetailList[${i}]`;
    const o = obj(u, path);
    const groups = list(o.GroupList, `${path}.GroupList`).map((g, j) => str(g, `${path}.GroupList[${j}]`));
    const b = boundary(o.PermissionsBoundary, `${path}.PermissionsBoundary`);
    return { kind: "user", ...base(o, path, "UserName", "UserPolicyList"), groups, ...(b ? { boundary: b } : {}) };
  });
  const groups = list(root.GroupDetailList, "GroupDetailList").map((g, i): GroupDetail => {
    const path = `GroupDetailList[${i}]`;
    return { kind: "group", ...base(obj(g, path), path, "GroupName", "GroupPolicyList") };
  });
  const roles = list(root.RoleDetailList, "RoleDetailList").map((r, i): RoleDetail => {
    const path = `RoleDetailList[${i}]`;
    const o = obj(r, path);
    const b = boundary(o.PermissionsBoundary, `${path}.PermissionsBoundary`);
    const trust =
      o.AssumeRolePolicyDocument === undefined || o.AssumeRolePolicyDocument === null
        ? []
        : readTrust(decoded(o.AssumeRolePolicyDocument, `${path}.AssumeRolePolicyDocument`));
    return { kind: "role", ...base(o, path, "RoleName", "RolePolicyList"), trust, ...(b ? { boundary: b } : {}) };
  });

  const policies = new Map<string, ManagedPolicy>();
  list(root.Policies, "Policies").forEach((p, i) => {
    const path = `Policies[${i}]`;
    const o = obj(p, path);
    const policyArn = arn(o.Arn, `${path}.Arn`);
    const versions = list(o.PolicyVersionList, `${path}.PolicyVersionList`).map((v, j) => obj(v, `${path}.PolicyVersionList[${j}]`));
    const index = versions.findIndex((v) =>
      o.DefaultVersionId !== undefined ? v.VersionId === o.DefaultVersionId : v.IsDefaultVersion === true,
    );
    if (index < 0)
      fail(
        `${path}.PolicyVersionList`,
        `holds no default version${typeof o.DefaultVersionId === "string" ? ` (DefaultVersionId ${o.DefaultVersionId})` : ""}: the policy cannot be evaluated`,
      );
    const v = versions[index];
    policies.set(policyArn, {
      arn: policyArn,
      name: str(o.PolicyName, `${path}.PolicyName`),
      doc: document(v.Document, `${path}.PolicyVersionList[${index}].Document`),
      versionId: typeof v.VersionId === "string" ? v.VersionId : "",
    });
  });

  // One account and one partition: the principals' and the customer managed policies'.
  const owned = [...users, ...groups, ...roles]
    .map((e) => e.arn)
    .concat([...policies.keys()])
    .map((a) => IAM_ARN.exec(a)!);
  const accounts = [...new Set(owned.map((m) => m[2]).filter((a) => a !== "aws"))].sort();
  if (accounts.length > 1)
    fail("", `holds principals or policies of several accounts (${accounts.join(", ")}): audit one account per file`);
  const partitions = [...new Set(owned.map((m) => m[1]))].sort();
  if (partitions.length > 1) fail("", `holds ARNs of several partitions (${partitions.join(", ")}): audit one account per file`);
  return { users, groups, roles, policies, partition: partitions[0] ?? "aws", ...(accounts.length ? { account: accounts[0] } : {}) };
}
