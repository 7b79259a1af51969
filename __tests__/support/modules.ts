import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../../dev/terraform";
import type { ModuleModel } from "../../src/model/module";
import { renderModuleFiles } from "../../src/render/module-files";

/** Renders a module with the handlebars renderer into a fresh temp folder. */
export function writeModule(model: ModuleModel): string {
  const dir = tempDir("module");
  for (const [name, content] of renderModuleFiles(model)) {
    // Module files may sit in sub-folders (tests/scoped_ssm.tftest.hcl).
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
