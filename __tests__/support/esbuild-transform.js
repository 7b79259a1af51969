// TypeScript for Jest and for the shared plan's background process (shared-plan-run.ts): esbuild
// strips the types of one file at a time, as `isolatedModules` allows (tsconfig.json sets it), with
// no type checking: `npm test` runs `tsc` first, which type-checks everything. ts-jest did the
// same work through TypeScript's language service, at seconds per worker on a cold cache (CI
// always starts cold).
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { transformSync, version } = require("esbuild");

// Cached transforms are keyed by esbuild's version and this file, besides each source.
const SELF = createHash("sha256").update(version).update(readFileSync(__filename)).digest("hex");

/** One TypeScript file as CommonJS, with its source map. */
function compile(source, filename) {
  return transformSync(source, {
    loader: "ts",
    format: "cjs",
    target: "node20",
    sourcemap: "external",
    sourcefile: filename,
    sourcesContent: false,
    // import() becomes require(), as tsc compiles it for CommonJS: Jest's module registry serves
    // require() only (a native import() needs --experimental-vm-modules).
    supported: { "dynamic-import": false },
    // As tsc compiles with target ES2022 (tsconfig.json): class fields with define semantics.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
  });
}

module.exports = {
  compile,
  process(source, filename) {
    const { code, map } = compile(source, filename);
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash("sha256").update(SELF).update("\0").update(filename).update("\0").update(source).digest("hex");
  },
};
