import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { hasGeneratedHeader } from "../model/generated";

/**
 * What a run would do to the output folder, computed before anything is written, so that a run
 * either writes everything it should or nothing.
 */
export type Change =
  | { kind: "write"; path: string; content: string; existed: boolean }
  | { kind: "unchanged"; path: string }
  | { kind: "remove"; path: string }
  | { kind: "blocked"; path: string; reason: string };

/** Resolves a relative path inside root, refusing anything that would land outside it. */
export function insideRoot(root: string, rel: string): string {
  const abs = resolve(root, rel);
  const r = relative(resolve(root), abs);
  if (r === "" || r.startsWith(`..${sep}`) || r === ".." || resolve(r) === r) throw new Error(`refusing to write outside ${root}: ${rel}`);
  return abs;
}

/** Every generated file (one that carries the header) under root/dir, relative to root, in order. */
function generatedFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((f) => {
      const rel = `${dir}/${f.name}`;
      if (f.isDirectory()) return generatedFiles(root, rel);
      return f.isFile() && hasGeneratedHeader(readFileSync(join(root, rel), "utf8")) ? [rel] : [];
    });
}

/** Every folder some wanted file lives in, at any depth (a profile's, and its sub-modules'). */
const wantedDirs = (wanted: Map<string, string>) =>
  new Set(
    [...wanted.keys()].flatMap((k) =>
      k
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );

/** The top-level folders some wanted file lives in: one per profile. */
const wantedTops = (wanted: Map<string, string>) => new Set([...wanted.keys()].filter((k) => k.includes("/")).map((k) => k.split("/")[0]));

/**
 * Top-level folders of root that hold generated files but no wanted file: the modules of profiles
 * that are not in the config (the committed default's, say, once a config names other profiles).
 */
export function unconfiguredFolders(root: string, wanted: Map<string, string>): string[] {
  if (!existsSync(root)) return [];
  const tops = wantedTops(wanted);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !tops.has(d.name) && generatedFiles(root, d.name).length > 0)
    .map((d) => d.name)
    .sort((a, b) => a.localeCompare(b));
}

/**
 * Compares the wanted files (relative path → content) with the output folder. Inside a wanted
 * profile's folder, a sub-folder that no wanted file lives in any more (a sub-module dropped, at any
 * depth) has its generated files removed; files beside wanted ones are left alone (ACCESS.md is
 * another command's). The folder of a profile that is no longer wanted is removed only with
 * `prune` (see unconfiguredFolders). Only files that carry the generated header are ever removed.
 */
export function planOutput(root: string, wanted: Map<string, string>, force = false, prune = false): Change[] {
  const changes: Change[] = [];
  for (const [rel, content] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const path = insideRoot(root, rel);
    if (!existsSync(path)) {
      changes.push({ kind: "write", path: rel, content, existed: false });
      continue;
    }
    const current = readFileSync(path, "utf8");
    if (current === content) changes.push({ kind: "unchanged", path: rel });
    else if (!hasGeneratedHeader(current) && !force)
      changes.push({ kind: "blocked", path: rel, reason: "lacks the generated header (edited by hand?); use --force" });
    else changes.push({ kind: "write", path: rel, content, existed: true });
  }
  if (!existsSync(root)) return changes;
  const dirs = wantedDirs(wanted);
  const remove = (rel: string) => changes.push({ kind: "remove", path: rel });
  const visit = (dir: string) => {
    if (!existsSync(join(root, dir)) || !lstatSync(join(root, dir)).isDirectory()) return;
    for (const d of readdirSync(join(root, dir), { withFileTypes: true })
      .filter((x) => x.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${d.name}`;
      if (dirs.has(rel)) visit(rel);
      else generatedFiles(root, rel).forEach(remove);
    }
  };
  [...wantedTops(wanted)].sort().forEach(visit);
  if (prune) unconfiguredFolders(root, wanted).forEach((top) => generatedFiles(root, top).forEach(remove));
  return changes;
}

/** The message for a run that refused to write: each file that lacks the generated header. */
export function blockedMessage(changes: Change[]): string | undefined {
  const blocked = changes.filter((c): c is Extract<Change, { kind: "blocked" }> => c.kind === "blocked");
  if (!blocked.length) return undefined;
  return `nothing written:\n${blocked.map((c) => `  ${c.path}: ${c.reason}`).join("\n")}\n`;
}

/** Writes through a temporary file and a rename, so a reader sees the old file or the new one. */
export function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A link inside the output folder must not carry a write outside it. */
function refuseLinksOut(root: string, path: string): void {
  const realRoot = realpathSync(root);
  const parent = realpathSync(dirname(path));
  const rel = relative(realRoot, parent);
  if (rel.startsWith("..") || resolve(rel) === rel) throw new Error(`refusing to write through a link that leaves ${root}: ${path}`);
  if (existsSync(path) && lstatSync(path).isSymbolicLink()) throw new Error(`refusing to replace a symbolic link: ${path}`);
}

export function applyChanges(root: string, changes: Change[]): void {
  const writes = changes.filter((c) => c.kind === "write" || c.kind === "remove");
  if (!writes.length) return;
  mkdirSync(root, { recursive: true });
  // Every check before the first write: a refused path leaves the folder as it was.
  for (const c of writes) {
    const path = insideRoot(root, c.path);
    if (existsSync(dirname(path))) refuseLinksOut(root, path);
  }
  for (const c of writes) {
    const path = insideRoot(root, c.path);
    if (c.kind === "write") {
      mkdirSync(dirname(path), { recursive: true });
      refuseLinksOut(root, path);
      writeAtomic(path, c.content);
    }
    if (c.kind === "remove") {
      rmSync(path);
      // Folders left empty go too, up to the output folder.
      for (let dir = dirname(path); dir !== resolve(root) && readdirSync(dir).length === 0; dir = dirname(dir))
        rmSync(dir, { recursive: true });
    }
  }
}
