import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `cms.secret` holds the token-signing key and the key the generated database passwords
 * derive from. The server reads both on the owner's connection before serving, so no login
 * of the running server (cms_editor included) needs to read or write that table.
 */
export class SigningKeyOwnerOnly1764270000000 implements MigrationInterface {
  name = "SigningKeyOwnerOnly1764270000000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON cms.secret FROM cms_editor`);
    await q.query(`REVOKE ALL ON cms.secret FROM PUBLIC`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT ON cms.secret TO cms_editor`);
  }
}
