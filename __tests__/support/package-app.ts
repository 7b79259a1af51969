/**
 * Packs this repository as npm would publish it and installs the tarball into a fresh app outside
 * the repository. The install never reads the user's npm cache nor reaches a registry: npm runs
 * offline, with a cache of its own that starts empty and a registry address that answers nothing,
 * and finds every package already in the app's node_modules, copied from this repository's (the
 * app's own constructs version from the devDependency alias constructs-10-4).
 */
import { BUILD_STAMP } from "../../scripts/build";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
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

/**
 * npm for a folder that must install without the network or the user's cache: its own empty cache
 * under cacheDir and a registry on a port where nothing listens, so that a package npm would have to
 * fetch fails the same way on every machine (ENOTCACHED), whatever the user's cache holds.
 */
export function isolatedNpmEnv(cacheDir: string): NodeJS.ProcessEnv {
  return { ...npmEnv(), npm_config_cache: cacheDir, npm_config_registry: "http://127.0.0.1:9/", npm_config_offline: "true" };
}

export function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv = npmEnv()): string {
  const r = spawnSync("npm", args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (status ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * What the package ships is dist/src/, which `npm test` and `npm run build` write. Throws, naming
 * the command, when a source file is newer than the last whole build (jest run on its own). The
 * build's stamp, not each output's time: incremental `tsc` leaves an output alone when its source
 * was touched but not changed (scripts/build.ts).
 */
export function assertBuilt(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
    );
  const stamp = join(ROOT, "dist", BUILD_STAMP);
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -Infinity;
  const stale = walk(join(ROOT, "src")).filter((ts) => statSync(ts).mtimeMs > built);
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
 * They are the same versions npm would install from the lock file's tarballs. `aliases` maps a name
 * in the app to the folder of this repository's node_modules that holds it under another name
 * (constructs -> constructs-10-4).
 */
export function preinstall(app: string, names: string[], aliases: Record<string, string> = {}): string[] {
  const top = new Set<string>();
  const seen = new Set<string>();
  const visit = (from: string, name: string) => {
    const found = resolvePackageDir(ROOT, from, name);
    // The app's top-level copy of an aliased name is the alias folder's, for whoever needs it.
    const dir = found === join(ROOT, "node_modules", name) && aliases[name] ? join(ROOT, "node_modules", aliases[name]) : found;
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const rel = relative(join(ROOT, "node_modules"), dir).split(sep);
    top.add(rel[0].startsWith("@") ? `${rel[0]}/${rel[1]}` : rel[0]);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    // Bundled dependencies travel inside their package (cdktf's).
    const bundled = new Set<string>(pkg.bundleDependencies ?? pkg.bundledDependencies ?? []);
    // npm installs peers too, unless marked optional.
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((p) => !pkg.peerDependenciesMeta?.[p]?.optional);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).concat(peers))
      if (!bundled.has(dep)) visit(dir, dep);
  };
  for (const n of [...names, ...Object.keys(aliases)]) visit(ROOT, n);
  const appName = new Map(Object.entries(aliases).map(([name, folder]) => [folder, name]));
  for (const name of top) {
    const target = join(app, "node_modules", appName.get(name) ?? name);
    mkdirSync(dirname(target), { recursive: true });
    const linked = spawnSync("cp", ["-al", join(ROOT, "node_modules", name), target]).status === 0;
    if (!linked) cpSync(join(ROOT, "node_modules", name), target, { recursive: true });
    linkBins(app, appName.get(name) ?? name);
  }
  return [...top].map((name) => appName.get(name) ?? name).sort();
}

/**
 * The node_modules/.bin links npm would make for an installed package: npm unpacks a package again
 * (from the registry) when one of its bins is not linked.
 */
function linkBins(app: string, name: string): void {
  const pkg = JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8"));
  const bins: Record<string, string> = typeof pkg.bin === "string" ? { [name.replace(/^@[^/]+\//, "")]: pkg.bin } : (pkg.bin ?? {});
  const binDir = join(app, "node_modules", ".bin");
  for (const [command, file] of Object.entries(bins)) {
    mkdirSync(binDir, { recursive: true });
    symlinkSync(join("..", name, file), join(binDir, command));
  }
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
