import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * This package's package.json, found by walking up from this file: dist/src/io/ in the installed
 * package, src/io/ in the repository (Jest). The CLI prints its version.
 */
export function packageJson(): { name: string; version: string } {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    if (pkg.name === "scoped-ssm") return pkg;
  }
  throw new Error(`scoped-ssm's package.json not found above ${__dirname}`);
}

export const packageVersion = (): string => packageJson().version;
