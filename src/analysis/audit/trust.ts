/**
 * Who may assume a role: its trust policy (AssumeRolePolicyDocument), read as IAM reads a role's
 * trust. A principal ARN named there may assume the role from its own account without any
 * permission of its own; an account named there (its id, or its root ARN) delegates the choice to
 * that account's identity policies, which must allow sts:AssumeRole on the role; so must the
 * principal's own policies whenever the role is in another account (IAM User Guide, "Policy
 * evaluation logic" and "Cross-account policy evaluation logic").
 */
import { isObject } from "../../base/json";

export type TrustKind = "anyone" | "account" | "principal" | "service" | "federated";

export interface TrustEntry {
  kind: TrustKind;
  /** "*", a 12-digit account id, an IAM user or role ARN, a service or an identity provider. */
  principal: string;
  /** The statement's conditions, as text; empty: none. */
  conditions: string[];
}

const ASSUME = /^sts:(?:AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|\*)$|^\*$/i;
const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const ACCOUNT_ID = /^\d{12}$/;

const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

function conditionsOf(c: unknown): string[] {
  if (!isObject(c)) return [];
  return Object.entries(c).flatMap(([operator, keys]) =>
    isObject(keys) ? Object.entries(keys).map(([key, values]) => `${operator} ${key} = ${strings(values).join(", ")}`) : [],
  );
}

/** The entries of a trust policy that allow assuming the role; a Deny in it makes every entry conditional. */
export function readTrust(doc: unknown): TrustEntry[] {
  if (!isObject(doc)) return [];
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter(isObject);
  const denies = statements.some((s) => s.Effect === "Deny");
  const out: TrustEntry[] = [];
  for (const s of statements) {
    if (s.Effect !== "Allow" || !strings(s.Action).some((a) => ASSUME.test(a))) continue;
    const conditions = [...conditionsOf(s.Condition), ...(denies ? ["unless a Deny of the trust policy applies"] : [])];
    const add = (kind: TrustKind, principal: string) => out.push({ kind, principal, conditions });
    if (s.Principal === "*") add("anyone", "*");
    if (!isObject(s.Principal)) continue;
    for (const p of strings(s.Principal.AWS)) {
      if (p === "*") add("anyone", "*");
      else if (ACCOUNT_ID.test(p)) add("account", p);
      else if (ACCOUNT_ROOT.test(p)) add("account", ACCOUNT_ROOT.exec(p)![1]);
      else add("principal", p);
    }
    for (const p of strings(s.Principal.Service)) add("service", p);
    for (const p of strings(s.Principal.Federated)) add("federated", p);
  }
  return out;
}

/** The account of an IAM principal ARN. */
export const accountOf = (arn: string): string | undefined => /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];

/**
 * How the trust policy admits a principal of an audited account: by name (no permission of its own
 * needed in the role's account), through its account (its own policies must allow it), or not.
 */
export interface Admission {
  by: "name" | "account";
  entry: TrustEntry;
}

export function admits(trust: TrustEntry[], principalArn: string): Admission[] {
  const account = accountOf(principalArn);
  return trust.flatMap((entry): Admission[] => {
    if (entry.kind === "principal" && entry.principal.toLowerCase() === principalArn.toLowerCase()) return [{ by: "name", entry }];
    if ((entry.kind === "account" && entry.principal === account) || entry.kind === "anyone") return [{ by: "account", entry }];
    return [];
  });
}
