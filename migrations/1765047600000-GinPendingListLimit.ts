import { MigrationInterface, QueryRunner } from "typeorm";

/** The GIN indexes of content tables (`live` and `draft`): trigrams of names, search vectors, arrays. */
const GIN_INDEXES = `
  SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_am a ON a.oid = c.relam
  WHERE c.relkind = 'i' AND a.amname = 'gin' AND n.nspname IN ('live', 'draft')
  ORDER BY 1`;

/** kB: 32 pages. */
export const GIN_PENDING_LIST_KB = 256;

/**
 * A short pending list for the GIN indexes of content tables. New rows' keys wait in an
 * unsorted list until a VACUUM, or the list's outgrowing gin_pending_list_limit (4 MB by
 * default), merges them into the index, and every scan of the index reads that list whole: a
 * `nameContains` at 100,000 conditions read 418 buffers of the trigram index, 399 of them the
 * list a bulk load had left, against 19 once merged; searches slowed as much. Capped at 256 kB,
 * a scan reads at most 32 pages of it, and bulk loads keep most of the list's gain (the
 * synthetic seed of 10,000 conditions: 20 s with 4 MB, 23 s with 256 kB, 40 s with no list).
 * A later migration that creates a GIN index on a content table sets the same
 * (tests/scale/explain.test.ts checks them all).
 */
export class GinPendingListLimit1765047600000 implements MigrationInterface {
  name = "GinPendingListLimit1765047600000";

  public async up(q: QueryRunner): Promise<void> {
    for (const { name } of (await q.query(GIN_INDEXES)) as Array<{ name: string }>) {
      await q.query(`ALTER INDEX ${name} SET (gin_pending_list_limit = ${GIN_PENDING_LIST_KB})`);
      // Keys already waiting stay until merged, however long the list: merge them now.
      await q.query(`SELECT gin_clean_pending_list($1::regclass)`, [name]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const { name } of (await q.query(GIN_INDEXES)) as Array<{ name: string }>) {
      await q.query(`ALTER INDEX ${name} RESET (gin_pending_list_limit)`);
    }
  }
}
