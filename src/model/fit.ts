/**
 * Whether a profile's policy can fit in managed policies at all. generate splits a large policy by
 * its resources, but a condition's values stay in one statement, and one statement in one policy:
 * a profile whose statement alone is over IAM's limit can never be deployed. This says which field
 * makes it so, before anything is written.
 */
import { InputError } from "../base/errors";
import { LIMITS } from "../profile/limits";
import { pathText } from "../profile/problems";
import type { Profile } from "../profile/schema";
import { type ModuleModel, buildModule } from "./module";
import { policyChars } from "./policy-document";

export interface SizeProblem {
  /** The profile field, e.g. ["tag", "values"]. */
  path: (string | number)[];
  message: string;
}

const LIMIT = LIMITS.managedPolicyChars;
const n = (x: number) => x.toLocaleString("en-US");

/** The profile with one list field cut to its first item: the fields whose length can push a statement over. */
const SHRINKABLE: { path: string[]; what: string; shrink: (p: Profile) => Profile | undefined }[] = [
  {
    path: ["tag", "values"],
    what: "tag values",
    shrink: (p) => (p.tag.values.length > 1 ? { ...p, tag: { ...p.tag, values: p.tag.values.slice(0, 1) } } : undefined),
  },
  {
    path: ["runCommand", "documents"],
    what: "Run Command documents",
    shrink: (p) =>
      p.runCommand && p.runCommand.documents.length > 1
        ? { ...p, runCommand: { documents: p.runCommand.documents.slice(0, 1) } }
        : undefined,
  },
  {
    path: ["sessions", "documents"],
    what: "session documents",
    shrink: (p) =>
      p.sessions && p.sessions.documents.length > 1
        ? { ...p, sessions: { ...p.sessions, documents: p.sessions.documents.slice(0, 1) } }
        : undefined,
  },
  {
    path: ["sessions", "kmsKeyArns"],
    what: "KMS keys",
    shrink: (p) =>
      p.sessions && p.sessions.kmsKeyArns.length > 1
        ? { ...p, sessions: { ...p.sessions, kmsKeyArns: p.sessions.kmsKeyArns.slice(0, 1) } }
        : undefined,
  },
  {
    path: ["scope", "regions"],
    what: "regions",
    shrink: (p) =>
      p.scope.regions && p.scope.regions.length > 1 ? { ...p, scope: { ...p.scope, regions: p.scope.regions.slice(0, 1) } } : undefined,
  },
  {
    path: ["scope", "accounts"],
    what: "accounts",
    shrink: (p) =>
      p.scope.accounts && p.scope.accounts.length > 1 ? { ...p, scope: { ...p.scope, accounts: p.scope.accounts.slice(0, 1) } } : undefined,
  },
];

const largest = (m: ModuleModel) => Math.max(...m.policy.atDefaults.map(policyChars));

const message = (what: string, count: number, chars: number) =>
  `${n(count)} ${what} make a policy statement of at least ${n(chars)} characters, which no split can fit in a managed policy: IAM allows at most ${n(LIMIT)} (whitespace not counted, sized in the longest partition, aws-us-gov); list fewer or shorter ${what}`;

/**
 * Quick, before the model is built: the tag values stand together in one condition of one statement,
 * so their JSON alone over the limit can never fit (a config of megabytes of values is refused at once).
 */
export function tagValuesNeverFit(p: Profile): SizeProblem | undefined {
  const chars = JSON.stringify(p.tag.values).length;
  return chars > LIMIT ? { path: ["tag", "values"], message: message("tag values", p.tag.values.length, chars) } : undefined;
}

/**
 * The field that puts the built policy over the limit: the list field whose cutting to one item
 * shrinks the largest policy most (and, among those, one that alone makes it fit).
 */
export function sizeProblem(model: ModuleModel): SizeProblem | undefined {
  const size = largest(model);
  if (size <= LIMIT) return undefined;
  const tries = SHRINKABLE.flatMap((f) => {
    const smaller = f.shrink(model.profile);
    return smaller
      ? [{ ...f, count: f.path.reduce<any>((o, k) => o[k], model.profile).length as number, size: largest(buildModule(smaller)) }]
      : [];
  }).sort((a, b) => Number(a.size > LIMIT) - Number(b.size > LIMIT) || a.size - b.size);
  const culprit = tries[0];
  if (!culprit) return { path: [], message: `the policy needs ${n(size)} characters, more than the ${n(LIMIT)} a managed policy holds` };
  return { path: culprit.path, message: message(culprit.what, culprit.count, size) };
}

/**
 * The models of a config's profiles, or an InputError (from `file`) naming the field of the first
 * profile whose policy can never fit: what generate and the CDKTF app check before writing anything.
 */
export function buildFittingModules(profiles: Profile[], file: string): ModuleModel[] {
  const refuse = (i: number, problem: SizeProblem) =>
    new InputError([{ file, path: pathText(undefined, ["profiles", i, ...problem.path]), message: problem.message }]);
  profiles.forEach((p, i) => {
    const early = tagValuesNeverFit(p);
    if (early) throw refuse(i, early);
  });
  return profiles.map((p, i) => {
    const model = buildModule(p);
    const problem = sizeProblem(model);
    if (problem) throw refuse(i, problem);
    return model;
  });
}
