import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every write to the live graph notifies the channel `cms_live_changed` (delivered at commit),
 * whoever makes it: publishing, unpublishing, deleting, scheduled jobs, a fix made by hand.
 * Response caches of every instance listen and drop what they hold. Statement-level triggers
 * notify once per statement, and PostgreSQL folds equal notices of one transaction into one.
 * A later content type's migration adds the same trigger to its live tables (a test checks).
 *
 * Also lets the editorial role read which migrations ran, for the readiness probe.
 */
export class LiveChangeNotices1764518400000 implements MigrationInterface {
  name = "LiveChangeNotices1764518400000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION live.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('cms_live_changed', TG_TABLE_NAME);
        RETURN NULL;
      END
      $$`);
    await q.query(`
      DO $$
      DECLARE t record;
      BEGIN
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'live' LOOP
          EXECUTE format(
            'CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON live.%I FOR EACH STATEMENT EXECUTE FUNCTION live.notify_change()',
            t.tablename);
        END LOOP;
      END
      $$`);
    await q.query(`GRANT SELECT ON public.cms_migrations TO cms_editor`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT ON public.cms_migrations FROM cms_editor`);
    await q.query(`DROP FUNCTION live.notify_change() CASCADE`);
  }
}
