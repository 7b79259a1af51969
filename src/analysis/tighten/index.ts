/**
 * tighten: rewrites a broad policy into the tag-scoped one. The statements it adds are those a
 * generated module has, built by the same model (buildModule + evalPolicy) for the profile the
 * input means, with a concrete partition (a JSON policy cannot read data.aws_partition).
 */
import { buildModule } from "../../model/module";
import { LIST_COMMAND_INVOCATIONS } from "../../model/policy";
import { envFor, evalPolicy } from "../../model/policy-document";
import { InputError } from "../../profile/errors";
import { ProfileSchema } from "../../profile/schema";
import { type PolicyDoc, readPolicy, statementName } from "../policy-input";
import { type Inferred, type TightenOptions, inferProfile } from "./infer";
import { withoutScopedActions } from "./rewrite";

export type { TightenOptions } from "./infer";

export interface TightenResult {
  /** The new policy document; undefined when the input grants nothing tighten scopes. */
  policy: Record<string, unknown>;
  inferred?: Inferred;
  /** What changed and why, one line each. */
  changes: string[];
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

export async function tighten(raw: unknown, file: string, opts: TightenOptions): Promise<TightenResult> {
  const doc: PolicyDoc = readPolicy(raw, file);
  const rewritten = await Promise.all(doc.statements.map(withoutScopedActions));
  const sources = doc.statements.filter((_, i) => rewritten[i].scoped.length);
  if (!sources.some((s) => rewritten[s.index].scoped.some((a) => /SendCommand|StartSession/.test(a))))
    return { policy: doc.raw, changes: ["nothing to tighten: no statement allows ssm:SendCommand or ssm:StartSession; the policy is unchanged"] };

  const inferred = await inferProfile(doc, sources, file, opts);
  const parsed = ProfileSchema.safeParse(inferred.profile);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => {
        const path = i.path.join(".");
        const option = Object.entries(OPTION_OF).find(([p]) => path.startsWith(p))?.[1];
        return { file: option ? "command line" : file, path: option ?? path, message: i.message };
      }),
    );
  const model = buildModule(parsed.data);
  const generated = evalPolicy(model, envFor(model, inferred.partition)).Statement as unknown as Record<string, unknown>[];

  const changes: string[] = [];
  const kept: (Record<string, unknown> | "generated")[] = [];
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
      changes.push(`~ ${name}: kept without ${r.scoped.join(", ")}${r.notes.length ? `; ${r.notes.join("; ")}` : ""}`);
    } else changes.push(`- ${name}: removed; it allowed ${r.scoped.join(", ")}, now granted by the statements added`);
    if (r.scoped.includes(LIST_COMMAND_INVOCATIONS))
      changes.push(`  ${LIST_COMMAND_INVOCATIONS} is not granted again: it returns the output of every command in the account`);
    if (!kept.includes("generated")) kept.push("generated");
  });

  const taken = new Set(kept.flatMap((k) => (k !== "generated" && typeof k.Sid === "string" ? [k.Sid] : [])));
  const added = generated.map((g) => {
    let sid = g.Sid as string;
    const why = model.policy.statements.find((s) => s.sid === sid)!.why;
    while (taken.has(sid)) sid = `${sid}Scoped`;
    taken.add(sid);
    changes.push(`+ ${sid}: ${why}`);
    return { ...g, Sid: sid };
  });

  const statements = kept.flatMap((k) => (k === "generated" ? added : [k]));
  const policy = { ...doc.raw, Version: doc.raw.Version ?? "2012-10-17", Statement: statements };
  return { policy, inferred, changes };
}
