import { cpSync } from "node:fs";
import { basename, join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/**
 * Copies examples/<name> to `to` without its providers.tf: the test calls it as a module of a
 * root that gives it the root's provider (fake keys, or the emulator's). A provider block inside a
 * module would be one more provider process for every Terraform command.
 */
export function copyExample(name: string, to: string): void {
  cpSync(join(ROOT, "examples", name), to, { recursive: true, filter: (src) => basename(src) !== "providers.tf" });
}
