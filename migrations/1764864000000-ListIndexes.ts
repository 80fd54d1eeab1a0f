import { MigrationInterface, QueryRunner } from "typeorm";

/** Each content type's translation table and the text its lists sort by and `nameContains` matches. */
const SORT_TEXT: Array<[table: string, column: string]> = [
  ["condition", "name"],
  ["symptom", "name"],
  ["risk_factor", "name"],
  ["treatment", "name"],
  ["diagnostic_method", "name"],
  ["advice", "text"],
  ["red_flag", "text"],
  ["case_example", "title"],
  ["topic", "title"],
];

/**
 * Indexes that keep every list filter flat at 100,000 items (tests/scale/explain.test.ts runs
 * EXPLAIN on each list query over a large synthetic library and fails on a sequential scan):
 * - `nameContains` (`ILIKE '%text%'`) through a trigram index (pg_trgm, a trusted extension:
 *   the database owner may create it without being a superuser);
 * - filters by a linked item's slug look the slug up in any locale, which the
 *   `(locale, slug)` unique index cannot serve without a skip scan (PostgreSQL 18 only);
 * - symptoms by `kind`, the one enum filter without an index.
 * In `live` (delivery) and `draft` (preview runs the same list queries there).
 */
export class ListIndexes1764864000000 implements MigrationInterface {
  name = "ListIndexes1764864000000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const schema of ["live", "draft"]) {
      for (const [table, column] of SORT_TEXT) {
        await q.query(
          `CREATE INDEX ${table}_translation_${column}_trgm ON ${schema}.${table}_translation USING gin (${column} gin_trgm_ops)`,
        );
        await q.query(`CREATE INDEX ${table}_translation_slug ON ${schema}.${table}_translation (slug)`);
      }
      await q.query(`CREATE INDEX symptom_kind ON ${schema}.symptom (kind)`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const schema of ["live", "draft"]) {
      for (const [table, column] of SORT_TEXT) {
        await q.query(`DROP INDEX ${schema}.${table}_translation_${column}_trgm`);
        await q.query(`DROP INDEX ${schema}.${table}_translation_slug`);
      }
      await q.query(`DROP INDEX ${schema}.symptom_kind`);
    }
    // pg_trgm stays: another migration (search) may use it too.
  }
}
