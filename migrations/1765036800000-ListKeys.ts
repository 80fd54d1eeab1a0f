import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The document columns that list filters match (`filters` of src/model/types/*.ts whose field is
 * not localized), by table: a copy of each on every translation row. A test checks this list
 * against the definitions, so a new filter comes with a migration of its own.
 */
export const LIST_KEYS: Array<{ table: string; sort: string; column: string; type: string; match: "equals" | "contains" }> = [
  { table: "condition", sort: "name", column: "body_regions", type: "text[]", match: "contains" },
  { table: "symptom", sort: "name", column: "kind", type: "text", match: "equals" },
  { table: "treatment", sort: "name", column: "category", type: "text", match: "equals" },
  { table: "advice", sort: "text", column: "kind", type: "text", match: "equals" },
  { table: "red_flag", sort: "text", column: "urgency", type: "text", match: "equals" },
];

/**
 * Filtered lists at flat cost. A list is ordered by its default-locale translation's sort text
 * (`<type>_translation (locale, name, id)`), while its filters matched document columns: a
 * filter had to read and sort every document of that kind. Now each filtered document column
 * is copied onto the translation rows, so that one index on the translation table serves both
 * the filter and the order:
 * - an equality filter (`kind`, `category`, `urgency`): `(locale, <column>, <sort>, id)`, which a
 *   page walks in order and a bounded count reads as a range;
 * - an array filter (body regions): the keyset index carries the array (INCLUDE), so a page and
 *   a bounded count walk the order and test the array without reading the rows.
 * The copies are kept by triggers, whoever writes (publishing's `INSERT ... SELECT *`, the
 * editors' saves, imports, the synthetic seed): a translation row takes its document's value on
 * every write, and a document's change of the value is passed to its translation rows. In
 * `live` and `draft` alike (preview runs the same list queries on drafts; publishing copies
 * draft rows column for column).
 */
export class ListKeys1765036800000 implements MigrationInterface {
  name = "ListKeys1765036800000";

  public async up(q: QueryRunner): Promise<void> {
    for (const schema of ["live", "draft"]) {
      for (const k of LIST_KEYS) {
        const text = `${schema}.${k.table}_translation`;
        const doc = `${schema}.${k.table}`;
        const owner = `${k.table}_id`;
        await q.query(`ALTER TABLE ${text} ADD COLUMN ${k.column} ${k.type}`);
        await q.query(`UPDATE ${text} t SET ${k.column} = d.${k.column} FROM ${doc} d WHERE d.id = t.${owner}`);
        await q.query(`
          CREATE FUNCTION ${schema}.${k.table}_translation_list_key() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            NEW.${k.column} := (SELECT d.${k.column} FROM ${doc} d WHERE d.id = NEW.${owner});
            RETURN NEW;
          END $$`);
        await q.query(`
          CREATE TRIGGER list_key BEFORE INSERT OR UPDATE ON ${text}
          FOR EACH ROW EXECUTE FUNCTION ${schema}.${k.table}_translation_list_key()`);
        await q.query(`
          CREATE FUNCTION ${schema}.${k.table}_list_key() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            UPDATE ${text} SET ${k.column} = NEW.${k.column} WHERE ${owner} = NEW.id;
            RETURN NULL;
          END $$`);
        await q.query(`
          CREATE TRIGGER list_key AFTER UPDATE OF ${k.column} ON ${doc}
          FOR EACH ROW WHEN (OLD.${k.column} IS DISTINCT FROM NEW.${k.column}) EXECUTE FUNCTION ${schema}.${k.table}_list_key()`);
        if (k.match === "equals") {
          await q.query(`CREATE INDEX ${k.table}_translation_${k.column}_keyset ON ${text} (locale, ${k.column}, ${k.sort}, ${owner})`);
        } else {
          await q.query(
            `CREATE INDEX ${k.table}_translation_${k.column}_keyset ON ${text} (locale, ${k.sort}, ${owner}) INCLUDE (${k.column})`,
          );
        }
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const schema of ["live", "draft"]) {
      for (const k of LIST_KEYS) {
        await q.query(`DROP TRIGGER list_key ON ${schema}.${k.table}`);
        await q.query(`DROP TRIGGER list_key ON ${schema}.${k.table}_translation`);
        await q.query(`DROP FUNCTION ${schema}.${k.table}_list_key(), ${schema}.${k.table}_translation_list_key()`);
        await q.query(`DROP INDEX ${schema}.${k.table}_translation_${k.column}_keyset`);
        await q.query(`ALTER TABLE ${schema}.${k.table}_translation DROP COLUMN ${k.column}`);
      }
    }
  }
}
