// @ts-check
import eslint from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["node_modules/", "dist/", ".data/", "coverage/", "studio/src/gql/"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  eslint.configs.recommended,
  {
    // The studio's .tsx files are checked by the same rules, against studio/tsconfig.json (DOM, JSX).
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { args: "after-used", argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      // TypeORM (entity targets, `entities`) and type-graphql (`resolvers`, `NonEmptyArray<Function>`)
      // take classes as `Function`; a narrower constructor type here would only add casts at every call.
      "@typescript-eslint/no-unsafe-function-type": "off",
      // `async` without `await` is deliberate: it satisfies Promise-returning contracts (Apollo plugin
      // hooks, Fastify handlers, `stop()`) and turns a synchronous throw into a rejection.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["tests/**/*.ts"],
    rules: {
      // GraphQL responses arrive as `any` (the shape is the query's, asserted by the test itself);
      // typing every response would double each query without catching more than the assertions do.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // Plain CommonJS: config files and the helper that runs embedded PostgreSQL in its own process.
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly", console: "readonly" },
    },
  },
  // Last: turns off every stylistic rule that would disagree with Prettier.
  prettier,
);
