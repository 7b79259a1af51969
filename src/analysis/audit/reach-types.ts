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
  /** The first step's trust policy names the principal itself, or its account (or anyone). */
  trustedBy: "name" | "account";
  /** The roles assumed on the way, in order, when the principal reaches the role through others (the shortest chain). */
  chain?: string[];
  /** The first step: its own policy and statement that allow sts:AssumeRole; none when the trust policy alone suffices. */
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
