import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { sqlStats } from "./sql-stats";

/** Runs one SQL statement and returns its rows. */
export type SqlRunner = <T = Record<string, unknown>>(text: string, values: unknown[]) => Promise<T[]>;

/**
 * Runs statements as named prepared statements on the DataSource's pool. Delivery issues a
 * small, fixed set of statement texts (values are always parameters), and preparing them once
 * per connection saves PostgreSQL re-planning them on every request: planning was most of
 * the cost of a condition page.
 */
export function preparedRunner(dataSource: DataSource): SqlRunner {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const names = new Map<string, string>();
  return async <T>(text: string, values: unknown[]) => {
    let name = names.get(text);
    if (!name) {
      name = "hc_" + createHash("sha1").update(text).digest("hex").slice(0, 24);
      names.set(text, name);
    }
    sqlStats.statements++;
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  };
}
