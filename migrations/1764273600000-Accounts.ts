import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Accounts that an admin can disable, and login throttling shared by every instance:
 * - `app_user.disabled_at`: a disabled user cannot sign in, and its tokens stop working
 *   (disabling also bumps `token_version`).
 * - `login_throttle`: failed sign-ins per account+address, account and address, with the time
 *   until which each key waits. The editorial login keeps it; nobody else reads it.
 */
export class Accounts1764273600000 implements MigrationInterface {
  name = "Accounts1764273600000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cms.app_user ADD COLUMN disabled_at timestamptz`);
    await q.query(`
      CREATE TABLE cms.login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures > 0),
        last_failure_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await q.query(`CREATE INDEX login_throttle_last_failure ON cms.login_throttle (last_failure_at)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON cms.login_throttle TO cms_editor`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cms.login_throttle`);
    await q.query(`ALTER TABLE cms.app_user DROP COLUMN disabled_at`);
  }
}
