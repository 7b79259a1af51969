/**
 * One `get-account-authorization-details` file that holds several accounts (collected by a script
 * that merged them, as cloudsplaining's public example does), split by the account in each ARN.
 * Each part keeps its own users, groups, roles and customer managed policies, and every AWS managed
 * policy (they belong to no account, and any part may attach them). A file of one account (or
 * none) comes back whole. What is not the expected shape is left for read-details.ts to refuse.
 */
import { isObject } from "../../base/json";

const LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;
const ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}|aws):/;

const accountOf = (entry: unknown): string | undefined =>
  isObject(entry) && typeof entry.Arn === "string" ? ACCOUNT.exec(entry.Arn)?.[1] : undefined;

export interface AccountPart {
  /** The account's id; undefined for a file of one account (or none), returned whole. */
  account?: string;
  raw: unknown;
}

export function splitByAccount(raw: unknown): AccountPart[] {
  if (!isObject(raw)) return [{ raw }];
  const accounts = new Set<string>();
  for (const key of LISTS) {
    const list = raw[key];
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      const a = accountOf(e);
      if (a && a !== "aws") accounts.add(a);
    }
  }
  if (accounts.size < 2) return [{ raw }];
  return [...accounts].sort().map((account) => {
    const part: Record<string, unknown> = { ...raw };
    for (const key of LISTS) {
      const list = raw[key];
      if (!Array.isArray(list)) continue;
      // An entry without a readable ARN goes to every part, where read-details.ts names its field.
      part[key] = list.filter((e) => {
        const a = accountOf(e);
        return a === undefined || a === account || (key === "Policies" && a === "aws");
      });
    }
    return { account, raw: part };
  });
}
