/**
 * One Terraform plan for every suite that plans offline, made in the background from the start of
 * the run. Each `terraform plan` and `terraform show` starts the AWS provider (about 3.5 s of CPU
 * each, whatever the configuration holds), so the suites' root configurations ("parts", built by
 * __tests__/plans/) become child modules of one root: one init, one plan, one show. The parts
 * whose plan must fail go into refusal roots, planned beside the first.
 *
 * The global setup starts shared-plan-run.ts in a process of its own (SHARED_PLAN_VAR names its
 * folder); a suite waits for the result with sharedPlan(name), which returns the plan as the part's
 * own root would have planned it (addresses, outputs and planned values without the part's
 * `module.<name>.` prefix), and sharedRefusal(name) with Terraform's message for a refused part.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fakeProvider, removeDir, tempDir } from "../../dev/terraform";

export const SHARED_PLAN_VAR = "SCOPED_SSM_SHARED_PLAN";

/** A suite's root configuration, written with fakeProvider() blocks (aliased or not). */
export interface PlanPart {
  dir: string;
  /**
   * The plan of this root must fail: it is planned in a refusal root of this name, beside the
   * parts that fail the same way (Terraform stops at invalid variables before it checks any
   * precondition, so those two kinds need roots of their own).
   */
  refused?: string;
  /**
   * The root configures its provider itself (a deploy stack, with fake keys from an override file):
   * it is called as it is, its provider block kept, which Terraform allows in a module called
   * without count or for_each; its backend is ignored there.
   */
  ownProvider?: boolean;
  /** Other folders the part wrote (modules it calls), removed at the end of the run. */
  cleanup?: string[];
}

export type PlanParts = Record<string, PlanPart>;

const FILES = { parts: "parts.json", plan: "plan.json", error: "error.txt", done: "done", log: "run.log" };
const refusalFile = (group: string) => `refused-${group}.txt`;

/** Writes a file whole or not at all: a waiting suite never reads half of it. */
function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

const PROVIDER_BLOCK = /^provider "aws" \{\n[\s\S]*?^\}\n/gm;

/** The names of a configuration's outputs, in its .tf and .tf.json files. */
function outputsOf(dir: string): string[] {
  return readdirSync(dir).flatMap((file) => {
    if (file.endsWith(".tf.json")) return Object.keys(JSON.parse(readFileSync(join(dir, file), "utf8")).output ?? {});
    if (!file.endsWith(".tf")) return [];
    return [...readFileSync(join(dir, file), "utf8").matchAll(/^output "([^"]+)"/gm)].map((m) => m[1]);
  });
}

/**
 * Turns a part's root into a child module: its provider blocks (fakeProvider's) are removed and
 * declared as configuration aliases instead; returns the regions by alias ("" for the default).
 */
function asChildModule(dir: string): Map<string, string> {
  const providers = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tf"))) {
    const text = readFileSync(join(dir, file), "utf8");
    const kept = text.replace(PROVIDER_BLOCK, (block) => {
      const region = /^\s*region\s*=\s*"([^"]+)"/m.exec(block);
      if (!region) throw new Error(`a provider block without a literal region in ${join(dir, file)}`);
      providers.set(/^\s*alias\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? "", region[1]);
      return "";
    });
    if (kept !== text) writeFileSync(join(dir, file), kept);
  }
  if (!providers.has("")) throw new Error(`${dir} configures no default aws provider (fakeProvider)`);
  const aliases = [...providers.keys()].filter(Boolean).map((a) => `aws.${a}`);
  writeFileSync(
    join(dir, "shared_plan_providers.tf"),
    `terraform {\n  required_providers {\n    aws = {\n      source                = "hashicorp/aws"\n      configuration_aliases = [${aliases.join(", ")}]\n    }\n  }\n}\n`,
  );
  return providers;
}

/** A root calling each part as a module, with one provider per region (aliased by region); returns its folder. */
export function writeSharedRoot(parts: [string, PlanPart][], dir: string): string {
  mkdirSync(dir, { recursive: true });
  const regions = new Set<string>();
  const alias = (region: string) => `r_${region.replace(/-/g, "_")}`;
  const blocks = parts.map(([name, part]) => {
    const providers = part.ownProvider ? new Map<string, string>() : asChildModule(part.dir);
    providers.forEach((region) => regions.add(region));
    const map = [...providers].map(([a, region]) => `${a ? `aws.${a}` : "aws"} = aws.${alias(region)}`);
    return [
      `module "${name}" {\n  source = ${JSON.stringify(relative(dir, part.dir))}\n${map.length ? `  providers = { ${map.join(", ")} }\n` : ""}}`,
      ...outputsOf(part.dir).map((o) => `output "${name}__${o}" {\n  value = module.${name}.${o}\n}`),
    ].join("\n\n");
  });
  const providers = [...regions].map((r) => fakeProvider(r, alias(r)));
  writeFileSync(join(dir, "main.tf"), `${providers.join("\n")}\n${blocks.join("\n\n")}\n`);
  return dir;
}

/** The plan as the part's own root would show it: its resources, outputs and planned values, unprefixed. */
export function partView(plan: any, name: string): any {
  const prefix = `module.${name}`;
  const inPart = (a: string | undefined) => a === prefix || !!a?.startsWith(`${prefix}.`);
  const strip = (a: string) => (a === prefix ? undefined : a.slice(prefix.length + 1));
  const moduleView = (m: any): any => ({
    ...m,
    ...(m.address ? { address: strip(m.address) } : {}),
    resources: (m.resources ?? []).map((r: any) => ({ ...r, address: strip(r.address) })),
    child_modules: (m.child_modules ?? []).map(moduleView),
  });
  const rootModuleView = (root: any) => {
    const { address: _, ...view } = moduleView((root?.child_modules ?? []).find((m: any) => m.address === prefix) ?? {});
    return view;
  };
  const outputs = Object.fromEntries(
    Object.entries(plan.planned_values?.outputs ?? {})
      .filter(([k]) => k.startsWith(`${name}__`))
      .map(([k, v]) => [k.slice(name.length + 2), v]),
  );
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    planned_values: { outputs, root_module: rootModuleView(plan.planned_values?.root_module) },
    // Data sources read while planning are in the prior state.
    ...(plan.prior_state
      ? { prior_state: { ...plan.prior_state, values: { root_module: rootModuleView(plan.prior_state.values?.root_module) } } }
      : {}),
    resource_changes: (plan.resource_changes ?? [])
      .filter((r: any) => inPart(r.module_address))
      .map((r: any) => {
        const { module_address, ...rest } = r;
        const inner = strip(module_address);
        return { ...rest, address: strip(r.address), ...(inner ? { module_address: inner } : {}) };
      }),
  };
}

/** The background side (shared-plan-run.ts): builds the parts, plans them, writes the results. */
export async function runSharedPlan(
  runDir: string,
  build: () => PlanParts,
  plan: (dir: string) => Promise<any>,
  refuse: (dir: string) => Promise<string>,
): Promise<void> {
  try {
    const parts = build();
    writeAtomic(join(runDir, FILES.parts), JSON.stringify(parts));
    const entries = Object.entries(parts);
    const groups = [...new Set(entries.map(([, p]) => p.refused).filter((g): g is string => !!g))];
    const planned = plan(
      writeSharedRoot(
        entries.filter(([, p]) => !p.refused),
        join(runDir, "root"),
      ),
    );
    const refusals = groups.map((g) =>
      refuse(
        writeSharedRoot(
          entries.filter(([, p]) => p.refused === g),
          join(runDir, `refused-${g}`),
        ),
      ),
    );
    writeAtomic(join(runDir, FILES.plan), JSON.stringify(await planned));
    for (const [i, g] of groups.entries()) writeAtomic(join(runDir, refusalFile(g)), await refusals[i]);
  } catch (e) {
    writeAtomic(join(runDir, FILES.error), e instanceof Error ? (e.stack ?? e.message) : String(e));
  } finally {
    writeAtomic(join(runDir, FILES.done), "");
  }
}

/** The global setup's side: starts the background process; returns it and its folder. */
export function startSharedPlan(): { child: ChildProcess; runDir: string } {
  const runDir = tempDir("shared-plan");
  const log = openSync(join(runDir, FILES.log), "w");
  const child = spawn(process.execPath, ["-r", join(__dirname, "register-ts.js"), join(__dirname, "shared-plan-run.ts"), runDir], {
    stdio: ["ignore", log, log],
    // Its own process group: the teardown stops it and its Terraform processes together.
    detached: true,
  });
  return { child, runDir };
}

/** The global teardown's side: stops the background process if it still runs, removes every folder it wrote. */
export function stopSharedPlan(child: ChildProcess, runDir: string): void {
  if (child.exitCode === null && child.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  try {
    const parts: PlanParts = JSON.parse(readFileSync(join(runDir, FILES.parts), "utf8"));
    for (const part of Object.values(parts)) [part.dir, ...(part.cleanup ?? [])].forEach(removeDir);
  } catch {
    // no parts were written
  }
  removeDir(runDir);
}

function runDir(): string {
  const dir = process.env[SHARED_PLAN_VAR];
  if (!dir)
    throw new Error(`${SHARED_PLAN_VAR} is not set: run the suites through jest.config.js, whose global setup starts the shared plan`);
  return dir;
}

/** Waits for the background process; throws its error, if it failed. */
async function finished(): Promise<string> {
  const dir = runDir();
  const deadline = Date.now() + 280_000;
  while (!existsSync(join(dir, FILES.done))) {
    if (Date.now() > deadline) throw new Error(`the shared plan did not finish within 280 s (see ${join(dir, FILES.log)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  if (existsSync(join(dir, FILES.error)))
    throw new Error(
      `the shared plan failed:\n${readFileSync(join(dir, FILES.error), "utf8")}\n${readFileSync(join(dir, FILES.log), "utf8")}`,
    );
  return dir;
}

/** The plan of one part, as its own root would have planned it. */
export async function sharedPlan(name: string): Promise<any> {
  const dir = await finished();
  return partView(JSON.parse(readFileSync(join(dir, FILES.plan), "utf8")), name);
}

/** Terraform's message for a refused part's root (with the other parts of its group). */
export async function sharedRefusal(name: string): Promise<string> {
  const part = await sharedPart(name);
  if (!part.refused) throw new Error(`part ${name} is not a refused one`);
  return readFileSync(join(await finished(), refusalFile(part.refused)), "utf8");
}

/** A part as its builder wrote it (its folder, to read files of it). */
export async function sharedPart(name: string): Promise<PlanPart> {
  const parts: PlanParts = JSON.parse(readFileSync(join(await finished(), FILES.parts), "utf8"));
  if (!parts[name]) throw new Error(`no part ${name} in the shared plan (__tests__/plans/index.ts)`);
  return parts[name];
}
