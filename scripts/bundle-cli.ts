/**
 * Bundles the CLI at build (`npm run build`, after tsc): dist/src/cli/main.js and every module of
 * ours it loads at start become one file, dist/src/cli/main.bundle.js, which bin/scoped-ssm.js loads
 * when it is at least as new as main.js (a `tsc` alone makes it stale, and the bin then loads
 * main.js). One file read and compiled instead of a hundred resolved, read and compiled: most of
 * what node spends loading generate and check.
 *
 * Held too: handlebars' runtime (twenty small files). Left out, and required when used: zod and
 * handlebars' compiler (a config file, templates newer than the build), the
 * commands that load on demand (lint, tighten, audit: the analysis code, with the audit's worker
 * file), and base/errors.js, so that the InputError those commands throw is the class main.js
 * catches.
 */
import { statSync } from "node:fs";
import { join, relative } from "node:path";
import { build, type Plugin } from "esbuild";

export const BUNDLE_FILE = "main.bundle.js";

/** Modules of dist/src/cli/ and dist/src/ that the bundle requires rather than holds. */
const LAZY_COMMANDS = ["lint-command", "tighten-command", "audit-command"];
const SHARED = ["base/errors.js"];

export async function bundleCli(distSrc: string): Promise<{ file: string; bytes: number; inputs: number }> {
  const cliDir = join(distSrc, "cli");
  const outfile = join(cliDir, BUNDLE_FILE);
  const keepOut: Plugin = {
    name: "keep-out",
    setup(build) {
      // zod loads only when a config file is read, handlebars' compiler only when a template is newer than the build.
      build.onResolve({ filter: /^(zod|handlebars)$/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = join(args.resolveDir, args.path).replace(/\.js$/, "");
        const rel = relative(distSrc, target).replace(/\\/g, "/");
        const lazy = LAZY_COMMANDS.some((c) => rel === `cli/${c}`);
        const shared = SHARED.some((s) => rel === s.replace(/\.js$/, ""));
        if (!lazy && !shared) return undefined;
        const fromBundle = relative(cliDir, `${target}.js`).replace(/\\/g, "/");
        return { path: fromBundle.startsWith(".") ? fromBundle : `./${fromBundle}`, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [join(cliDir, "main.js")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    plugins: [keepOut],
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
  });
  return { file: outfile, bytes: statSync(outfile).size, inputs: Object.keys(result.metafile!.inputs).length };
}
