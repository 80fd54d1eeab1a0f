import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Client } from "pg";
import { ensureDatabase } from "../db/database";
import { editorDataSource } from "../db/data-source";
import { freePort, startEmbeddedPostgres } from "../db/embedded";
import { dropLogins, LoginUrls } from "../db/logins";
import { prepareDatabase } from "../db/prepare";
import { seedContent } from "../seed/seed.service";

/** What autocannon reports for one run (its JSON output, the fields the benches read). */
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  "3xx": number;
  "4xx": number;
}

/**
 * autocannon in its own process, so the load generator does not share the server's event loop.
 * `body` null: GET `url` as it is (a query in the URL, as CDNs and browsers send it).
 */
export async function load(
  url: string,
  body: string | null,
  connections: number,
  duration: number,
  headers: string[] = [],
): Promise<LoadResult> {
  const cli = require.resolve("autocannon/autocannon.js");
  const method = body === null ? ["-m", "GET"] : ["-m", "POST", "-H", "content-type=application/json", "-b", body];
  const extra = headers.flatMap((header) => ["-H", header]);
  const args = [cli, "-j", "-n", "-c", String(connections), "-d", String(duration), ...method, ...extra, url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

export interface BenchDatabase {
  /** The database's URL as its owner. */
  databaseUrl: string;
  logins: LoginUrls;
  jwtKey: Awaited<ReturnType<typeof prepareDatabase>>["jwtKey"];
  /** Drops the database and its logins, and stops the embedded server if one was started. */
  drop: () => Promise<void>;
}

/**
 * A fresh, migrated and seeded database named after `label`: on DATABASE_URL's server, or on an
 * embedded PostgreSQL in a temporary folder.
 */
export async function benchDatabase(label: string): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded = async () => undefined as void;
  let tmp: string | undefined;
  if (!serverUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-bench-"));
    fs.chmodSync(tmp, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, "data"), port: await freePort() });
    serverUrl = pg.url("postgres");
    stopEmbedded = () => pg.stop();
  }
  const name = `health_cms_bench_${label}_${process.pid}`;
  await ensureDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = "/" + name;
  const databaseUrl = url.toString();
  const { logins, jwtKey } = await prepareDatabase(databaseUrl);
  const seeder = await editorDataSource({ url: logins.editor }).initialize();
  await seedContent(seeder);
  await seeder.destroy();
  const server = serverUrl;
  return {
    databaseUrl,
    logins,
    jwtKey,
    drop: async () => {
      const admin = new Client({ connectionString: server });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropLogins(admin, name);
      await admin.end();
      await stopEmbedded();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
