import { App, createApp } from "../../src/server/app";
import { startTestApp, TestApp } from "../helpers/test-app";

/**
 * Cache hits answered before Fastify (src/server/cache-front.ts) must be the answers Fastify
 * gives: same status, bytes and headers (helmet's, CORS per Origin, Vary, validators, tags),
 * the same 304, and the same anonymous quota.
 */
const PAGE = `query Page($slug: String!) { condition(slug: $slug) { name symptoms { slug name } } }`;
const SITE = "https://site.example";
const urlOf = (endpoint: string, slug: string) =>
  `${endpoint}?query=${encodeURIComponent(PAGE)}&variables=${encodeURIComponent(JSON.stringify({ slug }))}`;

/** Headers that differ between any two answers (the moment, the request's id, the connection). */
const PER_REQUEST = new Set(["date", "x-request-id", "keep-alive", "connection"]);
function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!PER_REQUEST.has(name)) out[name] = value;
  });
  return out;
}

async function frontAnswers(endpoint: string): Promise<number> {
  const text = await fetch(endpoint.replace(/graphql$/, "metrics")).then((r) => r.text());
  return Number(/^response_cache_front_answers_total (\d+)/m.exec(text)?.[1] ?? "0");
}

describe("cache hits answered before Fastify", () => {
  let app: TestApp;
  let front: { app: App; endpoint: string };
  let fastifyOnly: { app: App; endpoint: string };
  beforeAll(async () => {
    app = await startTestApp();
    const serve = async (cacheFront: boolean) => {
      const server = await createApp(app.runtime.services, {
        logLevel: "silent",
        corsOrigins: [SITE],
        responseCache: { maxEntries: 100, maxAgeSeconds: 60 },
        cacheFront,
      });
      return { app: server, endpoint: await server.listen(0, "127.0.0.1") };
    };
    front = await serve(true);
    fastifyOnly = await serve(false);
  });
  afterAll(async () => {
    await front.app.close();
    await fastifyOnly.app.close();
    await app.close();
  });

  it.each([
    ["no Origin", {}],
    ["an allowed Origin", { origin: SITE }],
    ["another Origin", { origin: "https://elsewhere.example" }],
    ["an Accept header", { accept: "application/graphql-response+json" }],
  ])("answers a hit with %s exactly as Fastify does", async (_label, headers: Record<string, string>) => {
    const slug = "sciatica";
    const answers: Record<string, { status: number; text: string; headers: Record<string, string> }> = {};
    for (const [name, server] of [
      ["front", front],
      ["fastify", fastifyOnly],
    ] as const) {
      // A miss, a hit that Fastify answers (and the front learns from), then the hit under test.
      for (let i = 0; i < 2; i++) await fetch(urlOf(server.endpoint, slug), { headers }).then((r) => r.text());
      const before = await frontAnswers(server.endpoint);
      const res = await fetch(urlOf(server.endpoint, slug), { headers });
      answers[name] = { status: res.status, text: await res.text(), headers: headersOf(res) };
      expect(await frontAnswers(server.endpoint)).toBe(name === "front" ? before + 1 : 0);
    }
    expect(answers.front.headers["x-cache"]).toBe("HIT");
    expect(answers.front).toEqual(answers.fastify);
  });

  it("answers a matching If-None-Match with the same 304 as Fastify", async () => {
    const results: Array<{ status: number; text: string; headers: Record<string, string> }> = [];
    for (const server of [front, fastifyOnly]) {
      const url = urlOf(server.endpoint, "tendinitis");
      const etag = (await fetch(url, { headers: { origin: SITE } }).then((r) => (void r.text(), r))).headers.get("etag")!;
      await fetch(url, { headers: { origin: SITE } }).then((r) => r.text());
      const res = await fetch(url, { headers: { origin: SITE, "if-none-match": etag } });
      results.push({ status: res.status, text: await res.text(), headers: headersOf(res) });
    }
    expect(results[0].status).toBe(304);
    expect(results[0].text).toBe("");
    expect(results[0]).toEqual(results[1]);
  });

  it("keeps a valid X-Request-Id, and leaves credentials, preview and POST to Fastify", async () => {
    const url = urlOf(front.endpoint, "bakers-cyst");
    for (let i = 0; i < 2; i++) await fetch(url).then((r) => r.text());
    const traced = await fetch(url, { headers: { "x-request-id": "trace-123" } });
    await traced.text();
    expect(traced.headers.get("x-request-id")).toBe("trace-123");
    const before = await frontAnswers(front.endpoint);
    const preview = await fetch(url, { headers: { "x-preview": "true" } });
    expect(preview.status).toBe(401);
    expect(preview.headers.get("cache-control")).toBe("private, no-store");
    await preview.text();
    const signedIn = await fetch(url, { headers: { authorization: "Bearer not-a-token" } });
    expect(signedIn.status).toBe(401);
    await signedIn.text();
    const key = await fetch(url, { headers: { "x-api-key": "hcms_nope_nope" } });
    expect(key.status).toBe(401);
    await key.text();
    expect(await frontAnswers(front.endpoint)).toBe(before);
  });

  it("answers the next request from the database after a publish", async () => {
    const url = urlOf(front.endpoint, "sciatica");
    for (let i = 0; i < 3; i++) await fetch(url).then((r) => r.text());
    await app.writer.query(`UPDATE live.condition_translation SET name = 'Sciatica (renamed)' WHERE slug = 'sciatica'`);
    let answer = "";
    for (let i = 0; i < 100 && !answer.includes("renamed"); i++) {
      answer = await fetch(url).then((r) => r.text());
      if (!answer.includes("renamed")) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answer).toContain("Sciatica (renamed)");
  });
});

describe("cache hits answered before Fastify, with an anonymous quota", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ responseCache: true, partners: { anonymousPerMinute: 5 } });
  });
  afterAll(() => app.close());

  it("counts every request once, and answers the one over the quota with 429", async () => {
    const url = urlOf(app.endpoint, "sciatica");
    const statuses: number[] = [];
    const cached: Array<string | null> = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(url);
      statuses.push(res.status);
      cached.push(res.headers.get("x-cache"));
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(JSON.parse(await res.text()).errors[0].extensions.code).toBe("RATE_LIMITED");
      } else await res.text();
    }
    // The window may turn over between requests; then the count starts again.
    if (statuses.includes(200) && statuses.indexOf(429) === -1) return;
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(cached.slice(0, 5)).toEqual(["MISS", "HIT", "HIT", "HIT", "HIT"]);
    expect(await frontAnswers(app.endpoint)).toBe(3);
  });
});
