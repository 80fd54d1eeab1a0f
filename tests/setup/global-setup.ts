import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../src/db/embedded";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Gives the tests a PostgreSQL server: the one named by TEST_DATABASE_URL or DATABASE_URL,
 * else a fresh embedded one in a temporary folder (so parallel runs never share data).
 * Each test file then creates its own database on that server.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    process.env.TEST_DATABASE_URL = given;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-test-pg-"));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort() });
  process.env.TEST_DATABASE_URL = pg.url("postgres");
  (globalThis as Record<string, unknown>).__embeddedPg = { pg, dataDir };
}
