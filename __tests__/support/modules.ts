import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../dev/terraform";
import type { ModuleModel } from "../../src/model/module";
import { renderModuleFiles } from "../../src/render/module-files";

/** Renders a module with the handlebars renderer into a fresh temp folder. */
export function writeModule(model: ModuleModel): string {
  const dir = tempDir("module");
  for (const [name, content] of renderModuleFiles(model)) writeFileSync(join(dir, name), content);
  return dir;
}
