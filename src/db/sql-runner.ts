import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { sqlLoggerOf } from "./sql-log";
import { sqlStats } from "./sql-stats";

/**
 * How PostgreSQL plans a prepared statement (plan_cache_mode): `auto`, its own choice after five
 * executions, or `generic`, one plan for all values. A statement whose values change little in
 * its plan but whose per-value plan is misjudged (search on small tables: the planner prices
 * pg_trgm's word similarity as if it were free, scans every row and runs it on each) asks for
 * `generic`.
 */
export type PlanMode = "auto" | "generic";

/** Runs one SQL statement and returns its rows. */
export type SqlRunner = <T = Record<string, unknown>>(text: string, values: unknown[], plan?: PlanMode) => Promise<T[]>;

const PLAN_CACHE_MODE: Record<PlanMode, string> = { auto: "auto", generic: "force_generic_plan" };

const ignore = () => {};

/**
 * Statements planned from a client's selection differ per query shape: past this many texts,
 * new ones run unnamed, so no client can grow the prepared statements of every connection.
 */
const MAX_NAMED = 500;

/**
 * Runs statements as named prepared statements on the DataSource's pool. Delivery issues a
 * small, fixed set of statement texts (values are always parameters), and preparing them once
 * per connection saves PostgreSQL re-planning them on every request: planning was most of
 * the cost of a condition page. TypeORM never sees these statements, so they are timed and
 * logged here, through the DataSource's own SQL logger.
 */
export function preparedRunner(dataSource: DataSource): SqlRunner {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const log = sqlLoggerOf(dataSource);
  const names = new Map<string, string>();
  // Each connection's plan_cache_mode, when a statement changed it: set again only on a change
  // of mode, so a run of searches (or of anything else) costs no extra round trip.
  const modes = new WeakMap<object, PlanMode>();
  return async <T>(text: string, values: unknown[], plan: PlanMode = "auto") => {
    let name = names.get(text);
    if (!name && names.size < MAX_NAMED) {
      name = "hc_" + createHash("sha1").update(text).digest("hex").slice(0, 24);
      names.set(text, name);
    }
    sqlStats.statements++;
    // pool.query, spelled out so that the clock starts once a connection is ours: waiting for
    // one is the pool's size showing, not a slow statement (TypeORM times it the same way).
    const client = await pool.connect();
    // The pool stops listening to a client it lends out, and a connection lost mid-statement
    // fails the statement and then emits "error": unheard, that would end the process.
    client.on("error", ignore);
    const started = performance.now();
    let failure: Error | undefined;
    try {
      if ((modes.get(client) ?? "auto") !== plan) {
        await client.query(`SET plan_cache_mode = ${PLAN_CACHE_MODE[plan]}`);
        modes.set(client, plan);
      }
      const result = await client.query({ name, text, values });
      log.statement(dataSource, text, values.length, performance.now() - started);
      return result.rows as T[];
    } catch (error) {
      failure = error as Error;
      log.statement(dataSource, text, values.length, performance.now() - started, error);
      throw error;
    } finally {
      client.removeListener("error", ignore);
      // Given the error, the pool discards the connection, as pool.query does.
      client.release(failure);
    }
  };
}
