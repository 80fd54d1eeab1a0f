import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { fileLoginKey, loginNames, PoolName } from "../src/db/logins";
import { prepareDatabase } from "../src/db/prepare";
import { startRuntime } from "../src/server/boot";
import { startTestApp, TEST_JWT_SECRET, TestApp } from "./helpers/test-app";

/** What each pool's login must fail to do, even once it has tried to leave its role. */
const FORBIDDEN: Record<PoolName, string[]> = {
  delivery: [
    "SELECT * FROM draft.condition",
    "SELECT * FROM cms.app_user",
    "SELECT * FROM cms.secret",
    "SELECT * FROM pgboss.job",
    "SET ROLE cms_editor",
    "SET SESSION AUTHORIZATION postgres",
  ],
  editor: [
    "SELECT * FROM cms.secret",
    "SELECT * FROM pgboss.job",
    "DELETE FROM cms.audit_log",
    "ALTER TABLE cms.audit_log DISABLE TRIGGER USER",
    "SET ROLE cms_jobs",
    "SET SESSION AUTHORIZATION postgres",
  ],
  jobs: [
    "SELECT * FROM draft.condition",
    "SELECT * FROM live.condition",
    "SELECT * FROM cms.app_user",
    "SELECT * FROM cms.secret",
    "SET ROLE cms_editor",
    "SET SESSION AUTHORIZATION postgres",
  ],
};

describe("each pool connects with a login of its own (default setup)", () => {
  let app: TestApp;
  let database: string;
  let owner: string;
  let jobs: Client;

  /** Runs statements on one connection of the pool, each in its own try. */
  async function attempts(pool: PoolName, statements: string[]): Promise<string[]> {
    const errors: string[] = [];
    const run = async (sql: string) => {
      if (pool === "jobs") return jobs.query(sql);
      const runner = (pool === "delivery" ? app.delivery : app.editor).createQueryRunner();
      await runner.connect();
      try {
        return await runner.query(sql);
      } finally {
        await runner.release();
      }
    };
    for (const sql of ["RESET ROLE", "SET ROLE NONE", `SET ROLE "${owner}"`]) await run(sql).catch(() => undefined);
    for (const sql of statements) {
      await run(sql).then(
        () => errors.push(`${sql}: allowed`),
        (error: Error) => (/permission denied|must be|read-only/.test(error.message) ? undefined : errors.push(`${sql}: ${error.message}`)),
      );
    }
    return errors;
  }

  beforeAll(async () => {
    app = await startTestApp({ seed: false, scheduler: { work: false } });
    [{ database, owner }] = await app.writer.query(`SELECT current_database() AS database, current_user AS owner`);
    jobs = new Client({ connectionString: app.logins.jobs });
    await jobs.connect();
  });
  afterAll(async () => {
    await jobs?.end();
    await app?.close();
  });

  it("no connection of the running server is the owner's or a superuser's", async () => {
    const rows: Array<{ app: string; user: string; superuser: boolean }> = await app.writer.query(
      `SELECT DISTINCT a.application_name AS app, a.usename AS user, r.rolsuper AS superuser
       FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
       WHERE a.datname = current_database() AND a.application_name LIKE 'health-cms:%' AND a.application_name <> 'health-cms:writer'
       ORDER BY 1`,
    );
    const names = loginNames(database);
    const allowed = [
      { app: "health-cms:delivery", user: names.delivery, superuser: false },
      { app: "health-cms:editor", user: names.editor, superuser: false },
      { app: "health-cms:jobs", user: names.jobs, superuser: false },
      // The response caches' listener for changes of the live graph reads nothing.
      { app: "health-cms:live-changes", user: names.delivery, superuser: false },
    ];
    // The job queue's pool lets idle connections go, so it may have none at this moment; every
    // connection there is must be one of these, and the always-open ones must be there.
    for (const row of rows) expect(allowed).toContainEqual(row);
    for (const always of allowed.filter((a) => a.app !== "health-cms:jobs")) expect(rows).toContainEqual(always);
  });

  it.each(["delivery", "editor", "jobs"] as PoolName[])(
    "the %s login cannot leave its grants with SET ROLE NONE / RESET ROLE",
    async (pool) => {
      expect(await attempts(pool, FORBIDDEN[pool])).toEqual([]);
    },
  );

  it("each login still does its own job after trying", async () => {
    expect(await attempts("delivery", [])).toEqual([]);
    await expect(app.delivery.query("SELECT count(*)::int AS n FROM live.condition")).resolves.toEqual([{ n: 0 }]);
    await expect(app.editor.query("SELECT count(*)::int AS n FROM draft.condition")).resolves.toEqual([{ n: 0 }]);
    await expect(jobs.query("SELECT count(*)::int AS n FROM pgboss.job")).resolves.toMatchObject({ rows: [{ n: 0 }] });
  });

  it("only this database's logins may connect to it", async () => {
    const [row] = await app.writer.query(
      `SELECT has_database_privilege('public', current_database(), 'CONNECT') AS public,
              has_database_privilege('cms_editor', current_database(), 'CONNECT') AS editors`,
    );
    expect(row).toEqual({ public: false, editors: false });
  });

  it("refuses to serve with the owner's login", async () => {
    await expect(
      startRuntime({
        logins: { ...app.logins, delivery: app.databaseUrl },
        jwtKey: new Uint8Array(32),
        defaultLocale: "en",
        scheduler: false,
      }),
    ).rejects.toThrow(/delivery pool logs in as "[^"]+", which is (a superuser|\(or is a member of\) the database owner)/);
  });

  it("preparing again, twice at once, keeps the passwords the running pools use", async () => {
    await Promise.all([
      prepareDatabase(app.databaseUrl, { jwtSecret: TEST_JWT_SECRET }),
      prepareDatabase(app.databaseUrl, { jwtSecret: TEST_JWT_SECRET }),
    ]);
    const fresh = await new DataSource({ type: "postgres", url: app.logins.editor }).initialize();
    await expect(fresh.query("SELECT session_user AS u")).resolves.toEqual([{ u: loginNames(database).editor }]);
    await fresh.destroy();
  });
});

describe("the embedded default's login key", () => {
  it("is one key, in a file only its owner can read, whoever creates it first", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-key-"));
    const file = path.join(dir, "cms-logins.key");
    try {
      const keys = await Promise.all(Array.from({ length: 8 }, () => fileLoginKey(file)(null as never)));
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir)).toEqual(["cms-logins.key"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
