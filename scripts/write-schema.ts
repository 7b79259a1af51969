/** Writes scoped-ssm.schema.json, the JSON Schema of the config file for editors. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigSchema } from "../src/profile/json-schema";

writeFileSync(join(__dirname, "..", "..", "scoped-ssm.schema.json"), renderConfigSchema());
