import { MigrationInterface, QueryRunner } from "typeorm";

/** Every draft document table (tests/scale/explain.test.ts fails on a type whose work list sorts). */
export const WORK_LIST_TABLES = [
  "condition",
  "symptom",
  "risk_factor",
  "treatment",
  "diagnostic_method",
  "advice",
  "red_flag",
  "case_example",
  "topic",
];

/**
 * The orders of editorial work lists (src/editorial/work-lists.ts), each a keyset on (sort key,
 * id), as indexes on every draft document table: the UNION ALL over the types then merges the
 * tables' indexes in order and stops at the page's end, instead of reading and sorting every
 * draft. The expressions are the lists' sort keys as written there (no NULL in a keyset).
 */
export const WORK_LIST_ORDERS: Record<string, string> = {
  updated: "updated_at",
  review_due: "(coalesce(next_review_due_at, 'infinity'::timestamptz))",
  published: "(coalesce(published_at, '-infinity'::timestamptz))",
};

export class WorkListIndexes1765040400000 implements MigrationInterface {
  name = "WorkListIndexes1765040400000";

  public async up(q: QueryRunner): Promise<void> {
    for (const table of WORK_LIST_TABLES) {
      for (const [name, key] of Object.entries(WORK_LIST_ORDERS)) {
        await q.query(`CREATE INDEX ${table}_work_list_${name} ON draft.${table} (${key}, id)`);
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of WORK_LIST_TABLES) {
      for (const name of Object.keys(WORK_LIST_ORDERS)) await q.query(`DROP INDEX draft.${table}_work_list_${name}`);
    }
  }
}
