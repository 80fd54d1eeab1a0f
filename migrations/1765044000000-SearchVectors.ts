import { MigrationInterface, QueryRunner } from "typeorm";
import { INDEXED } from "./1764604800000-Search";

/**
 * Search reads a stored vector. The weighted tsvector of every live translation row (the
 * expression of the Search migration, derived from the definitions; the search test checks the
 * column against them) becomes a generated column, `search_vector`, with the GIN index on the
 * column instead of on the expression: ranking reads the stored vector instead of parsing every
 * matched row's text again, and planning a search no longer matches nine long expressions
 * against their indexes (that was most of a search's time). The text-search configuration is
 * explicit (`live.search_config(locale)`, immutable), as a stored column requires.
 *
 * In `live` only, as the last column of each table: publishing's `INSERT ... SELECT * FROM
 * draft...` fills the columns both schemas have and leaves this one to PostgreSQL. Preview's
 * search of drafts (a few editors) computes the vector as before.
 */
export class SearchVectors1765044000000 implements MigrationInterface {
  name = "SearchVectors1765044000000";

  public async up(q: QueryRunner): Promise<void> {
    for (const [table, { vector }] of Object.entries(INDEXED)) {
      await q.query(`ALTER TABLE live.${table}_translation ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (${vector}) STORED`);
      await q.query(`DROP INDEX live.${table}_translation_search`);
      await q.query(`CREATE INDEX ${table}_translation_search ON live.${table}_translation USING gin (search_vector)`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [table, { vector }] of Object.entries(INDEXED)) {
      await q.query(`DROP INDEX live.${table}_translation_search`);
      await q.query(`ALTER TABLE live.${table}_translation DROP COLUMN search_vector`);
      await q.query(`CREATE INDEX ${table}_translation_search ON live.${table}_translation USING gin ((${vector}))`);
    }
  }
}
