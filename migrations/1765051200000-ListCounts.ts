import { MigrationInterface, QueryRunner } from "typeorm";
import { LIST_KEYS } from "./1765036800000-ListKeys";

const SCHEMAS = ["live", "draft"];
/** Every content type's table, with its list's sort column (the keyset indexes' second column). */
const LISTS = ["condition", "symptom", "risk_factor", "treatment", "diagnostic_method", "advice", "red_flag", "case_example", "topic"];

/**
 * Counts kept per list and filter value, so that `totalCount` is exact and costs one index
 * read at any library size, where a count of the rows costs as many rows as match.
 *
 * `<schema>.list_count` holds, per list (a type's table), locale, filter (a list key copied on
 * the translation rows by the ListKeys migration, or '' for the whole list) and value: the
 * number of translation rows. It is kept by statement-level triggers on each translation table,
 * from the rows a statement inserted, deleted or changed (its transition tables), whoever
 * writes: publishing, editors' saves, imports, the synthetic seed's COPY.
 *
 * A statement adds its change as a row of its own (a delta), so concurrent writers never wait
 * for each other on a shared counter row (which would also let two transactions that touch two
 * lists in opposite orders deadlock). The count is the sum of a key's rows. A writer that can
 * take the key's advisory lock without waiting folds the key's committed rows into one as it
 * writes (in READ COMMITTED, the default: each statement then sees the last fold), so a key
 * keeps about one row per transaction in flight.
 *
 * The trigger function runs as the migrations' owner (SECURITY DEFINER): editors and delivery
 * may read the counts, not write them. A later migration that adds a content type or a list
 * filter calls `ListCounts1765051200000.keep` for its table (tests/model.test.ts checks every
 * list's triggers against the definitions).
 */
export class ListCounts1765051200000 implements MigrationInterface {
  name = "ListCounts1765051200000";

  /** The triggers that keep `table`'s counts in `schema`, by its list keys, and its first counts. */
  static async keep(q: QueryRunner, schema: string, table: string, keys: Array<{ column: string; match: "equals" | "contains" }>) {
    const args = [table, ...keys.map((k) => `${k.column}:${k.match}`)].map((a) => `'${a}'`).join(", ");
    const text = `${schema}.${table}_translation`;
    const run = `FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.count_list_rows(${args})`;
    await q.query(`CREATE TRIGGER list_count_insert AFTER INSERT ON ${text} REFERENCING NEW TABLE AS new_rows ${run}`);
    await q.query(
      `CREATE TRIGGER list_count_update AFTER UPDATE ON ${text} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ${run}`,
    );
    await q.query(`CREATE TRIGGER list_count_delete AFTER DELETE ON ${text} REFERENCING OLD TABLE AS old_rows ${run}`);
    await q.query(`CREATE TRIGGER list_count_truncate AFTER TRUNCATE ON ${text} ${run}`);
    const groups = [
      `SELECT r.locale, '' AS filter, '' AS value FROM ${text} r`,
      ...keys.map((k) =>
        k.match === "contains"
          ? `SELECT r.locale, '${k.column}', x.v FROM ${text} r, LATERAL (SELECT DISTINCT unnest(r.${k.column}) AS v) x WHERE x.v IS NOT NULL`
          : `SELECT r.locale, '${k.column}', r.${k.column}::text FROM ${text} r WHERE r.${k.column} IS NOT NULL`,
      ),
    ];
    await q.query(
      `INSERT INTO ${schema}.list_count (list, locale, filter, value, n)
       SELECT '${table}', locale, filter, value, count(*) FROM (${groups.join(" UNION ALL ")}) g GROUP BY 1, 2, 3, 4`,
    );
  }

  public async up(q: QueryRunner): Promise<void> {
    for (const schema of SCHEMAS) {
      await q.query(`
        CREATE TABLE ${schema}.list_count (
          list text NOT NULL,
          locale text NOT NULL,
          filter text NOT NULL,
          value text NOT NULL,
          n bigint NOT NULL
        )`);
      await q.query(`CREATE INDEX list_count_key ON ${schema}.list_count (list, locale, filter, value) INCLUDE (n)`);
      await q.query(
        `COMMENT ON TABLE ${schema}.list_count IS 'Translation rows per list, locale and filter value, kept by triggers (migration ListCounts): a count is the sum of its key''s rows.'`,
      );
      await q.query(`
        CREATE FUNCTION ${schema}.count_list_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
          v_list text := TG_ARGV[0];
          arms text[] := ARRAY['SELECT r.locale, '''' AS filter, '''' AS value FROM {rows} r'];
          sources text[];
          parts text[] := ARRAY[]::text[];
          spec text;
          col text;
          src text;
          arm text;
          g record;
        BEGIN
          IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM ${schema}.list_count c WHERE c.list = v_list;
            RETURN NULL;
          END IF;
          FOREACH spec IN ARRAY TG_ARGV[1:] LOOP
            col := split_part(spec, ':', 1);
            IF split_part(spec, ':', 2) = 'contains' THEN
              arms := arms || format('SELECT r.locale, %L, x.v FROM {rows} r, LATERAL (SELECT DISTINCT unnest(r.%I) AS v) x WHERE x.v IS NOT NULL', col, col);
            ELSE
              arms := arms || format('SELECT r.locale, %L, r.%I::text FROM {rows} r WHERE r.%I IS NOT NULL', col, col, col);
            END IF;
          END LOOP;
          sources := CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows 1'] WHEN 'DELETE' THEN ARRAY['old_rows -1'] ELSE ARRAY['new_rows 1', 'old_rows -1'] END;
          FOREACH src IN ARRAY sources LOOP
            FOREACH arm IN ARRAY arms LOOP
              parts := parts || format('SELECT a.*, %s AS n FROM (%s) a (locale, filter, value)', split_part(src, ' ', 2), replace(arm, '{rows}', split_part(src, ' ', 1)));
            END LOOP;
          END LOOP;
          -- In key order, so that concurrent writers take the advisory locks in one order.
          FOR g IN EXECUTE 'SELECT locale, filter, value, sum(n)::bigint AS n FROM (' || array_to_string(parts, ' UNION ALL ') || ') d
                            GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3' LOOP
            IF current_setting('transaction_isolation') = 'read committed'
               AND pg_try_advisory_xact_lock(hashtext('${schema}.list_count'), hashtext(concat_ws(chr(31), v_list, g.locale, g.filter, g.value))) THEN
              WITH gone AS (
                DELETE FROM ${schema}.list_count c
                WHERE c.list = v_list AND c.locale = g.locale AND c.filter = g.filter AND c.value = g.value
                RETURNING c.n)
              INSERT INTO ${schema}.list_count (list, locale, filter, value, n)
              SELECT v_list, g.locale, g.filter, g.value, t.total FROM (SELECT g.n + coalesce(sum(gone.n), 0) AS total FROM gone) t
              WHERE t.total <> 0;
            ELSE
              INSERT INTO ${schema}.list_count (list, locale, filter, value, n) VALUES (v_list, g.locale, g.filter, g.value, g.n);
            END IF;
          END LOOP;
          RETURN NULL;
        END $fn$`);
      await q.query(`REVOKE ALL ON FUNCTION ${schema}.count_list_rows() FROM PUBLIC`);
      for (const table of LISTS) {
        const keys = LIST_KEYS.filter((k) => k.table === table).map((k) => ({ column: k.column, match: k.match }));
        await ListCounts1765051200000.keep(q, schema, table, keys);
      }
      await q.query(`GRANT SELECT ON ${schema}.list_count TO cms_editor`);
    }
    // Delivery reads live's counts (the schema's default privileges); preview reads draft's.
    await q.query(`GRANT SELECT ON live.list_count TO cms_delivery`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const schema of SCHEMAS) {
      for (const table of LISTS) {
        for (const event of ["insert", "update", "delete", "truncate"]) {
          await q.query(`DROP TRIGGER list_count_${event} ON ${schema}.${table}_translation`);
        }
      }
      await q.query(`DROP FUNCTION ${schema}.count_list_rows()`);
      await q.query(`DROP TABLE ${schema}.list_count`);
    }
  }
}
