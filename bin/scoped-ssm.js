#!/usr/bin/env node
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

// The package ships dist/ (built in prepack); a checkout of the repository builds it with `npm run build`.
const main = join(__dirname, "..", "dist", "src", "cli", "main.js");
if (!existsSync(main)) {
  process.stderr.write("scoped-ssm: dist/ is not built in this checkout: run `npm run build` first\n");
  process.exit(2);
}
require(main).main();
