import { DataSource } from "typeorm";
import { MIGRATIONS } from "../../migrations";
import { CMS_ENTITIES } from "../editorial/cms.entities";
import { CONTENT_ENTITIES } from "../content/content-types";
import { sqlLogging } from "./sql-log";
import { sessionTimeouts } from "./timeouts";

export const LIVE_SCHEMA = "live";
export const DRAFT_SCHEMA = "draft";

interface Options {
  url: string;
  poolSize?: number;
  logSql?: boolean;
}

/** Runs migrations; its migrations table sits in the database's default schema. */
export function migrationDataSource(options: Options): DataSource {
  return new DataSource({
    type: "postgres",
    installExtensions: false,
    url: options.url,
    migrations: MIGRATIONS,
    migrationsTableName: "cms_migrations",
    migrationsTransactionMode: "each",
    ...sqlLogging(options.logSql),
    extra: { max: 2, application_name: "health-cms:migrate" },
  });
}

/** The owner's connection to the live graph (tests arrange live rows through it). */
export function liveWriterDataSource(options: Options): DataSource {
  return new DataSource({
    type: "postgres",
    installExtensions: false,
    url: options.url,
    schema: LIVE_SCHEMA,
    entities: CONTENT_ENTITIES,
    ...sqlLogging(options.logSql),
    extra: { max: 2, application_name: "health-cms:writer" },
  });
}

/**
 * The delivery API's connection: `url` logs in as a role that holds `cms_delivery` only
 * (SELECT on the live schema), read-only, so whatever SQL delivery runs can only ever see
 * the live schema, and no statement can switch to a stronger role.
 */
export function deliveryDataSource(options: Options): DataSource {
  return new DataSource({
    type: "postgres",
    installExtensions: false,
    url: options.url,
    schema: LIVE_SCHEMA,
    entities: CONTENT_ENTITIES,
    ...sqlLogging(options.logSql),
    extra: {
      max: options.poolSize ?? 10,
      application_name: "health-cms:delivery",
      // No parallel workers: every delivery statement reads a bounded page, which starting
      // workers (tens of milliseconds on a busy server) only slows down; measured on search.
      options: `-c default_transaction_read_only=on -c search_path=${LIVE_SCHEMA} -c max_parallel_workers_per_gather=0${sessionTimeouts()}`,
    },
  });
}

/**
 * The editorial API's connection: `url` logs in as a role that holds `cms_editor` only;
 * entities resolve to the draft schema, and publishing names `live` tables explicitly.
 * Preview reads the draft graph through it.
 */
export function editorDataSource(options: Options): DataSource {
  return new DataSource({
    type: "postgres",
    installExtensions: false,
    url: options.url,
    schema: DRAFT_SCHEMA,
    entities: [...CONTENT_ENTITIES, ...CMS_ENTITIES],
    ...sqlLogging(options.logSql),
    extra: {
      max: options.poolSize ?? 10,
      application_name: "health-cms:editor",
      options: `-c search_path=${DRAFT_SCHEMA}${sessionTimeouts()}`,
    },
  });
}

export async function runMigrations(url: string, logSql = false): Promise<string[]> {
  const ds = await migrationDataSource({ url, logSql }).initialize();
  try {
    const applied = await ds.runMigrations({ transaction: "each" });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
