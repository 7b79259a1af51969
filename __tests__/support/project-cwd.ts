/**
 * A working folder for tests about the project rather than the user's config: it holds no
 * scoped-ssm.json and no modules/, so commands that read the config in force get the embedded
 * default profile whatever the user has written at the root, while the repository's test files keep
 * their relative paths (__tests__ links to the repository's).
 */
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../dev/terraform";

export const ROOT = join(__dirname, "..", "..");

export function projectCwd(): string {
  const dir = tempDir("project-cwd");
  symlinkSync(join(ROOT, "__tests__"), join(dir, "__tests__"));
  return dir;
}
