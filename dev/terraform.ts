/**
 * Drives the real Terraform CLI offline for tests: finds the binary and the local provider mirror
 * at run time (never a fixed path), writes a CLI config that installs only from that mirror, and
 * plans with fake credentials so that no AWS call is made.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export class ToolMissing extends Error {}

function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function terraformBinary(): string {
  const bin = process.env.TERRAFORM_BINARY ?? which("terraform");
  if (!bin) throw new ToolMissing("terraform is not on PATH (install Terraform >= 1.5, or set TERRAFORM_BINARY)");
  return bin;
}

const PROVIDER_DIR = join("registry.terraform.io", "hashicorp", "aws");

function hasAwsProvider(root: string): boolean {
  const dir = join(root, PROVIDER_DIR);
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((version) => existsSync(join(dir, version)));
}

let mirrorCache: string | undefined;

/**
 * The folder that holds registry.terraform.io/hashicorp/aws/<version>/<os_arch>/: from
 * SCOPED_SSM_PROVIDER_MIRROR, else the usual places, else a search of the file system.
 */
export function providerMirror(): string {
  if (mirrorCache) return mirrorCache;
  const given = process.env.SCOPED_SSM_PROVIDER_MIRROR;
  if (given) {
    if (!hasAwsProvider(given)) throw new ToolMissing(`SCOPED_SSM_PROVIDER_MIRROR=${given} holds no ${PROVIDER_DIR}`);
    return (mirrorCache = given);
  }
  const usual = [
    "/opt/tf-plugins",
    join(homedir(), ".terraform.d", "plugins"),
    join(homedir(), ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
  const known = usual.find(hasAwsProvider);
  if (known) return (mirrorCache = known);
  const found = spawnSync(
    "find",
    ["/", "-xdev", "-name", "terraform-provider-aws*", "-path", "*registry.terraform.io/hashicorp/aws/*", "-not", "-path", "/proc/*"],
    { encoding: "utf8", timeout: 60_000 },
  ).stdout?.split("\n").find(Boolean);
  if (!found) throw new ToolMissing("no local mirror of the hashicorp/aws provider found (set SCOPED_SSM_PROVIDER_MIRROR)");
  const root = found.slice(0, found.indexOf(PROVIDER_DIR));
  return (mirrorCache = root.replace(/\/$/, ""));
}

let cliConfig: string | undefined;

/** The environment for every terraform call: mirror-only installs, no checkpoint, no prompts. */
export function terraformEnv(): NodeJS.ProcessEnv {
  if (!cliConfig) {
    const dir = mkdtempSync(join(tmpdir(), "scoped-ssm-tfrc-"));
    cliConfig = join(dir, "terraformrc");
    writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(providerMirror())}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
  }
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    NO_COLOR: "1",
  };
}

export function tf(dir: string, args: string[]): string {
  try {
    return execFileSync(terraformBinary(), args, {
      cwd: dir,
      env: terraformEnv(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e: any) {
    throw new Error(`terraform ${args.join(" ")} failed in ${dir}:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `scoped-ssm-${prefix}-`));
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A provider block that plans without any AWS call. */
export function fakeProvider(region: string): string {
  return `provider "aws" {
  region                      = ${JSON.stringify(region)}
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
  const providers = regions.map((r, i) =>
    i === 0 ? fakeProvider(r) : fakeProvider(r).replace('provider "aws" {', `provider "aws" {\n  alias = "${alias(r)}"`),
  );
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
      ...["policy_json", "policy_jsons", "tagged_instance_ids"].map((o) => `output "${c.name}_${o}" {\n  value = module.${c.name}.${o}\n}`),
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

/** Every resource change in a plan, flattened across modules. */
export function resourceChanges(plan: any): any[] {
  return plan.resource_changes ?? [];
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
