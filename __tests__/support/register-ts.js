// `node -r ./register-ts.js file.ts`: loads TypeScript files the way Jest's transform does
// (esbuild-transform.js), for the test run's background processes.
const { readFileSync } = require("node:fs");
const { compile } = require("./esbuild-transform");

require.extensions[".ts"] = (module, filename) => {
  module._compile(compile(readFileSync(filename, "utf8"), filename).code, filename);
};
