/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type checking is `tsc --noEmit` in `npm test`; ts-jest only transpiles, which keeps the suite fast.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  // Three workers on the 2-core machine: Terraform start-ups (reading a large provider binary) leave CPU idle that a third worker uses.
  maxWorkers: 3,
};
