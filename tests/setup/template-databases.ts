import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { editorDataSource } from "../../src/db/data-source";
import { dropLogins } from "../../src/db/logins";
import { prepareDatabase } from "../../src/db/prepare";
import { seedContent } from "../../src/seed/seed.service";

/**
 * Migrating and seeding take most of a test file's start-up, and every file would repeat the
 * same work: it is done once per run into two template databases (migrated, and migrated then
 * seeded) that each test file copies with CREATE DATABASE ... TEMPLATE.
 */
export interface TemplateNames {
  migrated: string;
  seeded: string;
}

const TEMPLATES_ENV = "TEST_TEMPLATE_DATABASES";
/** Signs the tests' tokens; as long as the server demands (32 bytes at least). */
export const TEST_JWT_SECRET = "test-secret-for-this-run-only-0123456789abcdef";
/** Roles are cluster-wide, and runs may share a server: one run at a time creates them. */
const MIGRATION_LOCK = 872_113_001;

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function urlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = "/" + database;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * CREATE DATABASE ... TEMPLATE fails while any session is connected to the template; a session
 * we just closed may take a moment to leave, so that error is retried.
 */
async function copyDatabase(admin: Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
      return;
    } catch (error) {
      const inUse = (error as { code?: string }).code === "55006";
      if (!inUse || attempt >= 50) throw error;
      await sleep(100 * Math.min(attempt, 10));
    }
  }
}

/** Builds both templates with the real migrations and the real seed; names unique to this run. */
export async function createTemplates(serverUrl: string): Promise<TemplateNames> {
  const prefix = `cms_tpl_${process.pid}_${randomBytes(4).toString("hex")}`;
  const names: TemplateNames = { migrated: `${prefix}_migrated`, seeded: `${prefix}_seeded` };
  await withAdmin(serverUrl, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${quote(names.migrated)}`);
      await admin.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      try {
        // What the server does before it serves: roles, migrations, the job queue's schema.
        await prepareDatabase(urlFor(serverUrl, names.migrated), { jwtSecret: TEST_JWT_SECRET });
      } finally {
        await admin.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
      }
      await copyDatabase(admin, names.migrated, names.seeded);
      // The seed runs as the editorial login, as the server's does.
      const { logins } = await prepareDatabase(urlFor(serverUrl, names.seeded), { jwtSecret: TEST_JWT_SECRET });
      const seeder = await editorDataSource({ url: logins.editor }).initialize();
      try {
        await seedContent(seeder);
      } finally {
        await seeder.destroy();
      }
      // A stray session on a template would make every later copy fail: refuse them outright.
      for (const name of [names.migrated, names.seeded]) {
        await admin.query(`ALTER DATABASE ${quote(name)} WITH ALLOW_CONNECTIONS false`);
      }
    } catch (error) {
      await dropDatabases(admin, [names.migrated, names.seeded]);
      throw error;
    }
  });
  process.env[TEMPLATES_ENV] = JSON.stringify(names);
  return names;
}

async function dropDatabases(admin: Client, names: string[]): Promise<void> {
  for (const name of names) {
    await admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    await dropLogins(admin, name);
  }
}

/** Drops this run's templates (the names globalSetup left in the environment). */
export async function dropTemplates(serverUrl: string): Promise<void> {
  const given = process.env[TEMPLATES_ENV];
  if (!given) return;
  const names = JSON.parse(given) as TemplateNames;
  await withAdmin(serverUrl, (admin) => dropDatabases(admin, [names.migrated, names.seeded]));
  delete process.env[TEMPLATES_ENV];
}

/** Creates `name` as a copy of this run's seeded (or only migrated) template. */
export async function createTestDatabase(serverUrl: string, name: string, options: { seed: boolean }): Promise<void> {
  const given = process.env[TEMPLATES_ENV];
  if (!given) throw new Error(`${TEMPLATES_ENV} is not set: run the tests through jest (npm test)`);
  const names = JSON.parse(given) as TemplateNames;
  await withAdmin(serverUrl, (admin) => copyDatabase(admin, options.seed ? names.seeded : names.migrated, name));
}
