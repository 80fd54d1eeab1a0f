import { MigrationInterface, QueryRunner } from "typeorm";

const DOCUMENTS = ["condition", "symptom", "risk_factor", "treatment", "diagnostic_method", "advice", "red_flag", "case_example"];
const LINKS: Array<[table: string, ownerTable: string, ownerCol: string, targetTable: string, targetCol: string]> = [
  ["condition_symptom", "condition", "condition_id", "symptom", "symptom_id"],
  ["condition_risk_factor", "condition", "condition_id", "risk_factor", "risk_factor_id"],
  ["condition_treatment", "condition", "condition_id", "treatment", "treatment_id"],
  ["condition_diagnostic_method", "condition", "condition_id", "diagnostic_method", "diagnostic_method_id"],
  ["condition_advice", "condition", "condition_id", "advice", "advice_id"],
  ["condition_red_flag", "condition", "condition_id", "red_flag", "red_flag_id"],
  ["condition_differential", "condition", "condition_id", "condition", "differential_id"],
  ["case_example_condition", "case_example", "case_example_id", "condition", "condition_id"],
  ["case_example_treatment", "case_example", "case_example_id", "treatment", "treatment_id"],
];

/**
 * The editorial side:
 * - `draft`: the same tables as `live` (built with LIKE, so columns match one for one and
 *   publishing is `INSERT INTO live.x SELECT * FROM draft.x`). Here links reference both
 *   ends: the draft graph is always whole.
 * - `cms`: users, revisions (immutable snapshots) and the audit log (append-only).
 * - Role `cms_editor`: what the editorial API runs as. It may write drafts and live, may only
 *   insert into revisions and the audit log, and a trigger refuses UPDATE/DELETE/TRUNCATE of
 *   those to everyone, owners included. `cms_delivery` gets nothing here.
 * - Every live row seeded so far is copied into `draft` as the editors' starting point.
 */
export class Editorial1764172800000 implements MigrationInterface {
  name = "Editorial1764172800000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA draft`);
    for (const table of DOCUMENTS) {
      await q.query(`CREATE TABLE draft.${table} (LIKE live.${table} INCLUDING ALL)`);
      await q.query(`ALTER TABLE draft.${table} ALTER COLUMN status SET DEFAULT 'DRAFT'`);
      await q.query(`CREATE TABLE draft.${table}_translation (LIKE live.${table}_translation INCLUDING ALL)`);
      await q.query(`ALTER TABLE draft.${table}_translation ADD FOREIGN KEY (${table}_id) REFERENCES draft.${table}(id) ON DELETE CASCADE`);
      await q.query(`CREATE INDEX ${table}_review_due ON draft.${table} (next_review_due_at)`);
    }
    for (const [table, ownerTable, ownerCol, targetTable, targetCol] of LINKS) {
      await q.query(`CREATE TABLE draft.${table} (LIKE live.${table} INCLUDING ALL)`);
      await q.query(`ALTER TABLE draft.${table} ADD FOREIGN KEY (${ownerCol}) REFERENCES draft.${ownerTable}(id) ON DELETE CASCADE`);
      await q.query(`ALTER TABLE draft.${table} ADD FOREIGN KEY (${targetCol}) REFERENCES draft.${targetTable}(id) ON DELETE CASCADE`);
    }
    // The content so far was published straight into live: it becomes the drafts' first state.
    for (const table of DOCUMENTS) {
      await q.query(`INSERT INTO draft.${table} SELECT * FROM live.${table}`);
      await q.query(`INSERT INTO draft.${table}_translation SELECT * FROM live.${table}_translation`);
    }
    for (const [table, , , targetTable, targetCol] of LINKS) {
      await q.query(
        `INSERT INTO draft.${table} SELECT l.* FROM live.${table} l WHERE EXISTS (SELECT 1 FROM draft.${targetTable} t WHERE t.id = l.${targetCol})`,
      );
    }

    await q.query(`CREATE SCHEMA cms`);
    await q.query(`
      CREATE TABLE cms.app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN', 'EDITOR', 'REVIEWER')),
        password_hash text NOT NULL,
        -- Bumped on password change: tokens carry the value they were issued with.
        token_version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_email_unique UNIQUE (email)
      )`);
    await q.query(`CREATE TABLE cms.secret (name text PRIMARY KEY, value text NOT NULL)`);
    await q.query(`
      CREATE TABLE cms.revision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        content_type text NOT NULL,
        content_id uuid NOT NULL,
        version integer NOT NULL,
        action text NOT NULL,
        snapshot jsonb NOT NULL,
        author_id uuid,
        author_email text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX revision_content ON cms.revision (content_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE cms.audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        actor_email text,
        action text NOT NULL,
        content_type text,
        content_id uuid,
        version_before integer,
        version_after integer,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_content ON cms.audit_log (content_id, id)`);
    await q.query(`
      CREATE FUNCTION cms.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ["audit_log", "revision"]) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON cms.${table}
        FOR EACH ROW EXECUTE FUNCTION cms.refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON cms.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION cms.refuse_change()`);
    }

    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cms_editor') THEN
          CREATE ROLE cms_editor NOLOGIN;
        END IF;
        IF NOT pg_has_role(current_user, 'cms_editor', 'MEMBER') THEN
          EXECUTE format('GRANT cms_editor TO %I', current_user);
        END IF;
      END
      $$`);
    await q.query(`GRANT USAGE ON SCHEMA draft, live, cms TO cms_editor`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA draft, live TO cms_editor`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cms.app_user TO cms_editor`);
    await q.query(`GRANT SELECT, INSERT ON cms.secret, cms.revision, cms.audit_log TO cms_editor`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA live FROM cms_editor`);
    await q.query(`REVOKE USAGE ON SCHEMA live FROM cms_editor`);
    await q.query(`DROP SCHEMA cms CASCADE`);
    await q.query(`DROP SCHEMA draft CASCADE`);
  }
}
