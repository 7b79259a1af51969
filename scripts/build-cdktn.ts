/**
 * The CDK Terrain build of the constructs, from the same source: after `tsc`, the compiled CDKTF
 * renderer (dist/src/cdktf/) is copied to dist/src/cdktn/ with its framework imports swapped
 * (cdktf → cdktn, @cdktf/provider-aws → @cdktn/provider-aws), and the package entry to
 * dist/src/index-cdktn.* (exported as `scoped-ssm/cdktn`). CDK Terrain is a fork of CDKTF with the
 * same API, so the swap is mechanical: the cdktf imports are kept in src/cdktf/ alone (ESLint), and
 * the package test synthesises docs/cdktf.md's example in a fresh cdktn app.
 *
 * Run by `npm run build` (and so by `npm test` and `prepack`).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Module specifiers, in require() and import/export ... from, of compiled JS and declarations. */
const SWAPS: [RegExp, string][] = [
  [/(["'])cdktf\1/g, '"cdktn"'],
  [/(["'])@cdktf\/provider-aws(\/[^"']*)?\1/g, '"@cdktn/provider-aws$2"'],
];

export function swapImports(code: string): string {
  return SWAPS.reduce((c, [pattern, to]) => c.replace(pattern, to), code);
}

const isOutput = (f: string) => f.endsWith(".js") || f.endsWith(".d.ts");

function copySwapped(from: string, to: string): number {
  mkdirSync(to, { recursive: true });
  let n = 0;
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) n += copySwapped(join(from, e.name), join(to, e.name));
    else if (isOutput(e.name)) {
      writeFileSync(join(to, e.name), swapImports(readFileSync(join(from, e.name), "utf8")));
      n++;
    }
  }
  return n;
}

export function buildCdktn(dist: string): number {
  const src = join(dist, "src");
  if (!existsSync(join(src, "cdktf"))) throw new Error(`${join(src, "cdktf")} is missing: run tsc first`);
  rmSync(join(src, "cdktn"), { recursive: true, force: true });
  let n = copySwapped(join(src, "cdktf"), join(src, "cdktn"));
  for (const ext of [".js", ".d.ts"]) {
    const entry = readFileSync(join(src, `index${ext}`), "utf8").replace(/(["'])\.\/cdktf\//g, "$1./cdktn/");
    writeFileSync(join(src, `index-cdktn${ext}`), entry);
    n++;
  }
  return n;
}
