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

/** DATABASE_URL when given; otherwise an embedded PostgreSQL with its data under .data/. */
export async function openDatabase(config: AppConfig, log: (message: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  log(`starting embedded PostgreSQL (data in ${config.embeddedDataDir}, port ${config.embeddedPort})`);
  const pg = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort });
  await ensureDatabase(pg.url("postgres"), EMBEDDED_DATABASE);
  const loginKey = fileLoginKey(path.join(config.embeddedDataDir, "cms-logins.key"));
  return { url: pg.url(EMBEDDED_DATABASE), embedded: true, loginKey, stop: () => pg.stop() };
}
