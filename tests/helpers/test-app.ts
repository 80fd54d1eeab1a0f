import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { queryLimitsFromEnv, QueryLimits } from "../../src/config/config";
import { liveWriterDataSource } from "../../src/db/data-source";
import { dropLogins, LoginUrls } from "../../src/db/logins";
import { migrationCheck } from "../../src/db/migration-state";
import { prepareDatabase } from "../../src/db/prepare";
import { sqlStats } from "../../src/db/sql-stats";
import { App, createApp } from "../../src/server/app";
import { Runtime, RuntimeOptions, startRuntime } from "../../src/server/boot";
import { ResponseCacheOptions } from "../../src/server/response-cache";
import { createTestDatabase, TEST_JWT_SECRET } from "../setup/template-databases";
import { defaultPartnerSettings, PartnerSettings } from "../../src/partners/config";
import { Resolver } from "../../src/partners/webhooks/address-guard";

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestApp {
  /** The test's own database, as its owner. */
  databaseUrl: string;
  /** The logins of the server's pools (the owner's connection is closed before serving). */
  logins: LoginUrls;
  endpoint: string;
  /** The owner's connection to the live schema, for arranging data. */
  writer: DataSource;
  delivery: DataSource;
  /** The editorial connection (its login holds cms_editor; draft schema). */
  editor: DataSource;
  runtime: Runtime;
  /** Sends a query; `token` signs it, `headers` adds any other headers (e.g. X-Preview). */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** Another server instance on the same database (its own pools), as a second replica would be. */
  startInstance(): Promise<{ endpoint: string; runtime: Runtime; close(): Promise<void> }>;
  /** Runs `fn` and returns how many SQL statements it caused. */
  countStatements(fn: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

export { TEST_JWT_SECRET };

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: run the tests through jest (npm test)");
  return url;
}

export function databaseUrlFor(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = "/" + name;
  return url.toString();
}

/** A fresh database with real migrations (and the seed, unless told otherwise), served over HTTP. */
export async function startTestApp(
  options: {
    seed?: boolean;
    scheduler?: RuntimeOptions["scheduler"];
    limits?: Partial<QueryLimits>;
    /** true: the in-process cache; options: e.g. shared through Redis. */
    responseCache?: boolean | Partial<ResponseCacheOptions>;
    /** Partner access (API keys, anonymous quota, webhooks); default: no anonymous quota. */
    partners?: Partial<Omit<PartnerSettings, "webhooks">> & { webhooks?: Partial<PartnerSettings["webhooks"]> };
    webhookResolver?: Resolver;
  } = {},
): Promise<TestApp> {
  const name = `cms_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  // A copy of the run's template, migrated (and seeded) once by globalSetup.
  await createTestDatabase(serverUrl(), name, { seed: options.seed !== false });
  const databaseUrl = databaseUrlFor(name);
  // The copy has every migration already; this makes the logins of its own name.
  const { logins, jwtKey } = await prepareDatabase(databaseUrl, { jwtSecret: TEST_JWT_SECRET });
  const writer = await liveWriterDataSource({ url: databaseUrl }).initialize();
  const defaults = defaultPartnerSettings();
  const partners: PartnerSettings = {
    ...defaults,
    ...options.partners,
    webhooks: { ...defaults.webhooks, ...options.partners?.webhooks },
  };
  const runtimeOptions: RuntimeOptions = {
    logins,
    jwtKey,
    defaultLocale: "en",
    poolSize: 4,
    scheduler: options.scheduler ?? false,
    partners,
    webhookResolver: options.webhookResolver,
  };
  const serve = async (runtime: Runtime) => {
    const app: App = await createApp(runtime.services, {
      logLevel: process.env.LOG_LEVEL ?? "silent",
      limits: { ...queryLimitsFromEnv(), ...options.limits },
      pools: { delivery: runtime.delivery, editor: runtime.editor },
      pendingMigrations: migrationCheck(runtime.editor, true),
      // Off unless a test is about it: others write live rows and count statements of repeated reads.
      responseCache: options.responseCache
        ? { maxEntries: 1000, maxAgeSeconds: 60, ...(options.responseCache === true ? {} : options.responseCache) }
        : false,
    });
    return { app, endpoint: await app.listen(0, "127.0.0.1") };
  };
  const runtime = await startRuntime(runtimeOptions);
  const delivery = runtime.delivery;
  const { app, endpoint } = await serve(runtime);
  const instances: Array<() => Promise<void>> = [];

  const gql = async (
    query: string,
    variables?: Record<string, unknown>,
    extra: { token?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(extra.token ? { authorization: `Bearer ${extra.token}` } : {}),
        ...extra.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLResponse;
    return { ...body, status: res.status };
  };

  return {
    databaseUrl,
    logins,
    endpoint,
    writer,
    delivery,
    editor: runtime.editor,
    runtime,
    gql,
    async startInstance() {
      const other = await startRuntime(runtimeOptions);
      const served = await serve(other);
      const close = async () => {
        await served.app.close();
        await other.close();
      };
      instances.push(close);
      return { endpoint: served.endpoint, runtime: other, close };
    },
    async countStatements(fn) {
      const before = sqlStats.statements;
      await fn();
      return sqlStats.statements - before;
    },
    async close() {
      for (const closeInstance of instances) await closeInstance().catch(() => undefined);
      await app.close();
      await runtime.close();
      await writer.destroy();
      const admin = new Client({ connectionString: serverUrl() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropLogins(admin, name);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Asserts a GraphQL error with this code and returns it. */
export function expectErrorCode(response: GraphQLResponse, code: string) {
  expect(response.errors?.map((e) => e.extensions?.code)).toContain(code);
  const error = response.errors!.find((e) => e.extensions?.code === code)!;
  expect(JSON.stringify(error)).not.toMatch(/stacktrace|at .+\.ts:\d+/);
  return error;
}

/** Fails with the server's errors when a response has any. */
export function dataOf<T = any>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error("GraphQL errors: " + JSON.stringify(response.errors));
  return response.data as T;
}
