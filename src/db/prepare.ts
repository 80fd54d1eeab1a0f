import { Client } from "pg";
import { Scheduler } from "../jobs/scheduler";
import { runMigrations } from "./data-source";
import {
  databaseLoginKey,
  ensureGroupRoles,
  ensureLogins,
  GROUP_ROLES,
  LoginKey,
  loginInstructions,
  LoginUrls,
  POOL_NAMES,
  PoolName,
} from "./logins";
import { signingKey } from "../auth/signing-key";

export interface PrepareOptions {
  /** Logins given by the operator (DELIVERY_/EDITOR_/JOBS_DATABASE_URL); the rest are created. */
  given?: Partial<LoginUrls>;
  /** Where generated passwords derive from; default: a key in the database, owner-only. */
  loginKey?: LoginKey;
  /** JWT_SECRET; unset, a key kept in the database (owner-only) signs tokens. */
  jwtSecret?: string;
  logSql?: boolean;
}

export interface PreparedDatabase {
  logins: LoginUrls;
  jwtKey: Uint8Array;
  /** Migrations applied by this call. */
  applied: string[];
}

/**
 * Everything that needs the database owner, done before serving: roles, migrations, the job
 * queue's schema, the logins of the three pools and the token-signing key. Every owner
 * connection is closed when it returns; the server then connects with the logins only.
 */
export async function prepareDatabase(ownerUrl: string, options: PrepareOptions = {}): Promise<PreparedDatabase> {
  const owner = new Client({ connectionString: ownerUrl, application_name: "health-cms:prepare" });
  await owner.connect();
  try {
    // Instances that start together take turns: grants and role changes on the same objects
    // at once fail with "tuple concurrently updated". Released when the connection ends.
    await owner.query(`SELECT pg_advisory_lock(hashtext('health-cms:prepare'))`);
    const { rows } = await owner.query<{ user: string; database: string; mayCreateRoles: boolean; groupRoles: number }>(
      `SELECT current_user AS "user", current_database() AS database, rolsuper OR rolcreaterole AS "mayCreateRoles",
              (SELECT count(*)::int FROM pg_roles WHERE rolname = ANY($1)) AS "groupRoles"
       FROM pg_roles WHERE rolname = current_user`,
      [Object.values(GROUP_ROLES)],
    );
    const { user, database, mayCreateRoles, groupRoles } = rows[0];
    const missing = POOL_NAMES.filter((pool) => !options.given?.[pool]);
    if (!mayCreateRoles && (missing.length || groupRoles < POOL_NAMES.length)) {
      throw new Error(loginInstructions(database, user, missing.length ? missing : POOL_NAMES));
    }
    if (mayCreateRoles) await ensureGroupRoles(owner);
    const applied = await runMigrations(ownerUrl, options.logSql);
    await Scheduler.install(ownerUrl);
    await grantJobQueue(owner);
    const created = missing.length ? await ensureLogins(owner, ownerUrl, missing, await (options.loginKey ?? databaseLoginKey)(owner)) : {};
    const jwtKey = await signingKey(owner, options.jwtSecret);
    return { logins: { ...created, ...options.given } as LoginUrls, jwtKey, applied };
  } finally {
    await owner.end();
  }
}

/** The job queue's login works pg-boss's tables; pg-boss's own DDL ran as the owner. */
async function grantJobQueue(owner: Client): Promise<void> {
  await owner.query(`GRANT USAGE ON SCHEMA pgboss TO cms_jobs`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO cms_jobs`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO cms_jobs`);
}

/** A TypeORM DataSource, or a pg Client wrapped to return rows. */
interface Queryable {
  query(sql: string, parameters: unknown[]): Promise<unknown[]>;
}

/** Checks the job queue's login, whose pool pg-boss keeps to itself, on a connection of its own. */
export async function assertJobsLogin(url: string): Promise<void> {
  const client = new Client({ connectionString: url, application_name: "health-cms:jobs-check" });
  await client.connect();
  try {
    await assertLeastPrivilege("jobs", {
      query: async (sql, parameters) => (await client.query<Record<string, unknown>>(sql, parameters)).rows,
    });
  } finally {
    await client.end();
  }
}

/** Schemas a pool's login must not even see; anything it can use there is a setup error. */
const FORBIDDEN_SCHEMAS: Record<PoolName, string[]> = {
  delivery: ["draft", "cms", "pgboss"],
  editor: ["pgboss"],
  jobs: ["draft", "live", "cms"],
};

/**
 * Refuses to serve with a pool that logs in as a superuser, the database owner (or a member
 * of it), a role that may create roles or databases, or one with grants beyond its own:
 * such a session could leave its role with SET ROLE NONE and read what it should not.
 */
export async function assertLeastPrivilege(pool: PoolName, db: Queryable): Promise<void> {
  const [row] = (await db.query(
    `SELECT session_user AS login,
            r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls OR r.rolreplication AS powerful,
            pg_has_role(session_user, d.datdba, 'MEMBER') AS owner,
            (SELECT array_agg(n.nspname::text) FROM pg_namespace n
              WHERE n.nspname = ANY($1) AND has_schema_privilege(session_user, n.oid, 'USAGE')) AS reach
     FROM pg_roles r, pg_database d WHERE r.rolname = session_user AND d.datname = current_database()`,
    [FORBIDDEN_SCHEMAS[pool]],
  )) as [{ login: string; powerful: boolean; owner: boolean; reach: string[] | null }];
  const problem = row.powerful
    ? "is a superuser or may create roles or databases"
    : row.owner
      ? "is (or is a member of) the database owner"
      : row.reach?.length
        ? `may use the schema ${row.reach.join(", ")}`
        : undefined;
  if (problem) {
    throw new Error(
      `The ${pool} pool logs in as "${row.login}", which ${problem}: give it a login that holds ${GROUP_ROLES[pool]} only (see README, Roles).`,
    );
  }
}
