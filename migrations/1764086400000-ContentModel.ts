import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The content model in the `live` schema: the graph that delivery reads.
 *
 * Layout rules that later migrations rely on:
 * - Every content type is a document row (`<type>`) plus one row per locale
 *   (`<type>_translation`). Links join documents, never translations.
 * - Link tables reference their owning document with a cascading foreign key, and their
 *   target WITHOUT one: in `live`, a link may point at an item that is not published, and
 *   delivery hides it by joining the live target table. Publishing the target later makes
 *   the link appear without touching the link row.
 * - Editorial drafts get a second schema with the same tables; delivery reads through the
 *   role `cms_delivery`, which is granted `live` only, so drafts stay unreadable to it.
 */
export class ContentModel1764086400000 implements MigrationInterface {
  name = "ContentModel1764086400000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS live`);

    const documentColumns = `
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      status text NOT NULL DEFAULT 'PUBLISHED'
        CHECK (status IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED', 'ARCHIVED')),
      version integer NOT NULL DEFAULT 1 CHECK (version > 0),
      citations jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(citations) = 'array'),
      reviewed_by text,
      last_reviewed_at timestamptz,
      next_review_due_at timestamptz,
      created_by text,
      updated_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz`;

    const types: Array<{ table: string; columns: string; text: string; sort: string }> = [
      {
        table: "condition",
        columns: `body_regions text[] NOT NULL DEFAULT '{}',
          codes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(codes) = 'array')`,
        text: `name text NOT NULL, alternate_names text[] NOT NULL DEFAULT '{}', summary text,
          body text, causes text[] NOT NULL DEFAULT '{}'`,
        sort: "name",
      },
      {
        table: "symptom",
        columns: `kind text NOT NULL DEFAULT 'SYMPTOM' CHECK (kind IN ('SYMPTOM', 'SIGN'))`,
        text: `name text NOT NULL, description text`,
        sort: "name",
      },
      { table: "risk_factor", columns: "", text: `name text NOT NULL, description text`, sort: "name" },
      {
        table: "treatment",
        columns: `category text NOT NULL CHECK (category IN ('SELF_CARE', 'CONSERVATIVE', 'ADVANCED', 'SURGICAL'))`,
        text: `name text NOT NULL, summary text, body text`,
        sort: "name",
      },
      { table: "diagnostic_method", columns: "", text: `name text NOT NULL, description text`, sort: "name" },
      {
        table: "advice",
        columns: `kind text NOT NULL CHECK (kind IN ('PREVENTION', 'SELF_CARE'))`,
        text: `text text NOT NULL`,
        sort: "text",
      },
      {
        table: "red_flag",
        columns: `urgency text NOT NULL CHECK (urgency IN ('NON_URGENT', 'URGENT', 'EMERGENCY'))`,
        text: `text text NOT NULL, action text`,
        sort: "text",
      },
      {
        table: "case_example",
        columns: "",
        text: `title text NOT NULL, presentation text, plan text, outcome text`,
        sort: "title",
      },
    ];

    for (const t of types) {
      await q.query(`CREATE TABLE live.${t.table} (${documentColumns}${t.columns ? ",\n" + t.columns : ""})`);
      await q.query(`
        CREATE TABLE live.${t.table}_translation (
          ${t.table}_id uuid NOT NULL REFERENCES live.${t.table}(id) ON DELETE CASCADE,
          locale text NOT NULL CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
          slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
          ${t.text},
          PRIMARY KEY (${t.table}_id, locale),
          CONSTRAINT ${t.table}_translation_slug_unique UNIQUE (locale, slug)
        )`);
      // Keyset pagination walks lists in (locale, sort text, id) order.
      await q.query(`CREATE INDEX ${t.table}_translation_keyset ON live.${t.table}_translation (locale, ${t.sort}, ${t.table}_id)`);
    }
    await q.query(`CREATE INDEX condition_body_regions ON live.condition USING gin (body_regions)`);
    await q.query(`CREATE INDEX treatment_category ON live.treatment (category)`);
    await q.query(`CREATE INDEX advice_kind ON live.advice (kind)`);
    await q.query(`CREATE INDEX red_flag_urgency ON live.red_flag (urgency)`);

    const links: Array<{ table: string; owner: string; ownerCol: string; targetCol: string; extra?: string }> = [
      { table: "condition_symptom", owner: "condition", ownerCol: "condition_id", targetCol: "symptom_id" },
      { table: "condition_risk_factor", owner: "condition", ownerCol: "condition_id", targetCol: "risk_factor_id" },
      {
        table: "condition_treatment",
        owner: "condition",
        ownerCol: "condition_id",
        targetCol: "treatment_id",
        extra: `line text NOT NULL DEFAULT 'FIRST_LINE' CHECK (line IN ('FIRST_LINE', 'ADVANCED', 'SPECIALIST'))`,
      },
      { table: "condition_diagnostic_method", owner: "condition", ownerCol: "condition_id", targetCol: "diagnostic_method_id" },
      { table: "condition_advice", owner: "condition", ownerCol: "condition_id", targetCol: "advice_id" },
      { table: "condition_red_flag", owner: "condition", ownerCol: "condition_id", targetCol: "red_flag_id" },
      { table: "condition_differential", owner: "condition", ownerCol: "condition_id", targetCol: "differential_id" },
      { table: "case_example_condition", owner: "case_example", ownerCol: "case_example_id", targetCol: "condition_id" },
      { table: "case_example_treatment", owner: "case_example", ownerCol: "case_example_id", targetCol: "treatment_id" },
    ];
    for (const l of links) {
      await q.query(`
        CREATE TABLE live.${l.table} (
          ${l.ownerCol} uuid NOT NULL REFERENCES live.${l.owner}(id) ON DELETE CASCADE,
          ${l.targetCol} uuid NOT NULL,
          position integer NOT NULL DEFAULT 0,
          note text,${l.extra ? "\n          " + l.extra + "," : ""}
          PRIMARY KEY (${l.ownerCol}, ${l.targetCol})
        )`);
      // Reverse lookups (a symptom's conditions) go through the target column.
      await q.query(`CREATE INDEX ${l.table}_target ON live.${l.table} (${l.targetCol}, ${l.ownerCol})`);
    }

    // The role delivery runs as. Roles are cluster-wide, so it may exist from another database.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cms_delivery') THEN
          CREATE ROLE cms_delivery NOLOGIN;
        END IF;
        IF NOT pg_has_role(current_user, 'cms_delivery', 'MEMBER') THEN
          EXECUTE format('GRANT cms_delivery TO %I', current_user);
        END IF;
      END
      $$`);
    await q.query(`GRANT USAGE ON SCHEMA live TO cms_delivery`);
    await q.query(`GRANT SELECT ON ALL TABLES IN SCHEMA live TO cms_delivery`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA live GRANT SELECT ON TABLES TO cms_delivery`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA live REVOKE SELECT ON TABLES FROM cms_delivery`);
    await q.query(`DROP SCHEMA live CASCADE`);
    // cms_delivery is left in place: roles are shared by every database of the cluster.
  }
}
