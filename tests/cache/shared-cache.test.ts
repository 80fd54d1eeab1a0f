import { createHash } from "node:crypto";
import { ResponseCacheOptions } from "../../src/server/response-cache";
import { startTestApp, TestApp } from "../helpers/test-app";
import { tokensByRole } from "../helpers/users";
import {
  burst,
  closedPort,
  dropKeys,
  eventually,
  Instance,
  read,
  redisPrefix,
  redisProxy,
  renameAndPublish,
  secondInstance,
} from "./instances";

const REDIS = process.env.TEST_REDIS_URL;
const BASE = { maxEntries: 1000, maxAgeSeconds: 60 };

/** Two instances on one database, each with a warm cache; `cache` says how they cache. */
function twoInstances(label: string, cache: () => ResponseCacheOptions) {
  describe(`two instances, ${label}`, () => {
    let a: TestApp;
    let b: Instance;
    let tokens: Awaited<ReturnType<typeof tokensByRole>>;
    let options: ResponseCacheOptions;
    beforeAll(async () => {
      options = cache();
      a = await startTestApp({ responseCache: options });
      b = await secondInstance(a, options);
      tokens = await tokensByRole(a);
      if (options.redis) await eventually(async () => /^response_cache_redis_up 1$/m.test(await b.metrics()));
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      if (options.redis) await dropKeys(options.redis.url, options.redis.prefix);
    });

    it("reads what was just published through warm caches: at once where published, and with Redis at once everywhere", async () => {
      for (const endpoint of [a.endpoint, b.endpoint]) {
        for (const method of ["GET", "POST"] as const) {
          await read(endpoint, "shin-splints", method);
          const warm = await read(endpoint, "shin-splints", method);
          expect(warm.cache).toBe("HIT");
          expect(warm.name).toMatch(/Shin splints/i);
        }
      }
      const freshEverywhere = async (name: string) => {
        if (options.redis) {
          // B first: it did nothing, and must still not answer from before the publish.
          for (const endpoint of [b.endpoint, a.endpoint])
            for (const method of ["GET", "POST"] as const) expect((await read(endpoint, "shin-splints", method)).name).toBe(name);
          return;
        }
        for (const method of ["GET", "POST"] as const) expect((await read(a.endpoint, "shin-splints", method)).name).toBe(name);
        // In process only, B drops its answers when the database's notice reaches it (sent at
        // commit; on a loaded machine it can trail the publisher's answer by a few milliseconds).
        await eventually(async () => (await read(b.endpoint, "shin-splints", "GET")).name === name);
        for (const method of ["GET", "POST"] as const) expect((await read(b.endpoint, "shin-splints", method)).name).toBe(name);
      };
      await renameAndPublish(a, tokens, "shin-splints", "Shin splints (renamed on A)");
      await freshEverywhere("Shin splints (renamed on A)");
      await renameAndPublish(a, tokens, "shin-splints", "Shin splints (renamed again)");
      await freshEverywhere("Shin splints (renamed again)");
    });

    it("tells a CDN how to key and purge what it caches", async () => {
      const res = await fetch(`${a.endpoint}?query=${encodeURIComponent(`{ condition(slug: "sciatica") { id } }`)}`);
      const id = ((await res.json()) as any).data.condition.id;
      expect(res.headers.get("surrogate-key")!.split(" ")).toEqual(["published", id]);
      expect(res.headers.get("vary")).toMatch(/Accept, Authorization, X-Preview/);
    });

    it("runs concurrent identical misses once, and gives every one the same bytes", async () => {
      // The same query with another Accept is another cache entry: it measures one execution.
      const headers = { accept: "application/json" };
      let single: Awaited<ReturnType<typeof read>> | undefined;
      const one = await a.countStatements(async () => (single = await read(a.endpoint, "tendinitis", "POST", headers)));
      expect(one).toBeGreaterThan(0);
      let answers: Awaited<ReturnType<typeof burst>> = [];
      const statements = await a.countStatements(async () => (answers = await burst(a.endpoint, "tendinitis", 20)));
      expect(statements).toBe(one);
      expect(new Set(answers.map((r) => r.text))).toEqual(new Set([single!.text]));
      const outcomes = answers.map((r) => r.cache);
      expect(outcomes.filter((c) => c === "MISS")).toHaveLength(1);
      expect(outcomes).toContain("COALESCED");
    });
  });
}

twoInstances("in-process caches", () => BASE);

if (REDIS) {
  twoInstances("Redis shared cache", () => ({ ...BASE, redis: { url: REDIS, prefix: redisPrefix(), timeoutMs: 1000 } }));

  describe("Redis shared cache", () => {
    let a: TestApp;
    let deaf: Instance;
    let options: ResponseCacheOptions;
    beforeAll(async () => {
      options = { ...BASE, redis: { url: REDIS, prefix: redisPrefix(), timeoutMs: 1000 } };
      a = await startTestApp({ responseCache: options });
      // Hears no database notice: it can learn of a change only through Redis.
      deaf = await secondInstance(a, options, { deaf: true });
      await eventually(async () => /^response_cache_redis_up 1$/m.test(await deaf.metrics()));
    });
    afterAll(async () => {
      await deaf?.close();
      await a?.close();
      await dropKeys(REDIS, options.redis!.prefix);
    });

    it("shares answers: one computed on A is a hit on B", async () => {
      expect((await read(a.endpoint, "flat-feet", "GET")).cache).toBe("MISS");
      const onB = await read(deaf.endpoint, "flat-feet", "GET");
      expect(onB.cache).toBe("HIT");
      expect(onB.name).toMatch(/Flat feet/i);
    });

    it("makes every instance miss on a change heard by any, even one that hears nothing itself", async () => {
      const tokens = await tokensByRole(a);
      await read(deaf.endpoint, "bakers-cyst");
      expect((await read(deaf.endpoint, "bakers-cyst")).cache).toBe("HIT");
      await renameAndPublish(a, tokens, "bakers-cyst", "Baker's cyst (renamed)");
      expect((await read(deaf.endpoint, "bakers-cyst")).name).toBe("Baker's cyst (renamed)");
    });

    it("knows a persisted query registered on another instance by its hash, over GET", async () => {
      const query = `{ condition(slug: "sciatica") { name } }`;
      const extensions = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") } };
      const register = await fetch(a.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, extensions }),
      });
      expect(register.status).toBe(200);
      await register.text();
      const byHash = `${deaf.endpoint}?extensions=${encodeURIComponent(JSON.stringify(extensions))}`;
      const first = await fetch(byHash);
      expect(((await first.json()) as any).data.condition.name).toMatch(/Sciatica/);
      const again = await fetch(byHash);
      expect(again.headers.get("x-cache")).toBe("HIT");
      expect(again.headers.get("cache-control")).toMatch(/^public/);
      await again.text();
    });
  });

  describe("Redis going away and coming back", () => {
    it("keeps answering correctly while Redis is cut, and serves nothing from before the outage after", async () => {
      const proxy = await redisProxy(REDIS);
      const prefix = redisPrefix();
      const app = await startTestApp({ responseCache: { ...BASE, redis: { url: proxy.url, prefix, timeoutMs: 500 } } });
      const metrics = () => fetch(app.endpoint.replace(/graphql$/, "metrics")).then((r) => r.text());
      try {
        const tokens = await tokensByRole(app);
        await eventually(async () => /^response_cache_redis_up 1$/m.test(await metrics()));
        await read(app.endpoint, "sciatica");
        expect((await read(app.endpoint, "sciatica")).cache).toBe("HIT");

        await proxy.down();
        // Answered from the database (then from this process's memory), never an error.
        const during = await read(app.endpoint, "sciatica");
        expect(during.status).toBe(200);
        expect(during.body.errors).toBeUndefined();
        expect(during.name).toMatch(/Sciatica/);
        expect(await metrics()).toMatch(/^response_cache_redis_up 0$/m);
        await renameAndPublish(app, tokens, "sciatica", "Sciatica (published while Redis was away)");
        expect((await read(app.endpoint, "sciatica")).name).toBe("Sciatica (published while Redis was away)");

        // The answer stored before the outage is still in Redis; it must never come back.
        await proxy.up();
        await eventually(async () => /^response_cache_redis_up 1$/m.test(await metrics()));
        for (const method of ["POST", "POST", "GET"] as const) {
          expect((await read(app.endpoint, "sciatica", method)).name).toBe("Sciatica (published while Redis was away)");
        }
        expect((await read(app.endpoint, "sciatica")).cache).toBe("HIT");
      } finally {
        await app.close();
        await proxy.down();
        await dropKeys(REDIS, prefix);
      }
    });
  });
}

describe("Redis unreachable from the start", () => {
  let app: TestApp;
  beforeAll(async () => {
    const redis = { url: `redis://127.0.0.1:${await closedPort()}`, prefix: redisPrefix(), timeoutMs: 200 };
    app = await startTestApp({ responseCache: { ...BASE, redis } });
  });
  afterAll(async () => app?.close());

  it("answers correctly from the database and caches in process, never stale", async () => {
    const tokens = await tokensByRole(app);
    const first = await read(app.endpoint, "compartment-syndrome", "GET");
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.name).toMatch(/Compartment syndrome/i);
    expect((await read(app.endpoint, "compartment-syndrome", "GET")).cache).toBe("HIT");
    await renameAndPublish(app, tokens, "compartment-syndrome", "Compartment syndrome (renamed)");
    expect((await read(app.endpoint, "compartment-syndrome", "GET")).name).toBe("Compartment syndrome (renamed)");
    expect(await fetch(app.endpoint.replace(/graphql$/, "metrics")).then((r) => r.text())).toMatch(/^response_cache_redis_up 0$/m);
  });
});
