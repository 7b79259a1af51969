#!/usr/bin/env node
"use strict";
const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");

// The package ships dist/ (built in prepack); a checkout of the repository builds it with `npm run build`.
const cli = join(__dirname, "..", "dist", "src", "cli");
const main = join(cli, "main.js");
if (!existsSync(main)) {
  process.stderr.write("scoped-ssm: dist/ is not built in this checkout: run `npm run build` first\n");
  process.exit(2);
}
// The build's bundle of main.js (scripts/bundle-cli.ts) starts faster; after a `tsc` alone it is
// older than main.js, and main.js runs.
const bundle = join(cli, "main.bundle.js");
const bundled = statSync(bundle, { throwIfNoEntry: false });
require(bundled && bundled.mtimeMs >= statSync(main).mtimeMs ? bundle : main).main();
