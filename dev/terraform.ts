/**
 * Drives the real Terraform CLI for tests: finds the binary and the hashicorp/aws provider at run
 * time (never a fixed path), writes a CLI config for every terraform call, and plans with fake
 * credentials so that no AWS call is made.
 *
 * Provider installation, in this order:
 * - a local filesystem mirror of registry.terraform.io/hashicorp/aws, when one exists: then every
 *   init, validate and plan runs offline. Looked for in SCOPED_SSM_PROVIDER_MIRROR, the terraform
 *   CLI config's own settings (its filesystem_mirror paths and plugin_cache_dir, TF_PLUGIN_CACHE_DIR),
 *   Terraform's implied local mirror folders (~/.terraform.d/plugins, $XDG_DATA_HOME and each of
 *   $XDG_DATA_DIRS /terraform/plugins), and a folder directly under /opt that holds a
 *   registry.terraform.io/ tree (a system-wide mirror). Nothing else: no search of the disk.
 * - otherwise Terraform's normal installation from the registry, through a plugin cache shared by
 *   every test (the CLI config's plugin_cache_dir, else TF_PLUGIN_CACHE_DIR, else a folder under the
 *   OS temp dir), filled once under a lock so that parallel jest workers download it once.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { stsEndpoint } from "./sts-stub";

export class ToolMissing extends Error {}

/** The command's path on the PATH, or undefined. */
export function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function terraformBinary(): string {
  const bin = process.env.TERRAFORM_BINARY ?? which("terraform");
  if (!bin) throw new ToolMissing("terraform is not on PATH (install Terraform >= 1.5, or set TERRAFORM_BINARY)");
  return bin;
}

const PROVIDER_DIR = join("registry.terraform.io", "hashicorp", "aws");

/** Terraform's name of this machine's platform, e.g. linux_amd64. */
export function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `${os}_${arch[process.arch] ?? process.arch}`;
}

/** True when root holds hashicorp/aws for this platform, unpacked (<version>/<os_arch>/) or packed (zip). */
export function hasAwsProvider(root: string): boolean {
  const dir = join(root, PROVIDER_DIR);
  const platform = terraformPlatform();
  try {
    return readdirSync(dir).some((entry) =>
      entry.endsWith(`_${platform}.zip`)
        ? entry.startsWith("terraform-provider-aws_")
        : existsSync(join(dir, entry, platform)) &&
          readdirSync(join(dir, entry, platform)).some((f) => f.startsWith("terraform-provider-aws")),
    );
  } catch {
    return false;
  }
}

/** The terraform CLI config file in force: TF_CLI_CONFIG_FILE, else ~/.terraformrc (Unix) or %APPDATA%/terraform.rc. */
export function cliConfigFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string | undefined {
  const candidates = [
    env.TF_CLI_CONFIG_FILE,
    join(home, ".terraformrc"),
    env.APPDATA ? join(env.APPDATA, "terraform.rc") : undefined,
  ].filter((f): f is string => !!f);
  return candidates.find((f) => existsSync(f) && statSync(f).isFile());
}

/** The folders a CLI config names: filesystem_mirror paths and plugin_cache_dir (HCL strings, read with a pattern). */
export function cliConfigFolders(text: string): { mirrors: string[]; pluginCacheDir?: string } {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*(#|\/\/).*$/gm, "");
  const str = (s: string) => JSON.parse(s) as string;
  const mirrors = [...noComments.matchAll(/filesystem_mirror\s*\{[^}]*?\bpath\s*=\s*("(?:[^"\\]|\\.)*")/g)].map((m) => str(m[1]));
  const cache = /^\s*plugin_cache_dir\s*=\s*("(?:[^"\\]|\\.)*")/m.exec(noComments);
  return { mirrors, pluginCacheDir: cache ? str(cache[1]) : undefined };
}

const expandHome = (p: string, home = homedir()) => (p === "~" || p.startsWith("~/") ? join(home, p.slice(1)) : p);

/** The machine's folders the search looks in; tests give others. */
export interface SearchRoots {
  home: string;
  opt: string;
}
const machineRoots = (): SearchRoots => ({ home: homedir(), opt: "/opt" });

/** Where a local mirror may be, in order (see the file comment); only these places are looked at. */
export function mirrorCandidates(env: NodeJS.ProcessEnv = process.env, roots = machineRoots()): string[] {
  const { home } = roots;
  const config = cliConfigFile(env, home);
  const fromConfig = config ? cliConfigFolders(readFileSync(config, "utf8")) : { mirrors: [] };
  const dataHome = env.XDG_DATA_HOME || join(home, ".local", "share");
  const dataDirs = (env.XDG_DATA_DIRS || "/usr/local/share/:/usr/share/").split(delimiter).filter(Boolean);
  let opt: string[] = [];
  try {
    opt = readdirSync(roots.opt)
      .map((d) => join(roots.opt, d))
      .filter((d) => existsSync(join(d, "registry.terraform.io")));
  } catch {
    // no /opt
  }
  return [
    ...fromConfig.mirrors,
    ...(fromConfig.pluginCacheDir ? [fromConfig.pluginCacheDir] : []),
    ...(env.TF_PLUGIN_CACHE_DIR ? [env.TF_PLUGIN_CACHE_DIR] : []),
    join(home, ".terraform.d", "plugins"),
    join(dataHome, "terraform", "plugins"),
    ...dataDirs.map((d) => join(d, "terraform", "plugins")),
    ...opt.sort(),
  ].map((p) => expandHome(p, home));
}

export type ProviderInstallation =
  | { kind: "mirror"; path: string; description: string }
  | { kind: "registry"; pluginCacheDir: string; ownConfig?: string; description: string };

let installationCache: ProviderInstallation | undefined;

/** How the tests install hashicorp/aws on this machine (see the file comment). */
export function providerInstallation(env: NodeJS.ProcessEnv = process.env, roots?: SearchRoots): ProviderInstallation {
  const machine = env === process.env && !roots;
  if (machine && installationCache) return installationCache;
  const { home } = roots ?? machineRoots();
  let found: ProviderInstallation;
  const given = env.SCOPED_SSM_PROVIDER_MIRROR;
  if (given) {
    if (!hasAwsProvider(given))
      throw new ToolMissing(`SCOPED_SSM_PROVIDER_MIRROR=${given} holds no ${PROVIDER_DIR}/<version>/<os_arch>/ provider`);
    found = { kind: "mirror", path: resolve(given), description: `local mirror ${resolve(given)} (SCOPED_SSM_PROVIDER_MIRROR): offline` };
  } else {
    const mirror = mirrorCandidates(env, roots).find((d) => isAbsolute(d) && hasAwsProvider(d));
    if (mirror) found = { kind: "mirror", path: mirror, description: `local mirror ${mirror}: offline` };
    else {
      const config = cliConfigFile(env, home);
      const cache =
        (config && cliConfigFolders(readFileSync(config, "utf8")).pluginCacheDir) ||
        env.TF_PLUGIN_CACHE_DIR ||
        join(tmpdir(), "scoped-ssm-terraform-plugin-cache");
      found = {
        kind: "registry",
        pluginCacheDir: expandHome(cache, home),
        ownConfig: config,
        description: `no local mirror of ${PROVIDER_DIR}: Terraform installs it from the registry (network needed once) into the plugin cache ${expandHome(cache, home)}`,
      };
    }
  }
  if (machine) installationCache = found;
  return found;
}

/** The CLI config the tests use: mirror-only installs, or the registry through a shared plugin cache. */
export function cliConfigText(installation: ProviderInstallation): string {
  if (installation.kind === "mirror")
    return `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(installation.path)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`;
  // The user's own CLI config (a network mirror, credentials) stays in force; only the cache is added.
  const own = installation.ownConfig ? readFileSync(installation.ownConfig, "utf8") : "";
  const cache = cliConfigFolders(own).pluginCacheDir ? "" : `plugin_cache_dir = ${JSON.stringify(installation.pluginCacheDir)}\n`;
  return `${own}${own && !own.endsWith("\n") ? "\n" : ""}${cache}`;
}

let cliConfig: string | undefined;

const baseEnv = (config: string): NodeJS.ProcessEnv => ({
  ...process.env,
  TF_CLI_CONFIG_FILE: config,
  CHECKPOINT_DISABLE: "1",
  TF_IN_AUTOMATION: "1",
  TF_INPUT: "0",
  NO_COLOR: "1",
});

/**
 * Registry path only: installs hashicorp/aws into the shared plugin cache once, under a lock (a
 * folder: mkdir is atomic), so that parallel workers do not download or write it concurrently.
 */
function fillPluginCache(installation: Extract<ProviderInstallation, { kind: "registry" }>, config: string): void {
  const cache = installation.pluginCacheDir;
  mkdirSync(cache, { recursive: true });
  if (hasAwsProvider(cache)) return;
  const lock = `${cache}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (hasAwsProvider(cache)) return;
      // A lock older than ten minutes was left by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new ToolMissing(`timed out waiting for ${lock} (another run installing the provider?)`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "scoped-ssm-provider-"));
  try {
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0, < 7.0"\n    }\n  }\n}\n`,
    );
    const r = spawnSync(terraformBinary(), ["init", "-input=false", "-no-color", "-backend=false"], {
      cwd: dir,
      env: baseEnv(config),
      encoding: "utf8",
    });
    if (r.status !== 0)
      throw new ToolMissing(
        `no local mirror of ${PROVIDER_DIR} was found, and installing it from the registry failed (offline? set SCOPED_SSM_PROVIDER_MIRROR to a folder that holds registry.terraform.io/):\n${r.stdout}${r.stderr}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Writes the CLI config for an installation (one file per distinct content under the OS temp dir,
 * so that runs do not leave one behind each) and, on the registry path, fills the plugin cache.
 * Returns the file.
 */
export function prepareCliConfig(installation: ProviderInstallation): string {
  const text = cliConfigText(installation);
  const file = join(tmpdir(), `scoped-ssm-terraformrc-${createHash("sha256").update(text).digest("hex").slice(0, 16)}`);
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  if (installation.kind === "registry") fillPluginCache(installation, file);
  return file;
}

/** The environment for every terraform call: the CLI config above, no checkpoint, no prompts. */
export function terraformEnv(): NodeJS.ProcessEnv {
  cliConfig ??= prepareCliConfig(providerInstallation());
  return baseEnv(cliConfig);
}

/**
 * The terraform environment plus extra variables (the emulator's endpoint and keys, say). Offline
 * runs reach the STS stub through AWS_ENDPOINT_URL_STS, which provider 5.x and 6.x read like an
 * `endpoints { sts }` argument: measured on provider 5.100, any `endpoints` block adds about 5.5 s
 * of CPU to every provider process (11 s instead of 5 s for a one-resource plan). Runs against the
 * emulator give AWS_ENDPOINT_URL instead, which the stub's service-specific variable would override.
 */
function envWith(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const sts = extra?.AWS_ENDPOINT_URL ? {} : { AWS_ENDPOINT_URL_STS: stsEndpoint() };
  return { ...terraformEnv(), ...sts, ...extra };
}

export function tf(dir: string, args: string[], extraEnv?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(terraformBinary(), args, {
      cwd: dir,
      env: envWith(extraEnv),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e: any) {
    throw new Error(`terraform ${args.join(" ")} failed in ${dir}:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/** tf, without blocking: several terraform runs (each mostly provider start-up) can overlap. */
export function tfAsync(dir: string, args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      terraformBinary(),
      args,
      { cwd: dir, env: envWith(extraEnv), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`terraform ${args.join(" ")} failed in ${dir}:\n${stdout ?? ""}${stderr || error.message}`));
        else resolvePromise(stdout);
      },
    );
  });
}

/** Evaluates one expression with `terraform console` in an empty folder (no provider, no state). */
export function tfConsole(expression: string): string {
  const dir = tempDir("console");
  try {
    return execFileSync(terraformBinary(), ["console"], {
      cwd: dir,
      env: terraformEnv(),
      encoding: "utf8",
      input: `${expression}\n`,
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    removeDir(dir);
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `scoped-ssm-${prefix}-`));
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/**
 * A provider block that plans without any call to AWS: fake keys and the skip_* flags. STS, which
 * data.aws_caller_identity calls, is answered by the local stub (dev/sts-stub.ts), reached through
 * the environment that tf() and tfAsync() give (see envWith).
 */
export function fakeProvider(region: string, alias?: string): string {
  return `provider "aws" {
${alias ? `  alias                       = ${JSON.stringify(alias)}\n` : ""}  region                      = ${JSON.stringify(region)}
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;
}

export interface RootOptions {
  /** Folder of the module to call; it is copied next to the root as ./module. */
  moduleDir: string;
  region: string;
  /** Module inputs, rendered as JSON values (valid HCL for strings, lists and maps of strings). */
  inputs: Record<string, unknown>;
}

/** Writes a root configuration that calls the module, in a fresh temp folder; returns the folder. */
export function writeRoot(o: RootOptions): string {
  const dir = tempDir("root");
  cpSync(o.moduleDir, join(dir, "module"), { recursive: true, filter: (src) => !src.includes(".terraform") });
  const inputs = Object.entries(o.inputs)
    .map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`)
    .join("\n");
  writeFileSync(
    join(dir, "main.tf"),
    `${fakeProvider(o.region)}\nmodule "ssm" {\n  source = "./module"\n${inputs}\n}\n\noutput "policy_json" {\n  value = module.ssm.policy_json\n}\n`,
  );
  return dir;
}

export interface ModuleCall {
  /** Module block name; outputs are `<name>_policy_json`, `<name>_policy_jsons`, `<name>_tagged_instance_ids`. */
  name: string;
  /** Folder of the module; copied next to the root once per distinct folder. */
  source: string;
  inputs: Record<string, unknown>;
  /** The provider's region for this call (and so its partition); default us-east-1. */
  region?: string;
  /** The module's outputs to expose as `<name>_<output>`; default the account module's three. */
  outputs?: string[];
}

/**
 * One root configuration calling several modules, each with the provider of its region (an alias
 * per extra region), so that one init and one plan cover them all: Terraform's provider start-up,
 * not the modules, is what a plan costs.
 */
export function writeMultiRoot(calls: ModuleCall[]): string {
  const dir = tempDir("root");
  const copied = new Map<string, string>();
  const regions = [...new Set(calls.map((c) => c.region ?? "us-east-1"))];
  const alias = (region: string) => `r${regions.indexOf(region)}`;
  const providers = regions.map((r, i) => fakeProvider(r, i === 0 ? undefined : alias(r)));
  const blocks = calls.map((c) => {
    if (!copied.has(c.source)) {
      const local = `m${copied.size}`;
      cpSync(c.source, join(dir, local), { recursive: true, filter: (src) => !src.includes(".terraform") });
      copied.set(c.source, local);
    }
    const region = c.region ?? "us-east-1";
    const inputs = Object.entries(c.inputs).map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`);
    if (regions.indexOf(region) > 0) inputs.push(`  providers = { aws = aws.${alias(region)} }`);
    return [
      `module "${c.name}" {\n  source = "./${copied.get(c.source)}"\n${inputs.join("\n")}\n}`,
      ...(c.outputs ?? ["policy_json", "policy_jsons", "tagged_instance_ids"]).map(
        (o) => `output "${c.name}_${o}" {\n  value = module.${c.name}.${o}\n}`,
      ),
    ].join("\n\n");
  });
  writeFileSync(join(dir, "main.tf"), `${providers.join("\n")}\n${blocks.join("\n\n")}\n`);
  return dir;
}

/** init + plan + show -json; returns the parsed plan. */
export function planJson(dir: string): any {
  tf(dir, ["init", "-input=false", "-no-color", "-backend=false"]);
  tf(dir, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=tfplan"]);
  return JSON.parse(tf(dir, ["show", "-json", "tfplan"]));
}

/** planJson without blocking: several roots' Terraform runs overlap (each is mostly start-up). */
export async function planJsonAsync(dir: string): Promise<any> {
  await tfAsync(dir, ["init", "-input=false", "-no-color", "-backend=false"]);
  await tfAsync(dir, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=tfplan"]);
  return JSON.parse(await tfAsync(dir, ["show", "-json", "tfplan"]));
}

/** The message of a plan that must fail ("" when it does not). */
export async function planRefusal(dir: string): Promise<string> {
  await tfAsync(dir, ["init", "-input=false", "-no-color", "-backend=false"]);
  return tfAsync(dir, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false"]).then(
    () => "",
    (e: Error) => e.message,
  );
}

/** Every resource change in a plan, flattened across modules. */
export function resourceChanges(plan: any): any[] {
  return plan.resource_changes ?? [];
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
