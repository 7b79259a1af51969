/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type checking is `tsc` in `npm test`; esbuild only strips types, file by file (see the transform).
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js" },
  testTimeout: 120000,
  // One local AWS API emulator (moto_server on 127.0.0.1) for the apply suites of the whole run.
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  // Two workers on the 2-core machine: the Terraform suites overlap their own runs (tfAsync), and a
  // third worker only added contention (clean clone, npm test: 103-109 s with two, 113-115 s with three).
  maxWorkers: 2,
};
