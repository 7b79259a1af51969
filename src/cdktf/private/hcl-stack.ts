import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type ISynthesisSession, Manifest, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { type Json, hclFromTerraformJson } from "./hcl-from-json";

const JSON_FILE = "cdk.tf.json";
const HCL_FILE = "cdk.tf";
const WRAPPED = Symbol.for("scoped-ssm/one-configuration");

/**
 * Makes every synthesis of the stack leave exactly one configuration in its folder: cdktf writes
 * cdk.tf.json or cdk.tf (with metadata.json) and never removes the other, so `cdktf synth` then
 * `cdktf synth --hcl` would leave both, and Terraform refuses the folder (every block defined
 * twice). Just before the stack is written, the other format's files are removed; nothing else in
 * the folder (.terraform, state, lock file) is touched. The stacks of this package do it
 * themselves; call it for your own stacks.
 */
export function keepOneConfiguration(stack: TerraformStack): void {
  const inner = stack.synthesizer;
  if ((inner as any)[WRAPPED]) return;
  stack.synthesizer = {
    [WRAPPED]: true,
    synthesize(session: ISynthesisSession) {
      const written = session.manifest.forStack(stack).synthesizedStackPath;
      const dir = join(session.outdir, dirname(written));
      const stale = basename(written) === HCL_FILE ? [JSON_FILE] : [HCL_FILE, Manifest.stackMetadataPath];
      for (const f of stale) rmSync(join(dir, f), { force: true });
      inner.synthesize(session);
    },
  } as TerraformStack["synthesizer"];
}

/** cdktf's "//" metadata entries of a Terraform JSON config, and its terraform block: what metadata.json holds. */
function metadataOf(v: Json): Json | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const out: { [key: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    const kept = k === "//" ? x : metadataOf(x);
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * A stack whose `cdktf synth --hcl` output is rendered from its own Terraform JSON: escaped,
 * `terraform fmt`-clean, and the same configuration as the JSON synthesis; each synthesis leaves
 * only its own format in the stack's folder.
 */
export abstract class HclFromJsonStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    keepOneConfiguration(this);
  }

  /** Comment lines on top of the HCL file. */
  protected abstract hclHeader(): string[];

  override toHclTerraform(): { hcl: string; metadata: Json } {
    const config = this.toTerraform() as Json & { terraform?: Json };
    return {
      hcl: hclFromTerraformJson(config, this.hclHeader()),
      metadata: { ...(metadataOf(config) as object), ...(config.terraform ? { terraform: config.terraform } : {}) },
    };
  }
}
