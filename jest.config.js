/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Transpile only, file by file: type-checking is `npm run typecheck`'s job (CI runs it first).
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: { ignoreCodes: [151002] } }],
    // @fastify/static requires content-disposition, an ES module: Node loads it, jest needs it as CommonJS.
    "/node_modules/content-disposition/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs" }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!content-disposition/)"],
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/setup/global-setup.ts",
  globalTeardown: "<rootDir>/tests/setup/global-teardown.ts",
  maxWorkers: 2,
  testTimeout: 60000,
};
