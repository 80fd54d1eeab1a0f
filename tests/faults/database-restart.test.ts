import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, waitForDatabase } from "../../src/db/database";
import { editorDataSource } from "../../src/db/data-source";
import { prepareDatabase } from "../../src/db/prepare";
import { freePort } from "../../src/db/embedded";
import { seedContent } from "../../src/seed/seed.service";
import { App, createApp } from "../../src/server/app";
import { Runtime, startRuntime } from "../../src/server/boot";
import { TEST_JWT_SECRET } from "../setup/template-databases";

const PAGE = JSON.stringify({ query: `{ condition(slug: "sciatica") { name symptoms { slug } } }` });

interface Database {
  url(name: string): string;
  stop(): Promise<void>;
}

/** src/db/embedded.ts in a child process (see the helper for why); stops when told. */
function startDatabase(dataDir: string, port: number): Promise<Database> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, "..", "helpers", "embedded-pg-process.js"), dataDir, String(port)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /^ready (\S+)/m.exec(chunk.toString());
      if (!match) return;
      const server = new URL(match[1]);
      resolve({
        url: (name) => Object.assign(new URL(server), { pathname: "/" + name }).toString(),
        stop: () => {
          child.stdin!.end();
          return exited;
        },
      });
    });
  });
}

interface Outcome {
  status: number;
  code?: string;
  retryAfter: string | null;
  ok: boolean;
}

/**
 * A PostgreSQL of this test's own, stopped and started again under load: while it is down the
 * API answers 503 SERVICE_UNAVAILABLE with Retry-After (never 200 with an error, never a
 * crash), and once it is back the same server answers normally again.
 */
describe("database restart under traffic", () => {
  let dir: string;
  let port: number;
  let pg: Database;
  let runtime: Runtime;
  let prepared: Awaited<ReturnType<typeof prepareDatabase>>;
  let app: App;
  let endpoint: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "health-cms-fault-"));
    fs.chmodSync(dir, 0o755);
    port = await freePort();
    pg = await startDatabase(path.join(dir, "data"), port);
    await ensureDatabase(pg.url("postgres"), "fault");
    prepared = await prepareDatabase(pg.url("fault"), { jwtSecret: TEST_JWT_SECRET });
    const seeder = await editorDataSource({ url: prepared.logins.editor }).initialize();
    await seedContent(seeder);
    await seeder.destroy();
    runtime = await startRuntime({ ...prepared, defaultLocale: "en", poolSize: 4, scheduler: false, connectTimeoutMs: 1000 });
    app = await createApp(runtime.services, { logLevel: "silent", pools: { delivery: runtime.delivery } });
    endpoint = await app.listen(0, "127.0.0.1");
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await runtime?.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function send(): Promise<Outcome> {
    const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: PAGE });
    const body = (await res.json()) as {
      data?: { condition?: { symptoms: unknown[] } };
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    return {
      status: res.status,
      code: body.errors?.[0]?.extensions?.code,
      retryAfter: res.headers.get("retry-after"),
      ok: !body.errors && !!body.data?.condition?.symptoms.length,
    };
  }

  /** `workers` clients sending one request after another until `done()` says stop. */
  async function load(workers: number, done: (outcomes: Outcome[]) => boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (!done(outcomes) && outcomes.length < 5000) outcomes.push(await send());
      }),
    );
    return outcomes;
  }

  it("answers 503 with Retry-After while the database is down and recovers after, without a restart", async () => {
    const before = await load(4, (o) => o.length >= 40);
    expect(before.every((o) => o.status === 200 && o.ok)).toBe(true);

    const loadDuringStop = load(4, (o) => o.filter((x) => !x.ok).length >= 40);
    await pg.stop();
    const during = await loadDuringStop;
    const failures = during.filter((o) => !o.ok);
    // Every failed request says why in the agreed way, and none is a 200 with an error.
    for (const failure of failures) expect(failure).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", retryAfter: "5" });
    expect((await fetch(endpoint.replace(/graphql$/, "healthz"))).status).toBe(200);
    expect((await fetch(endpoint.replace(/graphql$/, "readyz"))).status).toBe(503);

    pg = await startDatabase(path.join(dir, "data"), port);
    // The first answers after the restart may still meet connections the restart closed.
    const recovering = await load(4, (o) => o.slice(-20).length === 20 && o.slice(-20).every((x) => x.ok));
    expect(recovering.every((o) => o.ok || o.status === 503)).toBe(true);
    const after = await load(4, (o) => o.length >= 40);
    expect(after.every((o) => o.status === 200 && o.ok)).toBe(true);
    expect((await fetch(endpoint.replace(/graphql$/, "readyz"))).status).toBe(200);
    console.log(
      `database restart: ${before.length} ok before; ${failures.length} x 503 of ${during.length} while down; ${recovering.filter((o) => !o.ok).length} x 503 while recovering; ${after.length} ok after`,
    );
  }, 120_000);

  it("bounds the wait for a pooled connection: an exhausted pool answers 503 instead of hanging", async () => {
    const small = await startRuntime({ ...prepared, defaultLocale: "en", poolSize: 1, scheduler: false, connectTimeoutMs: 200 });
    const smallApp = await createApp(small.services, { logLevel: "silent" });
    const url = await smallApp.listen(0, "127.0.0.1");
    const holder = small.delivery.createQueryRunner();
    try {
      await holder.connect();
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: PAGE });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(((await res.json()) as any).errors[0].extensions).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        requestId: expect.any(String),
      });
    } finally {
      await holder.release();
    }
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: PAGE });
    expect(res.status).toBe(200);
    await smallApp.close();
    await small.close();
  });

  it("waits for a database that is down at start-up, saying so on every retry", async () => {
    const lines: string[] = [];
    let firstRetry!: () => void;
    const retried = new Promise<void>((resolve) => (firstRetry = resolve));
    await pg.stop();
    const waiting = waitForDatabase(
      pg.url("fault"),
      (line) => {
        lines.push(line);
        firstRetry();
      },
      50,
      100,
    );
    await retried;
    pg = await startDatabase(path.join(dir, "data"), port);
    await waiting;
    expect(lines[0]).toMatch(/^database at 127\.0\.0\.1:\d+\/fault unreachable \(.+\); retry 1\/50 in 100 ms$/);
    expect(lines.join("\n")).not.toContain("postgres:postgres");
  });

  it("gives up after the configured retries with a clear error", async () => {
    const closed = `postgres://postgres:secret@127.0.0.1:${await freePort()}/fault`;
    const lines: string[] = [];
    await expect(waitForDatabase(closed, (line) => lines.push(line), 2, 10)).rejects.toThrow(
      /^database at 127\.0\.0\.1:\d+\/fault unreachable after 3 attempts: /,
    );
    expect(lines).toHaveLength(2);
  });
});
