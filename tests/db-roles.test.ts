import { DataSource } from "typeorm";
import { deliveryDataSource, editorDataSource } from "../src/db/data-source";
import { startTestApp, TestApp } from "./helpers/test-app";

/** A URL for the test database that logs in as `user` instead of the owner. */
function loginAs(app: TestApp, user: string, password: string): string {
  const url = new URL(app.databaseUrl);
  url.username = user;
  url.password = password;
  return url.toString();
}

describe("separate database logins (DELIVERY_DATABASE_URL, EDITOR_DATABASE_URL)", () => {
  let app: TestApp;
  let delivery: DataSource;
  let editor: DataSource;

  beforeAll(async () => {
    app = await startTestApp({ seed: false });
    // Roles are cluster-wide: create them once, whichever test database got here first.
    await app.writer.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cms_delivery_login') THEN
          CREATE ROLE cms_delivery_login LOGIN PASSWORD 'delivery-pass' IN ROLE cms_delivery;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cms_editor_login') THEN
          CREATE ROLE cms_editor_login LOGIN PASSWORD 'editor-pass' IN ROLE cms_editor;
        END IF;
      END $$`);
    const dbName = new URL(app.databaseUrl).pathname.slice(1);
    await app.writer.query(`GRANT CONNECT ON DATABASE "${dbName}" TO cms_delivery_login, cms_editor_login`);
    delivery = await deliveryDataSource({ url: app.databaseUrl, loginUrl: loginAs(app, "cms_delivery_login", "delivery-pass") }).initialize();
    editor = await editorDataSource({ url: app.databaseUrl, loginUrl: loginAs(app, "cms_editor_login", "editor-pass") }).initialize();
  });
  afterAll(async () => {
    await delivery?.destroy();
    await editor?.destroy();
    await app.close();
  });

  it("delivery reads live, and cannot reach drafts even after RESET ROLE", async () => {
    expect(await delivery.query("SELECT count(*)::int AS n FROM live.condition")).toEqual([{ n: 0 }]);
    await delivery.query("RESET ROLE");
    await expect(delivery.query("SELECT * FROM draft.condition")).rejects.toThrow(/permission denied/);
  });

  it("the editor writes drafts, and cannot rewrite the audit log even after RESET ROLE", async () => {
    await editor.query("RESET ROLE");
    await expect(editor.query("SELECT count(*) FROM draft.condition")).resolves.toBeDefined();
    await expect(editor.query("DELETE FROM cms.audit_log")).rejects.toThrow(/permission denied|append-only/);
    await expect(editor.query("ALTER TABLE cms.audit_log DISABLE TRIGGER USER")).rejects.toThrow(/must be owner|permission denied/);
  });
});
