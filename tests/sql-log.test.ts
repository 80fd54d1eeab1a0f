import { randomBytes } from "node:crypto";
import { configureSqlLog, LogLevel, SqlLogSettings } from "../src/db/sql-log";
import { preparedRunner } from "../src/db/sql-runner";
import { sqlStats } from "../src/db/sql-stats";
import { App, createApp } from "../src/server/app";
import { Runtime, startRuntime } from "../src/server/boot";
import { dataOf, GraphQLResponse, startTestApp, TestApp } from "./helpers/test-app";

interface Line {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

/** A printed statement: pool, duration, the number of values, the statement. */
const PRINTED = /^\[sql\] (delivery|editor) \d+(\.\d)? ms, \d+ params: \S/;

describe("SQL log", () => {
  const lines: Line[] = [];
  let previous: SqlLogSettings;
  let app: TestApp;
  // A second runtime on the test's database, started as main.ts starts it with LOG_SQL=true.
  let logged: Runtime;
  let server: App;
  let endpoint: string;

  async function gql(query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse> {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  }

  /** The lines and the counted statements that `fn` causes. */
  async function capture(fn: () => Promise<unknown>): Promise<{ lines: Line[]; counted: number }> {
    lines.length = 0;
    const before = sqlStats.statements;
    await fn();
    return { lines: [...lines], counted: sqlStats.statements - before };
  }

  beforeAll(async () => {
    previous = configureSqlLog({ sink: (level, message, fields) => lines.push({ level, message, fields }) });
    app = await startTestApp();
    logged = await startRuntime({
      logins: app.logins,
      jwtKey: randomBytes(32),
      defaultLocale: "en",
      poolSize: 2,
      logSql: true,
      scheduler: false,
    });
    server = await createApp(logged.services);
    endpoint = await server.listen(0, "127.0.0.1");
  });

  afterAll(async () => {
    await server?.close();
    await logged?.close();
    await app?.close();
    configureSqlLog(previous);
  });

  afterEach(() => configureSqlLog({ slowMs: previous.slowMs }));

  it("prints each statement of both APIs once, with its pool and duration, and no values", async () => {
    const hex = randomBytes(4).toString("hex");
    const email = `sql-log-${hex}@example.org`;
    const password = `pw-${hex}-long-enough-for-the-policy`;
    await logged.services.auth!.createUser({ email, displayName: "SQL log", role: "ADMIN", password });

    const delivery = await capture(async () => {
      const data = dataOf(await gql(`query($slug: String!) { condition(slug: $slug) { name symptoms { name } } }`, { slug: "sciatica" }));
      expect(data.condition.symptoms.length).toBeGreaterThan(0);
    });
    const editorial = await capture(async () => {
      const login = dataOf(
        await gql(`mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, {
          email,
          password,
        }),
      );
      dataOf(await gql(`{ auditLog(first: 5) { action } }`, {}, login.login.token));
    });

    for (const [pool, run] of [
      ["delivery", delivery],
      ["editor", editorial],
    ] as const) {
      expect(run.counted).toBeGreaterThan(0);
      expect(run.lines.map((l) => l.message)).toEqual(run.lines.map(() => expect.stringMatching(PRINTED)));
      expect(run.lines.every((l) => l.level === "info" && l.fields.pool === pool && typeof l.fields.ms === "number")).toBe(true);
      // Printed once each: as many lines as statements counted.
      expect(run.lines).toHaveLength(run.counted);
    }
    // The delivery page runs as prepared statements, which TypeORM never sees.
    expect(delivery.lines.some((l) => /\$1/.test(l.message) && (l.fields.params as number) > 0)).toBe(true);
    const everything = JSON.stringify([...delivery.lines, ...editorial.lines]);
    for (const value of ["sciatica", email, password, hex]) expect(everything).not.toContain(value);
  });

  it("reports a failed statement by its SQLSTATE, not by the message that quotes the value", async () => {
    const bad = `not-a-uuid-${randomBytes(4).toString("hex")}`;
    const run = preparedRunner(logged.delivery);
    const { lines: failed } = await capture(() => expect(run("SELECT $1::uuid AS id", [bad])).rejects.toThrow(bad));
    expect(failed.map((l) => [l.level, l.message])).toEqual([
      ["error", expect.stringMatching(/^\[sql failed\] delivery \d+(\.\d)? ms, 1 params, SQLSTATE 22P02: SELECT \$1::uuid AS id$/)],
    ]);
    expect(JSON.stringify(failed)).not.toContain(bad);
  });

  it("warns of a slow statement with LOG_SQL off, and says nothing of the others", async () => {
    const run = preparedRunner(app.delivery);
    configureSqlLog({ slowMs: Number.MAX_SAFE_INTEGER });
    const quiet = await capture(async () => {
      dataOf(await app.gql(`{ condition(slug: "sciatica") { name symptoms { name } } }`));
      await run("SELECT pg_sleep($1)", [0.3]);
    });
    expect(quiet.counted).toBeGreaterThan(1);
    expect(quiet.lines).toEqual([]);

    configureSqlLog({ slowMs: 100 });
    const { lines: slow } = await capture(() => run("SELECT pg_sleep($1)", [0.3]));
    expect(slow.map((l) => [l.level, l.message])).toEqual([
      ["warn", expect.stringMatching(/^\[sql slow\] delivery \d+(\.\d)? ms, 1 params: SELECT pg_sleep\(\$1\)$/)],
    ]);
    expect(slow[0].fields).toMatchObject({ pool: "delivery", params: 1, sql: "SELECT pg_sleep($1)" });
  });

  it("runs each statement with the plan mode it asks for, on every connection of the pool", async () => {
    const run = preparedRunner(app.delivery);
    const mode = (plan?: "auto" | "generic") =>
      Promise.all(
        Array.from({ length: 12 }, () =>
          run<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode, pg_sleep($1)", [0.01], plan).then((r) => r[0].mode),
        ),
      );
    // Searches ask for the generic plan; every other statement leaves PostgreSQL its choice.
    expect(new Set(await mode("generic"))).toEqual(new Set(["force_generic_plan"]));
    expect(new Set(await mode())).toEqual(new Set(["auto"]));
    expect(new Set(await mode("generic"))).toEqual(new Set(["force_generic_plan"]));
    expect(new Set(await mode("auto"))).toEqual(new Set(["auto"]));
  });
});
