/** Who can become a role with findings, as reports carry it (reach.ts finds them). */
import type { Category } from "./categories";
import type { PrincipalType } from "./principals";

export interface Reach {
  /** Who can assume the role. */
  principal: string;
  principalName: string;
  principalType: PrincipalType;
  /** The role, and the categories of its own findings. */
  role: string;
  roleName: string;
  categories: Category[];
  /** The trust policy names the principal itself, or its account (or anyone). */
  trustedBy: "name" | "account";
  /** Its own policy and statement that allow sts:AssumeRole on the role; none when the trust policy alone suffices. */
  via?: [policy: string, statement: string];
  conditional: boolean;
  /** What the audit could not decide: trust conditions, and conditions of the allowing statement. */
  undecided: string[];
}

/** Reach by principal: each principal once, with every role it can assume. */
export interface ReachGroup {
  principal: string;
  principalName: string;
  principalType: PrincipalType;
  roles: Omit<Reach, "principal" | "principalName" | "principalType">[];
}
