import { Logger, QueryRunner } from "typeorm";

/** Counts SQL statements; the benchmark and the statement-count test read it. */
export const sqlStats = { statements: 0 };

/**
 * Set while the process shuts down. A terminal's Ctrl-C reaches the embedded PostgreSQL too,
 * which then ends our connections; the pool's complaints about that are expected, not news.
 */
export const shutdown = { started: false };

/**
 * TypeORM logger: counts every statement, prints them only when LOG_SQL is on, and
 * reports failed statements (their detail stays out of API responses).
 */
export class CountingLogger implements Logger {
  constructor(private readonly printSql = false) {}

  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    sqlStats.statements++;
    if (this.printSql) console.log("[sql]", query.replace(/\s+/g, " "), parameters ?? "");
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    if (this.printSql) console.error("[sql error]", error instanceof Error ? error.message : error, query, parameters ?? "");
  }

  logQuerySlow(time: number, query: string): void {
    console.warn(`[sql slow] ${time} ms: ${query.replace(/\s+/g, " ").slice(0, 300)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (this.printSql) console.log("[migration]", message);
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn" && !shutdown.started) console.warn("[typeorm]", message);
  }
}
