/**
 * What `npm run build` does after `tsc`: the CDK Terrain copy of the constructs, the precompiled
 * templates, the CLI bundle, and then the stamp dist/.built. `tsc` builds incrementally
 * (tsconfig.json) and leaves unchanged outputs as they were, even when their sources were touched,
 * so an output's time says nothing about its source: the stamp, written only after a whole build,
 * is what the tests compare the sources with (__tests__/support/package-app.ts, assertBuilt).
 */
import { writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildCdktn } from "./build-cdktn";
import { bundleCli } from "./bundle-cli";
import { precompileTemplates } from "./precompile-templates";
import { PRECOMPILED_FILE } from "../src/render/templates";

export const BUILD_STAMP = ".built";

async function main(): Promise<void> {
  const dist = join(__dirname, "..");
  const distSrc = join(dist, "src");
  console.log(`cdktn build: ${buildCdktn(dist)} files in dist/src/cdktn/ and dist/src/index-cdktn.*`);
  const templates = precompileTemplates(join(distSrc, "render", PRECOMPILED_FILE));
  console.log(`handlebars: ${templates} templates precompiled into dist/src/render/${PRECOMPILED_FILE}`);
  const { file, bytes, inputs } = await bundleCli(distSrc);
  console.log(`esbuild: ${inputs} modules of the CLI bundled into ${relative(dirname(distSrc), file)} (${Math.round(bytes / 1024)} KiB)`);
  writeFileSync(join(dist, BUILD_STAMP), `${new Date().toISOString()}\n`);
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
