import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { dropLogins, loginNames } from "../src/db/logins";
import { prepareDatabase } from "../src/db/prepare";
import { startRuntime } from "../src/server/boot";
import { TEST_JWT_SECRET } from "./helpers/test-app";

/**
 * Owners that are no superuser, as docker-compose.yml sets up: with CREATEROLE the server makes
 * its logins itself; without, it says exactly which logins to create and how to pass them.
 */
describe("a database owner that is no superuser", () => {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  const tag = randomBytes(4).toString("hex");
  const made: Array<{ role: string; database: string }> = [];

  /** A role owning a fresh database, with the given attributes; returns its URL. */
  async function ownerWith(attributes: string): Promise<{ url: string; database: string }> {
    const role = `cms_owner_${tag}_${made.length}`;
    const database = `cms_owned_${tag}_${made.length}`;
    const password = randomBytes(12).toString("hex");
    await admin.query(`CREATE ROLE ${role} LOGIN ${attributes} PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
    made.push({ role, database });
    const url = new URL(process.env.TEST_DATABASE_URL!);
    Object.assign(url, { username: role, password, pathname: `/${database}` });
    return { url: url.toString(), database };
  }

  beforeAll(() => admin.connect());
  afterAll(async () => {
    for (const { role, database } of made.reverse()) {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await dropLogins(admin, database);
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    }
    await admin.end();
  });

  it("with CREATEROLE: migrates, creates the logins and serves through them", async () => {
    // On a fresh server the owner creates the group roles and so administers them; here other
    // tests made them first, so hand it the same rights.
    await admin.query(`DO $$ BEGIN CREATE ROLE cms_jobs NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    const { url, database } = await ownerWith("CREATEROLE");
    await admin.query(`GRANT cms_delivery, cms_editor, cms_jobs TO ${made[0].role} WITH ADMIN OPTION`);
    const { logins, jwtKey } = await prepareDatabase(url, { jwtSecret: TEST_JWT_SECRET });
    const runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", scheduler: { work: false } });
    try {
      await expect(runtime.delivery.query(`SELECT session_user AS u FROM live.condition LIMIT 1`)).resolves.toEqual([]);
      const [{ u }] = await runtime.editor.query(`SELECT session_user AS u`);
      expect(u).toBe(loginNames(database).editor);
    } finally {
      await runtime.close();
    }
  });

  it("without CREATEROLE: refuses to start and names the logins to create and the variables to set", async () => {
    const { url, database } = await ownerWith("NOCREATEROLE");
    const names = loginNames(database);
    const error: Error = await prepareDatabase(url).catch((e) => e);
    expect(error.message).toContain(`may not create roles`);
    for (const [pool, env] of [
      ["delivery", "DELIVERY_DATABASE_URL"],
      ["editor", "EDITOR_DATABASE_URL"],
      ["jobs", "JOBS_DATABASE_URL"],
    ] as const) {
      expect(error.message).toContain(`CREATE ROLE ${names[pool]} LOGIN PASSWORD`);
      expect(error.message).toContain(`${env}=postgres://${names[pool]}:`);
    }
  });
});
