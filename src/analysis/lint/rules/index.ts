import type { RuleFamily, RuleMeta } from "../types";
import { actionRules } from "./actions";
import { conditionRules } from "./conditions";
import { coverageRules } from "./coverage";
import { documentRules } from "./documents";
import { notElementRules } from "./not-elements";
import { partitionRules } from "./partition";
import { pathRules } from "./paths";
import { resourceRules } from "./resources";
import { sessionRules } from "./sessions";
import { tagScopingRules } from "./tag-scoping";

/** Every rule family, in report order: correctness against the service reference first, then scoping. */
export const RULE_FAMILIES: readonly RuleFamily[] = [
  actionRules,
  resourceRules,
  documentRules,
  conditionRules,
  tagScopingRules,
  pathRules,
  notElementRules,
  sessionRules,
  partitionRules,
  coverageRules,
];

export const RULES: readonly RuleMeta[] = RULE_FAMILIES.flatMap((f) => f.rules);
export const ruleById = new Map(RULES.map((r) => [r.id, r]));
