import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import http from "node:http";
import net from "node:net";
import Redis from "ioredis";
import { prepareDatabase } from "../../src/db/prepare";
import { createApp } from "../../src/server/app";
import { startRuntime } from "../../src/server/boot";
import { LiveChanges } from "../../src/server/live-changes";
import { ResponseCacheOptions } from "../../src/server/response-cache";
import { TEST_JWT_SECRET } from "../setup/template-databases";
import { dataOf, TestApp } from "../helpers/test-app";

export const PAGE = `query Page($slug: String!) { condition(slug: $slug) { name symptoms { slug } } }`;

export interface Instance {
  endpoint: string;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Another server on the test's database, as a second instance behind a load balancer would be.
 * `deaf`: it hears no database notices, so it can learn of a change only through the shared cache.
 */
export async function secondInstance(
  app: TestApp,
  responseCache: ResponseCacheOptions,
  options: { deaf?: boolean } = {},
): Promise<Instance> {
  const { logins, jwtKey } = await prepareDatabase(app.databaseUrl, { jwtSecret: TEST_JWT_SECRET });
  const runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 2, scheduler: false });
  const quiet = Object.assign(new EventEmitter(), { listening: true }) as unknown as LiveChanges;
  const services = options.deaf ? { ...runtime.services, liveChanges: quiet } : runtime.services;
  const server = await createApp(services, { logLevel: "silent", responseCache });
  const endpoint = await server.listen(0, "127.0.0.1");
  return {
    endpoint,
    metrics: () => fetch(endpoint.replace(/graphql$/, "metrics")).then((r) => r.text()),
    close: async () => (await server.close(), await runtime.close()),
  };
}

/** Keys of this test file only, so that parallel runs on one Redis never meet. */
export function redisPrefix(): string {
  return `health-cms-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
}

export async function dropKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export async function read(endpoint: string, slug: string, method: "GET" | "POST" = "POST", headers: Record<string, string> = {}) {
  const variables = JSON.stringify({ slug });
  const res =
    method === "GET"
      ? await fetch(`${endpoint}?query=${encodeURIComponent(PAGE)}&variables=${encodeURIComponent(variables)}`, { headers })
      : await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: `{"query":${JSON.stringify(PAGE)},"variables":${variables}}`,
        });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: { condition: { name: string } | null }; errors?: unknown[] };
  return { status: res.status, text, body, cache: res.headers.get("x-cache"), name: body.data?.condition?.name };
}

/** Renames a condition and publishes it through the editorial API of `app`. */
export async function renameAndPublish(app: TestApp, tokens: { EDITOR: string; ADMIN: string }, slug: string, name: string) {
  const id = dataOf(await app.gql(`query($slug: String!) { condition(slug: $slug) { id } }`, { slug })).condition.id as string;
  const version = dataOf(
    await app.gql(`query($id: ID!) { editorialItem(type: CONDITION, id: $id) { version } }`, { id }, { token: tokens.EDITOR }),
  ).editorialItem.version as number;
  const renamed = dataOf(
    await app.gql(
      `mutation($id: ID!, $v: Int!, $name: String!) { updateCondition(id: $id, version: $v, input: { name: $name }) { version } }`,
      { id, v: version, name },
      { token: tokens.EDITOR },
    ),
  ).updateCondition.version as number;
  dataOf(
    await app.gql(
      `mutation($id: ID!, $v: Int!) { publish(type: CONDITION, id: $id, version: $v, override: true, reason: "cache test") { live } }`,
      { id, v: renamed },
      { token: tokens.ADMIN },
    ),
  );
}

/** Polls until `check` holds (a connection coming up, a notice arriving), at most ~5 s. */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not reached");
}

/** A TCP proxy to Redis that a test can cut and restore, as a network failure would. */
export async function redisProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let listenPort = 0;
  const up = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(Number(port || 6379), hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(listenPort, "127.0.0.1", resolve));
    listenPort = (server.address() as net.AddressInfo).port;
  };
  const down = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  };
  await up();
  return { url: `redis://127.0.0.1:${listenPort}`, up, down };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Sends `count` identical POSTs at once, each on a connection opened beforehand, so that they
 * reach the server together (fetch would open connections one after another as it goes).
 */
export async function burst(endpoint: string, slug: string, count: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  const send = (path: string, body?: string) =>
    new Promise<{ status: number; text: string; cache: string | undefined }>((resolve, reject) => {
      const url = new URL(path, endpoint);
      const request = http.request(
        url,
        { agent, method: body ? "POST" : "GET", headers: body ? { "content-type": "application/json" } : {} },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text, cache: res.headers["x-cache"] as string | undefined }));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  try {
    await Promise.all(Array.from({ length: count }, () => send("/healthz")));
    const body = `{"query":${JSON.stringify(PAGE)},"variables":${JSON.stringify({ slug })}}`;
    return await Promise.all(Array.from({ length: count }, () => send(endpoint, body)));
  } finally {
    agent.destroy();
  }
}
