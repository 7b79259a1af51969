import { z } from "zod";
import { ConfigSchema } from "./schema";

export const CONFIG_SCHEMA_FILE = "scoped-ssm.schema.json";

/** The config file's JSON Schema (from the zod schema, so the two cannot drift), as file content. */
export function renderConfigSchema(): string {
  const schema = z.toJSONSchema(ConfigSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, title: "scoped-ssm configuration" }, null, 2)}\n`;
}
