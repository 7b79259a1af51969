/**
 * Packs this repository as npm would publish it and installs the tarball into a fresh app outside
 * the repository, offline (from npm's cache, which `npm ci` fills: the app's own constructs version
 * comes from the devDependency alias constructs-10-4).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

export const ROOT = join(__dirname, "..", "..");

/** The environment for npm in a folder outside the repository: none of the outer npm's script variables. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) || /^npm_config_(cache|userconfig|registry)$/i.test(k)) env[k] = v;
  }
  return { ...env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
}

export function npm(cwd: string, args: string[]): string {
  const r = spawnSync("npm", args, { cwd, env: npmEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (status ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * What the package ships is dist/src/, which `npm test` (tsc before jest) and `npm run build` write.
 * Throws, naming the command, when a source file is newer than its output (jest run on its own).
 */
export function assertBuilt(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
    );
  const stale = walk(join(ROOT, "src")).filter((ts) => {
    const js = join(ROOT, "dist", relative(ROOT, ts)).replace(/\.ts$/, ".js");
    return !existsSync(js) || statSync(js).mtimeMs < statSync(ts).mtimeMs;
  });
  if (stale.length)
    throw new Error(
      `dist/src is not built from the current sources (${relative(ROOT, stale[0])}, ...): run \`npm run build\` (npm test does)`,
    );
}

export interface Packed {
  tarball: string;
  files: string[];
}

/** `npm pack` of the repository into dir (scripts not run: see assertBuilt). */
export function pack(dir: string): Packed {
  const [info] = JSON.parse(npm(ROOT, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir]));
  return { tarball: join(dir, info.filename), files: info.files.map((f: { path: string }) => f.path).sort() };
}

/** Where require() would find package `name` from folder `from`, inside `root`'s node_modules. */
function resolvePackageDir(root: string, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === root || !dir.startsWith(root)) return undefined;
  }
}

/**
 * Gives the app the repository's installed copies (hard links when the file system allows, else
 * copies) of the given packages and of everything they need, at the same places in node_modules, so
 * that npm finds them installed and does not unpack them again (@cdktf/provider-aws alone is 360 MB).
 * They are the same versions npm would install from the lock file's tarballs.
 */
export function preinstall(app: string, names: string[]): string[] {
  const top = new Set<string>();
  const seen = new Set<string>();
  const visit = (from: string, name: string) => {
    const dir = resolvePackageDir(ROOT, from, name);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const rel = relative(join(ROOT, "node_modules"), dir).split(sep);
    top.add(rel[0].startsWith("@") ? `${rel[0]}/${rel[1]}` : rel[0]);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    // Bundled dependencies travel inside their package (cdktf's).
    const bundled = new Set<string>(pkg.bundleDependencies ?? pkg.bundledDependencies ?? []);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) if (!bundled.has(dep)) visit(dir, dep);
  };
  for (const n of names) visit(ROOT, n);
  for (const name of top) {
    const target = join(app, "node_modules", name);
    mkdirSync(dirname(target), { recursive: true });
    const linked = spawnSync("cp", ["-al", join(ROOT, "node_modules", name), dirname(target)]).status === 0;
    if (!linked) cpSync(join(ROOT, "node_modules", name), target, { recursive: true });
  }
  return [...top].sort();
}

/** The ```ts block under a README heading. */
export function readmeTsBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const at = readme.indexOf(`${heading}\n`);
  if (at < 0) throw new Error(`README has no heading ${heading}`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no ts block under ${heading}`);
  return block[1];
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
