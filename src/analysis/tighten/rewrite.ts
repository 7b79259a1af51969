/**
 * Takes the actions scoped-ssm generates out of an input statement, leaving the rest of it as it
 * was: its other actions, resources and conditions untouched. A wildcard that covers one of them
 * (`ssm:*`, `ssm:Start*`) is taken out whole, never expanded into the actions it covers today: the
 * others are listed as not kept, since tighten cannot scope them. "*" and NotAction also leave out
 * what cannot be scoped by the opt-in tag (associations, Automation, maintenance windows, ECS Exec).
 */
import {
  DATA_CHANNEL_ACTIONS,
  LIST_COMMAND_INVOCATIONS,
  OWN_SESSION_ACTIONS,
  READ_ACTIONS,
  RUN_COMMAND_ACTIONS,
  SESSION_ACTIONS,
} from "../../model/policy";
import { hasWildcard } from "../glob";
import { actionMatches, expandActionPattern } from "../lint/service-reference";
import { covers } from "../lint/statement-scope";
import { INDIRECT_COMMAND_PATHS } from "../node-paths";
import type { PolicyStatement } from "../policy-input";

/** The actions a generated module grants: tighten moves them out of the input into its statements. */
/** Taken out of broad statements; ListCommandInvocations (every command's output) is not granted back. */
export const SCOPED_ACTIONS = [
  ...RUN_COMMAND_ACTIONS,
  ...SESSION_ACTIONS,
  ...OWN_SESSION_ACTIONS,
  ...DATA_CHANNEL_ACTIONS,
  ...READ_ACTIONS,
  LIST_COMMAND_INVOCATIONS,
];

/** Ways to run commands that the opt-in tag cannot scope: tighten keeps none of them from "*" or NotAction. */
export const UNSCOPABLE_ACTIONS = [...INDIRECT_COMMAND_PATHS.map((p) => p.action), "ecs:ExecuteCommand"];

const isScoped = (action: string) => SCOPED_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase());

export interface Rewritten {
  /** The statement without the scoped actions, or undefined when nothing is left of it. */
  statement?: Record<string, unknown>;
  /** The scoped actions it allowed. */
  scoped: string[];
  /** Action patterns taken out whole: wildcards that covered a scoped action. */
  removedPatterns: string[];
  /** Actions it allowed that the statement no longer does and tighten does not grant again (it cannot scope them). */
  notKept: string[];
  /** What happened to its Action element, for the report. */
  notes: string[];
}

/** Keeps a one-element list as the string it was, as the input wrote it. */
const asWritten = (original: unknown, list: string[]) => (typeof original === "string" && list.length === 1 ? list[0] : list);

const unchanged = (s: PolicyStatement): Rewritten => ({ statement: s.raw, scoped: [], removedPatterns: [], notKept: [], notes: [] });

export async function withoutScopedActions(s: PolicyStatement): Promise<Rewritten> {
  const scoped = SCOPED_ACTIONS.filter((a) => covers(s, a));
  if (s.effect !== "Allow" || !scoped.length) return unchanged(s);
  const notes: string[] = [];
  const base = { scoped, removedPatterns: [] as string[] };
  if (s.notAction || s.action!.includes("*")) {
    // "*" less some actions can only be written as NotAction; leave out what cannot be scoped too.
    const unscopable = UNSCOPABLE_ACTIONS.filter((a) => covers(s, a));
    const excluded = [...SCOPED_ACTIONS, ...unscopable].filter((a) => covers(s, a));
    if (s.notAction) {
      notes.push(`NotAction now also excludes ${excluded.join(", ")}`);
      return { ...base, statement: { ...s.raw, NotAction: [...s.notAction, ...excluded] }, notKept: unscopable, notes };
    }
    notes.push(`Action "*" became NotAction ${excluded.join(", ")}: it still allows every other action`);
    const rest = { ...s.raw };
    delete rest.Action;
    return { ...base, statement: { ...rest, NotAction: excluded }, notKept: unscopable, notes };
  }
  const kept: string[] = [];
  const removed: string[] = [];
  for (const pattern of s.action!) {
    if (!hasWildcard(pattern)) {
      if (!isScoped(pattern)) kept.push(pattern);
    } else if (SCOPED_ACTIONS.some((a) => actionMatches(pattern, a))) removed.push(pattern);
    else kept.push(pattern);
  }
  // What the removed wildcards covered besides the scoped actions, and no kept pattern still grants.
  const covered = new Set<string>();
  for (const pattern of removed) for (const a of (await expandActionPattern(pattern)) ?? []) covered.add(a);
  const notKept = [...covered].filter((a) => !isScoped(a) && !kept.some((p) => actionMatches(p, a))).sort();
  if (removed.length)
    notes.push(
      `${removed.join(", ")} taken out whole, not expanded: ${notKept.length} other action${notKept.length === 1 ? "" : "s"} ${removed.length === 1 ? "it" : "they"} covered ${notKept.length === 1 ? "is" : "are"} not kept (tighten cannot scope them)`,
    );
  const unique = [...new Set(kept)];
  if (!unique.length) return { scoped, removedPatterns: removed, notKept, notes };
  return { statement: { ...s.raw, Action: asWritten(s.raw.Action, unique) }, scoped, removedPatterns: removed, notKept, notes };
}
