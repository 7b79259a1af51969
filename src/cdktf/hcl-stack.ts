import { TerraformStack } from "cdktf";
import { type Json, hclFromTerraformJson } from "./hcl-from-json";

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
 * `terraform fmt`-clean, and the same configuration as the JSON synthesis.
 */
export abstract class HclFromJsonStack extends TerraformStack {
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
