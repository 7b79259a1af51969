import type { PolicyDoc, PolicyStatement } from "../policy-input";
import type { PolicySource } from "../sources";
import type { ActionInfo } from "./service-reference";

export type Severity = "error" | "warning" | "note";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];
export const severityRank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s);

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters, for SARIF's help text and the README. */
  help: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  /** In a plan: the resource address and attribute. */
  address?: string;
  statement: { index: number; sid?: string };
  line?: number;
  /** The action, resource or condition key at fault. */
  at: string;
  message: string;
  fix: string;
}

/** What a rule may look at: the statement, its actions resolved against the service reference. */
export interface StatementFacts {
  statement: PolicyStatement;
  /** Action patterns without wildcards that name an existing action, with their reference entry. */
  exactActions: ActionInfo[];
}

export interface LintContext {
  source: PolicySource;
  doc: PolicyDoc;
  facts: StatementFacts[];
}

/** A finding before the linter adds the file, statement and severity. */
export interface RawFinding {
  ruleId: string;
  statement: PolicyStatement;
  at: string;
  message: string;
  fix: string;
}

/** A rule family's findings in one document: a list, or yielded one by one (lint sorts them). */
export type Findings = Iterable<RawFinding> | AsyncIterable<RawFinding> | Promise<RawFinding[]>;

export interface RuleFamily {
  rules: RuleMeta[];
  check(ctx: LintContext): Findings;
}
