import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { ensureDatabase } from "../../src/db/database";
import { editorDataSource } from "../../src/db/data-source";
import { freePort } from "../../src/db/embedded";
import { prepareDatabase } from "../../src/db/prepare";
import { seedContent } from "../../src/seed/seed.service";
import { App, createApp } from "../../src/server/app";
import { Runtime, startRuntime } from "../../src/server/boot";
import { TEST_JWT_SECRET } from "../setup/template-databases";

/**
 * `npm run test:replica`: a real streaming replica (pg_basebackup of a primary made for the
 * test, PostgreSQL's own binaries: PG_BIN, else `pg_config --bindir`), the server with
 * DATABASE_REPLICA_URLS on it. Delivery reads go to the replica; while it lags, a change is
 * served (and cached) from the primary; when it goes away, the primary answers; a replica that
 * was down when the server started takes reads once it is up.
 */
const run = promisify(execFile);
const bin = process.env.PG_BIN || execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
const asRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: its tools then run as the `postgres` system user. */
async function pg(tool: string, args: string[]): Promise<void> {
  const file = path.join(bin, tool);
  if (asRoot) await run("runuser", ["-u", "postgres", "--", file, ...args]);
  else await run(file, args);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe("delivery reads on a streaming replica", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-replica-"));
  const primaryDir = path.join(dir, "primary");
  const replicaDir = path.join(dir, "replica");
  let primaryPort: number;
  let replicaPort: number;
  let runtime: Runtime;
  let app: App;
  let endpoint: string;
  let runtimeLogins: Parameters<typeof startRuntime>[0]["logins"];
  let runtimeKey: Parameters<typeof startRuntime>[0]["jwtKey"];
  const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const start = (data: string, port: number) =>
    pg("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(data, "log.txt"),
      "-w",
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`,
      "start",
    ]);

  /** The answer to a query, with its x-cache header. */
  async function ask(query: string): Promise<{ body: any; cache: string | null }> {
    const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return { body: await res.json(), cache: res.headers.get("x-cache") };
  }

  beforeAll(async () => {
    fs.chmodSync(dir, 0o777);
    primaryPort = await freePort();
    replicaPort = await freePort();
    await pg("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
    await start(primaryDir, primaryPort);
    await ensureDatabase(url(primaryPort, "postgres"), "health_cms");
    const { logins, jwtKey } = await prepareDatabase(url(primaryPort, "health_cms"), { jwtSecret: TEST_JWT_SECRET });
    const seeder = await editorDataSource({ url: logins.editor }).initialize();
    await seedContent(seeder);
    await seeder.destroy();
    await pg("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaryPort),
      "-U",
      "postgres",
      "-D",
      replicaDir,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
    ]);
    await start(replicaDir, replicaPort);
    runtimeLogins = logins;
    runtimeKey = jwtKey;
    runtime = await startRuntime({
      logins,
      jwtKey,
      defaultLocale: "en",
      poolSize: 4,
      scheduler: false,
      // Host, port and database only: the delivery login (replicated from the primary) is used there.
      replicaUrls: [`postgres://127.0.0.1:${replicaPort}/health_cms`],
    });
    app = await createApp(runtime.services, { logLevel: "silent", responseCache: { maxEntries: 100, maxAgeSeconds: 60 } });
    endpoint = await app.listen(0, "127.0.0.1");
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    for (const data of [replicaDir, primaryDir]) await pg("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const reads = () => ({ ...runtime.replicas!.reads });

  test("anonymous reads go to the replica once it has caught up", async () => {
    await waitFor("a read served by the replica", async () => {
      const before = reads().replica;
      const { body } = await ask(
        `{ symptoms(first: 5, filter: { nameContains: "${Math.random().toString(36).slice(2, 6)}" }) { totalCount } }`,
      );
      expect(body.errors).toBeUndefined();
      return reads().replica > before;
    });
    const { body } = await ask(`{ condition(slug: "sciatica") { name } }`);
    expect(body.data.condition.name).toMatch(/^Sciatica/);
  });

  test("while the replica lags, a change is served and cached from the primary", async () => {
    const replicaAdmin = new Client({ connectionString: url(replicaPort, "health_cms") });
    const primaryAdmin = new Client({ connectionString: url(primaryPort, "health_cms") });
    await replicaAdmin.connect();
    await primaryAdmin.connect();
    try {
      await replicaAdmin.query(`SELECT pg_wal_replay_pause()`);
      const query = `{ condition(slug: "sciatica") { name } }`;
      await ask(query); // cached before the change
      await primaryAdmin.query(`UPDATE live.condition_translation SET name = name || ' (edited)' WHERE slug = 'sciatica'`);
      const before = reads();
      const fresh = await waitFor("the edited name", async () => {
        const answer = await ask(query);
        return answer.body.data.condition.name.endsWith("(edited)") ? answer : undefined;
      });
      expect(fresh.cache).toBe("MISS");
      expect(reads().primary).toBeGreaterThan(before.primary);
      // The replica has not replayed the change, and the cached answer is the fresh one.
      const { rows } = await replicaAdmin.query(`SELECT name FROM live.condition_translation WHERE slug = 'sciatica'`);
      expect(rows[0].name).not.toMatch(/\(edited\)$/);
      expect(await ask(query)).toEqual({ body: fresh.body, cache: "HIT" });

      await replicaAdmin.query(`SELECT pg_wal_replay_resume()`);
      await waitFor("reads back on the replica", async () => {
        const count = reads().replica;
        await ask(`{ conditions(first: 1, filter: { nameContains: "${Math.random().toString(36).slice(2, 6)}" }) { totalCount } }`);
        return reads().replica > count;
      });
    } finally {
      await replicaAdmin.end();
      await primaryAdmin.end();
    }
  });

  test("when the replica goes away, the primary answers", async () => {
    await pg("pg_ctl", ["-D", replicaDir, "-m", "immediate", "stop"]);
    const before = reads();
    for (let i = 0; i < 3; i++) {
      const { body } = await ask(`{ condition(slug: "muscle-strain") { slug } r${i}: conditions(first: 2) { totalCount } }`);
      expect(body).toEqual({ data: expect.objectContaining({ condition: { slug: "muscle-strain" } }) });
    }
    expect(reads().primary).toBeGreaterThan(before.primary);
  });

  test("a replica that is down when the server starts takes reads once it is up", async () => {
    await pg("pg_ctl", ["-D", replicaDir, "-m", "immediate", "stop"]).catch(() => undefined); // stopped above, unless run alone
    const later = await startRuntime({
      logins: runtimeLogins,
      jwtKey: runtimeKey,
      defaultLocale: "en",
      poolSize: 2,
      scheduler: false,
      replicaUrls: [`postgres://127.0.0.1:${replicaPort}/health_cms`],
    });
    try {
      const content = later.services.content;
      const rows = await content.run<{ n: number }>(`SELECT count(*)::int AS n FROM live.condition`, []);
      expect(rows[0].n).toBeGreaterThan(0);
      expect(later.replicas!.reads).toEqual({ replica: 0, primary: 1 });
      await start(replicaDir, replicaPort);
      await waitFor(
        "a read served by the replica that was down",
        async () => {
          await content.run(`SELECT 1`, []);
          return later.replicas!.reads.replica > 0;
        },
        30_000,
      );
    } finally {
      await later.close();
    }
  }, 60_000);
});
