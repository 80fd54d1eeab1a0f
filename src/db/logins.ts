import { createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import { Client } from "pg";

/** Each pool of the server and the group role (NOLOGIN) that holds its grants. */
export const GROUP_ROLES = { delivery: "cms_delivery", editor: "cms_editor", jobs: "cms_jobs" } as const;
export type PoolName = keyof typeof GROUP_ROLES;
export const POOL_NAMES = Object.keys(GROUP_ROLES) as PoolName[];
/** A connection URL per pool, each logging in as a role of its own. */
export type LoginUrls = Record<PoolName, string>;

/** Where the key that the login passwords derive from lives. */
export type LoginKey = (owner: Client) => Promise<string>;

/**
 * Roles are cluster-wide, so every database gets logins of its own: two CMS databases on one
 * server (tests do that) never share, nor fight over, a password.
 */
export function loginNames(database: string): Record<PoolName, string> {
  let base = database.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  if (base !== database || base.length > 40)
    base = `${base.slice(0, 40)}_${createHash("sha256").update(database).digest("hex").slice(0, 8)}`;
  return { delivery: `${base}_delivery`, editor: `${base}_editor`, jobs: `${base}_jobs` };
}

/**
 * Passwords derive from one key, so every process that reads the key computes the same
 * passwords: setting them again on each start is idempotent and never breaks the pools of
 * another instance.
 */
export function passwordFor(key: string, login: string): string {
  return createHmac("sha256", key).update(`health-cms login ${login}`).digest("hex");
}

/** The embedded default's key: a file in its data folder that only this OS user can read. */
export function fileLoginKey(file: string): LoginKey {
  return async () => {
    if (!fs.existsSync(file)) {
      // Written aside and linked into place, so a concurrent reader never sees half a key.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
      try {
        fs.linkSync(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      } finally {
        fs.rmSync(temporary, { force: true });
      }
    }
    fs.chmodSync(file, 0o600);
    const key = fs.readFileSync(file, "utf8").trim();
    if (key.length < 32) throw new Error(`${file} does not hold a login key: delete it to make a new one`);
    return key;
  };
}

/** With DATABASE_URL: the key sits in `cms.secret`, which only the owner can read. */
export const databaseLoginKey: LoginKey = async (owner) => {
  await owner.query(`INSERT INTO cms.secret (name, value) VALUES ('database-logins', $1) ON CONFLICT (name) DO NOTHING`, [
    randomBytes(32).toString("hex"),
  ]);
  const { rows } = await owner.query<{ value: string }>(`SELECT value FROM cms.secret WHERE name = 'database-logins'`);
  return rows[0].value;
};

/** Creates a role unless it exists; a concurrent creator (another test file) is no error. */
function createRoleSql(owner: Client, name: string, attributes: string): string {
  return `DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${owner.escapeLiteral(name)}) THEN
      BEGIN
        CREATE ROLE ${owner.escapeIdentifier(name)} ${attributes};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END $$`;
}

export async function ensureGroupRoles(owner: Client): Promise<void> {
  for (const role of Object.values(GROUP_ROLES)) await owner.query(createRoleSql(owner, role, "NOLOGIN"));
}

/**
 * Creates (or repairs) the logins of `pools` in one transaction under an advisory lock, so
 * instances that start together do not update the same role at once. Returns their URLs.
 */
export async function ensureLogins(owner: Client, ownerUrl: string, pools: PoolName[], key: string): Promise<Partial<LoginUrls>> {
  const { rows } = await owner.query<{ db: string }>(`SELECT current_database() AS db`);
  const database = rows[0].db;
  const names = loginNames(database);
  const urls: Partial<LoginUrls> = {};
  await owner.query("BEGIN");
  try {
    await owner.query(`SELECT pg_advisory_xact_lock(hashtext('health-cms:logins'))`);
    // Only the logins of this database may connect to it, not those of another CMS database
    // on the same server (they are members of the same group roles).
    await owner.query(`REVOKE CONNECT ON DATABASE ${owner.escapeIdentifier(database)} FROM PUBLIC`);
    for (const pool of pools) {
      const login = names[pool];
      const password = passwordFor(key, login);
      await owner.query(createRoleSql(owner, login, "LOGIN"));
      await owner.query(`ALTER ROLE ${owner.escapeIdentifier(login)} WITH LOGIN INHERIT PASSWORD ${owner.escapeLiteral(password)}`);
      await owner.query(`GRANT ${owner.escapeIdentifier(GROUP_ROLES[pool])} TO ${owner.escapeIdentifier(login)}`);
      await owner.query(`GRANT CONNECT ON DATABASE ${owner.escapeIdentifier(database)} TO ${owner.escapeIdentifier(login)}`);
      const url = new URL(ownerUrl);
      url.username = login;
      url.password = password;
      urls[pool] = url.toString();
    }
    await owner.query("COMMIT");
  } catch (error) {
    await owner.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  return urls;
}

/** Removes the logins of a dropped database (tests clean up after themselves with it). */
export async function dropLogins(owner: Client, database: string): Promise<void> {
  for (const login of Object.values(loginNames(database))) await owner.query(`DROP ROLE IF EXISTS ${owner.escapeIdentifier(login)}`);
}

/** What to tell an operator whose database owner may not create roles. */
export function loginInstructions(database: string, owner: string, pools: PoolName[]): string {
  const names = loginNames(database);
  const env = { delivery: "DELIVERY_DATABASE_URL", editor: "EDITOR_DATABASE_URL", jobs: "JOBS_DATABASE_URL" };
  return [
    `The database user "${owner}" may not create roles (it has neither CREATEROLE nor SUPERUSER), and`,
    `${pools.map((p) => env[p]).join(", ")} ${pools.length > 1 ? "are" : "is"} not set. As a superuser, run once:`,
    ...Object.values(GROUP_ROLES).map((group) => `  CREATE ROLE ${group} NOLOGIN;  -- unless it exists`),
    `  GRANT cms_delivery, cms_editor TO "${owner}";`,
    ...pools.map((p) => `  CREATE ROLE ${names[p]} LOGIN PASSWORD '<a long random password>' IN ROLE ${GROUP_ROLES[p]};`),
    `  REVOKE CONNECT ON DATABASE "${database}" FROM PUBLIC;`,
    `  GRANT CONNECT ON DATABASE "${database}" TO ${pools.map((p) => names[p]).join(", ")};`,
    `then start the server with`,
    ...pools.map((p) => `  ${env[p]}=postgres://${names[p]}:<its password>@<host>:<port>/${database}`),
  ].join("\n");
}
