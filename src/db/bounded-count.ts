import { EXACT_COUNT_LIMIT, TotalCount } from "../common/connection";
import { SqlRunner } from "./sql-runner";

/**
 * Counts the rows of `filtered` (a SELECT whose placeholders are in `params`) up to
 * EXACT_COUNT_LIMIT, in whatever order the planner finds them fastest, so that a count costs the
 * same in a library of any size; beyond the bound, the planner's estimate of the same query
 * (at most a minute old), never below what was counted.
 */
export async function boundedCount(run: SqlRunner, filtered: string, params: { values: unknown[] }): Promise<TotalCount> {
  const [{ n }] = await run<{ n: number }>(
    // The bound is written into the text, not bound: see pageLimit.
    `SELECT count(*)::int AS n FROM (${filtered} LIMIT ${EXACT_COUNT_LIMIT + 1}) bounded`,
    params.values,
  );
  if (n <= EXACT_COUNT_LIMIT) return { count: n, exact: true };
  return { count: Math.max(n, await estimate(run, filtered, params.values)), exact: false };
}

/**
 * The planner's estimate of a list's rows, kept for ESTIMATE_TTL_MS per pool, statement and
 * values: planning the list again costs as much as the page, and an estimate of more than a
 * thousand rows does not move in a minute the way an exact count would.
 */
const ESTIMATE_TTL_MS = 60_000;
const MAX_ESTIMATES = 1000;
const estimates = new WeakMap<SqlRunner, Map<string, { rows: number; at: number }>>();

async function estimate(run: SqlRunner, filtered: string, values: unknown[]): Promise<number> {
  let known = estimates.get(run);
  if (!known) estimates.set(run, (known = new Map<string, { rows: number; at: number }>()));
  const key = `${filtered}\u0000${JSON.stringify(values)}`;
  const hit = known.get(key);
  if (hit && Date.now() - hit.at < ESTIMATE_TTL_MS) return hit.rows;
  const [{ "QUERY PLAN": plan }] = await run<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>(
    `EXPLAIN (FORMAT JSON) ${filtered}`,
    values,
  );
  const rows = Math.round(plan[0].Plan["Plan Rows"]);
  if (known.size >= MAX_ESTIMATES) known.delete(known.keys().next().value!);
  known.set(key, { rows, at: Date.now() });
  return rows;
}
