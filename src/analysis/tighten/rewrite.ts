/**
 * Takes the actions scoped-ssm generates out of an input statement, leaving the rest of it as it
 * was: its other actions, resources and conditions untouched.
 */
import { DATA_CHANNEL_ACTIONS, LIST_COMMAND_INVOCATIONS, OWN_SESSION_ACTIONS, READ_ACTIONS, RUN_COMMAND_ACTIONS, SESSION_ACTIONS } from "../../model/policy";
import { hasWildcard } from "../glob";
import { actionMatches, expandActionPattern } from "../lint/service-reference";
import { covers } from "../lint/statement-scope";
import type { PolicyStatement } from "../policy-input";

/** The actions a generated module grants: tighten moves them out of the input into its statements. */
/** Taken out of broad statements; ListCommandInvocations (every command's output) is not granted back. */
export const SCOPED_ACTIONS = [...RUN_COMMAND_ACTIONS, ...SESSION_ACTIONS, ...OWN_SESSION_ACTIONS, ...DATA_CHANNEL_ACTIONS, ...READ_ACTIONS, LIST_COMMAND_INVOCATIONS];

const isScoped = (action: string) => SCOPED_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase());

export interface Rewritten {
  /** The statement without the scoped actions, or undefined when nothing is left of it. */
  statement?: Record<string, unknown>;
  /** The scoped actions it allowed. */
  scoped: string[];
  /** What happened to its Action element, for the report. */
  notes: string[];
}

/** Keeps a one-element list as the string it was, as the input wrote it. */
const asWritten = (original: unknown, list: string[]) => (typeof original === "string" && list.length === 1 ? list[0] : list);

export async function withoutScopedActions(s: PolicyStatement): Promise<Rewritten> {
  const scoped = SCOPED_ACTIONS.filter((a) => covers(s, a));
  if (s.effect !== "Allow" || !scoped.length) return { statement: s.raw, scoped: [], notes: [] };
  const notes: string[] = [];
  if (s.notAction) {
    const added = SCOPED_ACTIONS.filter((a) => !s.notAction!.some((p) => actionMatches(p, a)));
    notes.push(`NotAction now also excludes ${added.join(", ")}`);
    return { statement: { ...s.raw, NotAction: [...s.notAction, ...added] }, scoped, notes };
  }
  if (s.action!.includes("*")) {
    // "*" less some actions can only be written as NotAction.
    notes.push(`Action "*" became NotAction ${SCOPED_ACTIONS.join(", ")}: it still allows every other action`);
    const rest = { ...s.raw };
    delete rest.Action;
    return { statement: { ...rest, NotAction: [...SCOPED_ACTIONS] }, scoped, notes };
  }
  const kept: string[] = [];
  for (const pattern of s.action!) {
    if (!hasWildcard(pattern)) {
      if (!isScoped(pattern)) kept.push(pattern);
      continue;
    }
    if (!SCOPED_ACTIONS.some((a) => actionMatches(pattern, a))) {
      kept.push(pattern);
      continue;
    }
    // A wildcard that covers a scoped action is replaced by the other actions it covers today.
    const others = ((await expandActionPattern(pattern)) ?? []).filter((a) => !isScoped(a));
    notes.push(
      `${pattern} was replaced by the ${others.length} other actions it covers in the service reference${others.length ? "" : " (none)"}; actions AWS adds later are no longer included`,
    );
    kept.push(...others);
  }
  const unique = [...new Set(kept)];
  if (!unique.length) return { scoped, notes };
  return { statement: { ...s.raw, Action: asWritten(s.raw.Action, unique) }, scoped, notes };
}
