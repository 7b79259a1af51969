/**
 * tighten: rewrites a broad policy into the tag-scoped one. The statements it adds are those a
 * generated module has, built by the same model (buildModule + evalPolicy) for the profile the
 * input means, with a concrete partition (a JSON policy cannot read data.aws_partition), less every
 * action the input did not grant: tighten narrows, it never grants anything new. It says every
 * action it takes out, scopes, leaves out or cannot scope, and refuses a result IAM would refuse.
 */
import { buildModule } from "../../model/module";
import { LIST_COMMAND_INVOCATIONS } from "../../model/policy";
import { envFor, evalPolicy } from "../../model/policy-document";
import { InputError } from "../../base/errors";
import { LIMITS } from "../../profile/limits";
import { atOptions, problemsOf } from "../../profile/problems";
import { ProfileSchema } from "../../profile/schema";
import { coveringPattern, covers } from "../lint/statement-scope";
import { type PolicyDoc, readPolicy, statementName } from "../policy-input";
import { type Inferred, type TightenOptions, inferProfile, inferTagKey } from "./infer";
import { UNSCOPABLE_ACTIONS, withoutScopedActions } from "./rewrite";

export type { TightenOptions } from "./infer";

export interface ActionReport {
  /** Actions the added statements grant: each one the input granted, now scoped. */
  scoped: string[];
  /** Actions the output grants that the input did not: none, by construction (a test holds it so). */
  added: string[];
  /** Actions the input granted that the output no longer grants. */
  removed: string[];
  /** Actions of the generated statements left out because the input did not grant them, and why they matter. */
  notAdded: { action: string; why: string }[];
  /** Wildcards taken out whole, with the other actions they covered (not kept: tighten cannot scope them). */
  notKept: { statement: string; patterns: string[]; actions: string[] }[];
  /** Ways to run commands the opt-in tag cannot scope that the output still allows, as the input wrote them. */
  unscoped: { statement: string; actions: string[] }[];
}

export interface TightenResult {
  /** The new policy document; the input itself when it grants nothing tighten scopes. */
  policy: Record<string, unknown>;
  inferred?: Inferred;
  /** What changed and why, one line each. */
  changes: string[];
  actions: ActionReport;
  /** Characters IAM counts (whitespace outside strings not counted), and the managed-policy limit. */
  size: { chars: number; limit: number };
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_, x) =>
    Array.isArray(x) ? [...x].sort() : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).sort()) : x,
  );
const sameStatement = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const strip = ({ Sid: _sid, ...rest }: Record<string, unknown>) => rest;
  const asList = (s: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(strip(s)).map(([k, v]) => [k, typeof v === "string" && k !== "Effect" ? [v] : v]));
  return canonical(asList(a)) === canonical(asList(b));
};

/** Maps the profile's validation problems to the options the user gave. */
const OPTION_OF: Record<string, string> = {
  "tag.key": "--tag-key",
  "tag.values": "--tag-value",
  "runCommand.documents": "--document",
  "sessions.documents": "--session-document",
};

/** Why a generated action matters, when the input did not grant it and tighten leaves it out. */
const NEEDED_FOR: Record<string, string> = {
  "ssm:ResumeSession": "reconnects to one's own session after a network break",
  "ssm:TerminateSession": "ends one's own sessions",
  "ssmmessages:OpenDataChannel": "the Session Manager client needs it to open a session: grant it if sessions fail to start",
  "ssm:GetCommandInvocation": "reads the result of a command the platform sent",
  "ssm:DescribeInstanceInformation": "lists the managed nodes",
  "kms:GenerateDataKey": "sessions encrypted with a KMS key need it",
};

const sizeOf = (policy: unknown) => JSON.stringify(policy).length;

const nothing = (doc: PolicyDoc, message: string): TightenResult => ({
  policy: doc.raw,
  changes: [message],
  actions: { scoped: [], added: [], removed: [], notAdded: [], notKept: [], unscoped: [] },
  size: { chars: sizeOf(doc.raw), limit: LIMITS.managedPolicyChars },
});

/**
 * ECS Exec reaches containers through SSM but is authorised against ECS tasks and clusters: tighten
 * writes the SSM statements of a generated module and does not scope it. Said where the input grants it.
 */
function ecsExecNote(doc: PolicyDoc): string {
  const granting = doc.statements.filter((s) => s.effect === "Allow" && coveringPattern(s, "ecs:ExecuteCommand"));
  if (!granting.length) return "";
  return `. ECS Exec (ecs:ExecuteCommand, in ${granting.map(statementName).join(", ")}) is not something tighten scopes: it is authorised against ECS tasks and clusters, not SSM nodes; scope it yourself with a condition on ecs:ResourceTag/<opt-in key> (scoped-ssm lint says how)`;
}

export async function tighten(raw: unknown, file: string, opts: TightenOptions): Promise<TightenResult> {
  const doc: PolicyDoc = readPolicy(raw, file);
  const rewritten = await Promise.all(doc.statements.map(withoutScopedActions));
  const sources = doc.statements.filter((_, i) => rewritten[i].scoped.length);
  if (!sources.some((s) => rewritten[s.index].scoped.some((a) => /SendCommand|StartSession/.test(a))))
    return nothing(
      doc,
      `nothing to tighten: no statement allows ssm:SendCommand or ssm:StartSession; the policy is unchanged${ecsExecNote(doc)}`,
    );

  const tagKey = opts.tagKey ?? inferTagKey(sources, file);
  const inferred = await inferProfile(doc, sources, file, { ...opts, tagKey });
  if (opts.tagKey === undefined)
    inferred.decisions.unshift(`opt-in tag key ${tagKey} (from the input's tag condition; pass --tag-key to change)`);
  const parsed = ProfileSchema.safeParse(inferred.profile);
  if (!parsed.success) throw new InputError(atOptions(problemsOf(parsed.error, inferred.profile, file, ProfileSchema), OPTION_OF));
  const model = buildModule(parsed.data);
  const inputGrants = (action: string) => doc.statements.some((s) => s.effect === "Allow" && covers(s, action));

  // The generated statements, less every action the input did not grant: tighten adds nothing.
  const notAdded: ActionReport["notAdded"] = [];
  // Per generated statement, the actions left out: its "why" then speaks of more than it grants.
  const narrowed = new Map<string, string[]>();
  const generated = (
    evalPolicy(model, envFor(model, inferred.partition, {}, inferred.account)).Statement as unknown as Record<string, unknown>[]
  ).flatMap((g) => {
    if (g.Effect !== "Allow") return [g];
    const actions = g.Action as string[];
    const granted = actions.filter(inputGrants);
    if (granted.length && granted.length < actions.length)
      narrowed.set(
        g.Sid as string,
        actions.filter((x) => !granted.includes(x)),
      );
    for (const a of actions.filter((x) => !granted.includes(x)))
      if (!notAdded.some((n) => n.action === a)) notAdded.push({ action: a, why: NEEDED_FOR[a] ?? "part of a generated module's policy" });
    return granted.length ? [{ ...g, Action: granted }] : [];
  });

  const changes: string[] = [];
  const kept: (Record<string, unknown> | "generated")[] = [];
  const notKept: ActionReport["notKept"] = [];
  doc.statements.forEach((s, i) => {
    const r = rewritten[i];
    const name = statementName(s);
    if (!r.scoped.length) {
      const duplicate = s.effect === "Deny" && generated.some((g) => sameStatement(s.raw, g));
      if (duplicate) changes.push(`- ${name}: removed; the same Deny is among the statements added`);
      else kept.push(s.raw);
      return;
    }
    // What is left of the first broad statement stays where it was; the generated statements follow it.
    if (r.statement) {
      kept.push(r.statement);
      changes.push(
        `~ ${name}: kept without ${(r.removedPatterns.length ? r.removedPatterns : r.scoped).join(", ")}${r.notes.length ? `; ${r.notes.join("; ")}` : ""}`,
      );
    } else
      changes.push(
        `- ${name}: removed; it allowed ${r.scoped.join(", ")}, now granted by the statements added as far as it granted them${r.notes.length ? `; ${r.notes.join("; ")}` : ""}`,
      );
    if (r.notKept.length) notKept.push({ statement: name, patterns: r.removedPatterns, actions: r.notKept });
    if (r.scoped.includes(LIST_COMMAND_INVOCATIONS))
      changes.push(`  ${LIST_COMMAND_INVOCATIONS} is not granted again: it returns the output of every command in the account`);
    if (!kept.includes("generated")) kept.push("generated");
  });

  const taken = new Set(kept.flatMap((k) => (k !== "generated" && typeof k.Sid === "string" ? [k.Sid] : [])));
  const added = generated.map((g): Record<string, unknown> => {
    let sid = g.Sid as string;
    const why = model.policy.statements.find((s) => s.sid === sid)!.why;
    const without = narrowed.get(sid);
    while (taken.has(sid)) sid = `${sid}Scoped`;
    taken.add(sid);
    changes.push(
      `+ ${sid}: ${why} (${(g.Action as string[]).join(", ")}${without ? `; not ${without.join(", ")}, which the input does not grant` : ""})`,
    );
    return { ...g, Sid: sid };
  });

  const statements = kept.flatMap((k) => (k === "generated" ? added : [k]));
  const policy = { ...doc.raw, Version: doc.raw.Version ?? "2012-10-17", Statement: statements };

  // Every action, as the input and the output grant it.
  const out = readPolicy(policy, "(output)");
  const outputGrants = (action: string) => out.statements.some((s) => s.effect === "Allow" && covers(s, action));
  const scopedActions = [...new Set(added.filter((g) => g.Effect === "Allow").flatMap((g) => g.Action as string[]))];
  const candidates = new Set([...rewritten.flatMap((r) => [...r.scoped, ...r.notKept]), ...notAdded.map((n) => n.action)]);
  const actions: ActionReport = {
    scoped: scopedActions,
    added: scopedActions.filter((a) => !inputGrants(a)),
    removed: [...candidates].filter((a) => inputGrants(a) && !outputGrants(a)).sort(),
    notAdded,
    notKept,
    unscoped: out.statements
      .filter((s) => s.effect === "Allow")
      .flatMap((s) => {
        const found = UNSCOPABLE_ACTIONS.filter((a) => covers(s, a));
        return found.length ? [{ statement: statementName(s), actions: found }] : [];
      }),
  };
  if (actions.added.length) throw new Error(`tighten would grant what the input did not: ${actions.added.join(", ")}`);

  const size = { chars: sizeOf(policy), limit: LIMITS.managedPolicyChars };
  if (size.chars > size.limit) {
    const largest = statements
      .map((s, i) => [statementName({ index: i, sid: typeof s.Sid === "string" ? s.Sid : undefined }), sizeOf(s)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([label, n]) => `${label} ${n}`);
    throw new InputError([
      {
        file,
        path: "",
        message: `the tightened policy would hold ${size.chars} characters, over IAM's limit of ${size.limit} for a managed policy (whitespace not counted); its largest statements: ${largest.join(", ")}. Move the statements tighten keeps as written to a policy of their own, then tighten the rest`,
      },
    ]);
  }
  return { policy, inferred, changes, actions, size };
}
