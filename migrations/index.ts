import fs from "node:fs";
import path from "node:path";

/**
 * Every migration, oldest first: each `<timestamp>-<Name>` file of this folder, so a new
 * one (a new content type's, say) is picked up without being listed anywhere else. The
 * same set loads under ts-jest (.ts) and compiled (.js).
 */
export const MIGRATIONS: Function[] = fs
  .readdirSync(__dirname)
  .filter((file) => /^\d+-\w+\.(ts|js)$/.test(file) && !file.endsWith(".d.ts"))
  .sort()
  .flatMap((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(__dirname, file)) as Record<string, unknown>;
    return Object.values(loaded).filter((value): value is Function => typeof value === "function");
  });
