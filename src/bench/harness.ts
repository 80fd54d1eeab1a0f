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
  latency: { p50: number; p99: number; average: number };
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

/** A PostgreSQL server for bench databases: DATABASE_URL's, or an embedded one in a temporary folder. */
export interface BenchServer {
  url: string;
  /** Stops the embedded server, if one was started, and removes its folder. */
  stop: () => Promise<void>;
}

export async function benchServer(): Promise<BenchServer> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-bench-"));
  fs.chmodSync(tmp, 0o755);
  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, "data"), port: await freePort() });
    return {
      url: pg.url("postgres"),
      stop: async () => {
        await pg.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A fresh, migrated and seeded database named after `label`: on `server` when given (which
 * `drop` then leaves running), else on a server of its own (benchServer), which `drop` stops.
 */
export async function benchDatabase(label: string, server?: BenchServer): Promise<BenchDatabase> {
  const own = server ? undefined : await benchServer();
  const serverUrl = (server ?? own)!.url;
  const name = `health_cms_bench_${label}_${process.pid}`;
  const dropDatabase = async () => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropLogins(admin, name);
    } finally {
      await admin.end();
    }
  };
  try {
    await ensureDatabase(serverUrl, name);
    const url = new URL(serverUrl);
    url.pathname = "/" + name;
    const databaseUrl = url.toString();
    const { logins, jwtKey } = await prepareDatabase(databaseUrl);
    const seeder = await editorDataSource({ url: logins.editor }).initialize();
    await seedContent(seeder);
    await seeder.destroy();
    return {
      databaseUrl,
      logins,
      jwtKey,
      drop: async () => {
        try {
          await dropDatabase();
        } finally {
          await own?.stop();
        }
      },
    };
  } catch (error) {
    // A bench that fails while preparing leaves neither the database nor its server behind.
    await dropDatabase().catch(() => undefined);
    await own?.stop();
    throw error;
  }
}
