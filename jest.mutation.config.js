/**
 * The jest configuration StrykerJS runs (`npm run mutation`): jest.config.js without the suites
 * that spawn terraform, cdktf, cfn-lint, moto or npm, or run the built CLI from dist/. Those take
 * seconds to a minute each, so running them for every mutant would make the run take days, and
 * the ones that run dist/ never see a mutant of src/ at all. Without the apply suites there is no
 * emulator to start, so no globalSetup/globalTeardown, and no sequencer to order them first.
 */
const base = require("./jest.config.js");

// Each spawns terraform, cdktf, cfn-lint, moto_server, npm or bash, or runs dist/.
const SLOW = [
  "emulator-apply",
  "cdktf-deploy-apply",
  "cdktf-deploy",
  "cdktf-agreement",
  "cdktf-synth",
  "terraform-large",
  "terraform-module",
  "terraform-native",
  "terraform-providers",
  "organization",
  "stackset-parameters",
  "package",
  "package-frameworks",
  "cloudformation-lint",
  "review-hooks",
  "audit-workflow",
  "templates-precompiled",
  // Run the audit in worker threads of dist/, or the built CLI: a mutant of src/ never reaches them.
  "audit-pool",
  "audit-parallel",
  "startup",
];

const { globalSetup, globalTeardown, testSequencer, ...rest } = base;

/** @type {import('jest').Config} */
module.exports = {
  ...rest,
  testPathIgnorePatterns: ["/node_modules/", ...SLOW.map((name) => `/__tests__/.*/${name}\\.test\\.ts$`)],
};
