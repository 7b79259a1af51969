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
  // Three workers on the 2-core machine: the apply suites and the shared plan's background process
  // mostly wait on the emulator and on Terraform's provider start-up, and a third worker fills that
  // time (jest alone, quiet machine: 141 s with two, 131 s with three, 140 s with four).
  maxWorkers: 3,
};
