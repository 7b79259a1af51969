/** Writes docs/IAM-FACTS.md, the facts table, from src/model/facts.ts. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FACTS_DOC_FILE, renderFactsDoc } from "../src/render/facts-doc";

const file = join(__dirname, "..", "..", FACTS_DOC_FILE);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, renderFactsDoc());
