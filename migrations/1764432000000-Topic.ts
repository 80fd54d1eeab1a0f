import { MigrationInterface, QueryRunner } from "typeorm";

const LINKS: Array<[table: string, targetTable: string, targetCol: string]> = [
  ["topic_condition", "condition", "condition_id"],
  ["topic_advice", "advice", "advice_id"],
  ["topic_red_flag", "red_flag", "red_flag_id"],
];

/**
 * The Topic type (src/model/types/topic.ts): a topic page and its links, in `live` and
 * `draft` with the same layout as every other type (see the ContentModel and Editorial
 * migrations): live links have no foreign key on their target, draft links have both.
 */
export class Topic1764432000000 implements MigrationInterface {
  name = "Topic1764432000000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE live.topic (LIKE live.condition INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await q.query(`ALTER TABLE live.topic ADD PRIMARY KEY (id), DROP COLUMN body_regions, DROP COLUMN codes`);
    await q.query(`
      CREATE TABLE live.topic_translation (
        topic_id uuid NOT NULL REFERENCES live.topic(id) ON DELETE CASCADE,
        locale text NOT NULL CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title text NOT NULL,
        summary text,
        introduction text,
        cause_kinds text[] NOT NULL DEFAULT '{}',
        treatment_framing text,
        conclusion text,
        PRIMARY KEY (topic_id, locale),
        CONSTRAINT topic_translation_slug_unique UNIQUE (locale, slug)
      )`);
    await q.query(`CREATE INDEX topic_translation_keyset ON live.topic_translation (locale, title, topic_id)`);
    for (const [table, , targetCol] of LINKS) {
      await q.query(`
        CREATE TABLE live.${table} (
          topic_id uuid NOT NULL REFERENCES live.topic(id) ON DELETE CASCADE,
          ${targetCol} uuid NOT NULL,
          position integer NOT NULL DEFAULT 0,
          note text,
          evidence jsonb CONSTRAINT ${table}_evidence_shape CHECK (
            evidence IS NULL OR (
              jsonb_typeof(evidence) = 'object'
              AND jsonb_typeof(evidence -> 'quote') = 'string' AND length(btrim(evidence ->> 'quote')) > 0
              AND jsonb_typeof(evidence -> 'citation') = 'object'
              AND jsonb_typeof(evidence -> 'citation' -> 'title') = 'string' AND length(btrim(evidence -> 'citation' ->> 'title')) > 0
            )
          ),
          PRIMARY KEY (topic_id, ${targetCol})
        )`);
      await q.query(`CREATE INDEX ${table}_target ON live.${table} (${targetCol}, topic_id)`);
    }

    // Documents take their shared columns from a condition's, in each schema, so a topic's
    // draft and live rows keep the same layout as every other type's.
    await q.query(`CREATE TABLE draft.topic (LIKE draft.condition INCLUDING ALL)`);
    await q.query(`ALTER TABLE draft.topic DROP COLUMN body_regions, DROP COLUMN codes`);
    await q.query(`CREATE TABLE draft.topic_translation (LIKE live.topic_translation INCLUDING ALL)`);
    await q.query(`ALTER TABLE draft.topic_translation ADD FOREIGN KEY (topic_id) REFERENCES draft.topic(id) ON DELETE CASCADE`);
    for (const [table, targetTable, targetCol] of LINKS) {
      await q.query(`CREATE TABLE draft.${table} (LIKE live.${table} INCLUDING ALL)`);
      await q.query(`ALTER TABLE draft.${table} ADD FOREIGN KEY (topic_id) REFERENCES draft.topic(id) ON DELETE CASCADE`);
      await q.query(`ALTER TABLE draft.${table} ADD FOREIGN KEY (${targetCol}) REFERENCES draft.${targetTable}(id) ON DELETE CASCADE`);
    }

    // The same grants every content table has: delivery reads live (default privileges
    // cover it), the editorial role writes drafts and publishes to live.
    const tables = ["topic", "topic_translation", ...LINKS.map(([t]) => t)];
    for (const schema of ["draft", "live"]) {
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${tables.map((t) => `${schema}.${t}`).join(", ")} TO cms_editor`);
    }
    await q.query(`GRANT SELECT ON ${tables.map((t) => `live.${t}`).join(", ")} TO cms_delivery`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const schema of ["draft", "live"]) {
      for (const [table] of LINKS) await q.query(`DROP TABLE ${schema}.${table}`);
      await q.query(`DROP TABLE ${schema}.topic_translation`);
      await q.query(`DROP TABLE ${schema}.topic`);
    }
  }
}
