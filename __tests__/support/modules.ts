import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../../dev/terraform";
import type { ModuleModel } from "../../src/model/module";
import { renderModuleFiles } from "../../src/render/module-files";

/** Renders a module with the handlebars renderer into a fresh temp folder. */
export const writeModule = (model: ModuleModel): string => writeFiles(renderModuleFiles(model));

/** Writes a module's files (name → content, as a renderer returns them) into a fresh temp folder. */
export function writeFiles(files: Map<string, string>): string {
  const dir = tempDir("module");
  for (const [name, content] of files) {
    // Module files may sit in sub-folders (tests/scoped_ssm.tftest.hcl).
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
