// Browser tests of the editor studio (`npm run test:studio`): Chromium through playwright-core.
// Kept out of `npm test`, which must run without a browser.
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ["**/studio/**/*.e2e.ts"],
  maxWorkers: 1,
  testTimeout: 180000,
};
