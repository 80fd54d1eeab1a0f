import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../src/db/embedded";
import { createTemplates } from "./template-databases";

/**
 * Gives the tests a PostgreSQL server: the one named by TEST_DATABASE_URL or DATABASE_URL,
 * else a fresh embedded one in a temporary folder (so parallel runs never share data).
 * It then migrates and seeds this run's template databases; each test file copies one.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    process.env.TEST_DATABASE_URL = given;
    await createTemplates(given);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-test-pg-"));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort() });
  process.env.TEST_DATABASE_URL = pg.url("postgres");
  (globalThis as Record<string, unknown>).__embeddedPg = { pg, dataDir };
  try {
    await createTemplates(process.env.TEST_DATABASE_URL);
  } catch (error) {
    // jest skips globalTeardown when globalSetup fails: leave no server behind.
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
