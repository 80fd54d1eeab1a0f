import { MigrationInterface, QueryRunner } from "typeorm";
import { LIST_KEYS } from "./1765036800000-ListKeys";

const SCHEMAS = ["live", "draft"];
/** Every content type's table when this migration was written; a later type's migration calls `keep`. */
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
    const specs = keys.map((k) => `${k.column}:${k.match}`);
    const args = [table, ...specs];
    const text = `${schema}.${table}_translation`;
    const run = `FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.count_list_rows(${args.map((a) => `'${a}'`).join(", ")})`;
    await q.query(`CREATE TRIGGER list_count_insert AFTER INSERT ON ${text} REFERENCING NEW TABLE AS new_rows ${run}`);
    await q.query(
      `CREATE TRIGGER list_count_update AFTER UPDATE ON ${text} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ${run}`,
    );
    await q.query(`CREATE TRIGGER list_count_delete AFTER DELETE ON ${text} REFERENCING OLD TABLE AS old_rows ${run}`);
    await q.query(`CREATE TRIGGER list_count_truncate AFTER TRUNCATE ON ${text} ${run}`);
    // The first counts, grouped as the trigger groups a statement's rows.
    const [{ groups }] = (await q.query(`SELECT ${schema}.list_count_groups($1, $2::text[]) AS groups`, [text, specs])) as Array<{
      groups: string;
    }>;
    await q.query(
      `INSERT INTO ${schema}.list_count (list, locale, filter, value, n)
       SELECT '${table}', locale, filter, value, count(*) FROM (${groups}) g GROUP BY 1, 2, 3, 4`,
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
      // The SQL of a list's count groups over `source` (a table, or a trigger's transition
      // table): one row per translation row for the whole list, and one per filter value it
      // holds (`spec`: '<column>:equals' or '<column>:contains').
      await q.query(`
        CREATE FUNCTION ${schema}.list_count_groups(source text, specs text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE
        SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
          arms text[] := ARRAY[format('SELECT r.locale, '''' AS filter, '''' AS value FROM %s r', source)];
          spec text;
          col text;
        BEGIN
          FOREACH spec IN ARRAY coalesce(specs, ARRAY[]::text[]) LOOP
            col := split_part(spec, ':', 1);
            IF split_part(spec, ':', 2) = 'contains' THEN
              arms := arms || format('SELECT r.locale, %L, x.v FROM %s r, LATERAL (SELECT DISTINCT unnest(r.%I) AS v) x WHERE x.v IS NOT NULL', col, source, col);
            ELSE
              arms := arms || format('SELECT r.locale, %L, r.%I::text FROM %s r WHERE r.%I IS NOT NULL', col, col, source, col);
            END IF;
          END LOOP;
          RETURN array_to_string(arms, ' UNION ALL ');
        END $fn$`);
      await q.query(`
        CREATE FUNCTION ${schema}.count_list_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
          v_list text := TG_ARGV[0];
          sources text[] := CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows 1'] WHEN 'DELETE' THEN ARRAY['old_rows -1']
                                       ELSE ARRAY['new_rows 1', 'old_rows -1'] END;
          parts text[] := ARRAY[]::text[];
          src text;
          g record;
        BEGIN
          IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM ${schema}.list_count c WHERE c.list = v_list;
            RETURN NULL;
          END IF;
          FOREACH src IN ARRAY sources LOOP
            parts := parts || format('SELECT a.*, %s AS n FROM (%s) a (locale, filter, value)', split_part(src, ' ', 2),
                                     ${schema}.list_count_groups(split_part(src, ' ', 1), TG_ARGV[1:]));
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
      await q.query(`REVOKE ALL ON FUNCTION ${schema}.count_list_rows(), ${schema}.list_count_groups(text, text[]) FROM PUBLIC`);
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
      await q.query(`DROP FUNCTION ${schema}.count_list_rows(), ${schema}.list_count_groups(text, text[])`);
      await q.query(`DROP TABLE ${schema}.list_count`);
    }
  }
}
