import { EXACT_COUNT_LIMIT, TotalCount } from "../common/connection";
import { SqlRunner } from "./sql-runner";

/**
 * Counts the rows of `filtered` (a SELECT whose placeholders are in `params`) up to
 * EXACT_COUNT_LIMIT, in whatever order the planner finds them fastest, so that a count costs the
 * same in a library of any size; beyond the bound, the planner's estimate of the same query,
 * never below what was counted.
 */
export async function boundedCount(
  run: SqlRunner,
  filtered: string,
  params: { values: unknown[]; add(value: unknown): string },
): Promise<TotalCount> {
  const [{ n }] = await run<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${filtered} LIMIT ${params.add(EXACT_COUNT_LIMIT + 1)}) bounded`,
    params.values,
  );
  if (n <= EXACT_COUNT_LIMIT) return { count: n, exact: true };
  const [{ "QUERY PLAN": plan }] = await run<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>(
    `EXPLAIN (FORMAT JSON) ${filtered}`,
    params.values.slice(0, -1),
  );
  return { count: Math.max(n, Math.round(plan[0].Plan["Plan Rows"])), exact: false };
}
