/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Transpile only, file by file: type-checking is `npm run typecheck`'s job (CI runs it first).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/setup/global-setup.ts",
  globalTeardown: "<rootDir>/tests/setup/global-teardown.ts",
  maxWorkers: 2,
  testTimeout: 60000,
};
