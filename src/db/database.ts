import path from "node:path";
import { Client } from "pg";
import { AppConfig } from "../config/config";
import { startEmbeddedPostgres } from "./embedded";
import { fileLoginKey, LoginKey } from "./logins";

export interface DatabaseHandle {
  /** The owner's URL: for prepareDatabase only, never for serving. */
  url: string;
  embedded: boolean;
  /** Where generated login passwords derive from (the embedded default keeps it in a file). */
  loginKey?: LoginKey;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = "health_cms";

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a URL points, without its password, for log lines. */
function hostOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/**
 * Waits for the database behind `url`: a server that starts before its database (a container
 * restart, a failover) retries with backoff instead of dying at once.
 */
export async function waitForDatabase(url: string, log: (message: string) => void, retries: number, firstDelayMs = 500): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      return;
    } catch (error) {
      const reason = (error as Error).message || (error as { code?: string }).code || String(error);
      if (attempt > retries) throw new Error(`database at ${hostOf(url)} unreachable after ${attempt} attempts: ${reason}`);
      const delay = Math.min(firstDelayMs * 2 ** (attempt - 1), 10_000);
      log(`database at ${hostOf(url)} unreachable (${reason}); retry ${attempt}/${retries} in ${delay} ms`);
      await sleep(delay);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL with its data under .data/. */
export async function openDatabase(config: AppConfig, log: (message: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await waitForDatabase(config.databaseUrl, log, config.dbStartRetries);
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  log(`starting embedded PostgreSQL (data in ${config.embeddedDataDir}, port ${config.embeddedPort})`);
  const pg = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort });
  await ensureDatabase(pg.url("postgres"), EMBEDDED_DATABASE);
  const loginKey = fileLoginKey(path.join(config.embeddedDataDir, "cms-logins.key"));
  return { url: pg.url(EMBEDDED_DATABASE), embedded: true, loginKey, stop: () => pg.stop() };
}
