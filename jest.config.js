/**
 * Two projects: `unit` (fast, in-process, parallel) and `e2e` (real `pulumi up` runs through the
 * Automation API; heavy on 2 cores, so run one file at a time with --runInBand).
 * Coverage stays off: instrumentation would leak counters into serialized provider text.
 * @type {import('jest').Config}
 */
const shared = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
};
module.exports = {
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/test/e2e/"],
    },
    {
      ...shared,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/test/e2e/support/globalSetup.js",
      globalTeardown: "<rootDir>/test/e2e/support/globalTeardown.js",
    },
  ],
  // The e2e leak scan must run after every other file.
  testSequencer: "<rootDir>/test/e2e/support/sequencer.js",
};
