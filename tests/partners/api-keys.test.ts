import { createHash } from "node:crypto";
import Fastify from "fastify";
import { apiKeyOf } from "../../src/partners/api-keys";
import { registerPartnerGate } from "../../src/partners/gate";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, tokensByRole } from "../helpers/users";
import { codeOf, createKey, CREATE_KEY, freshMinute, request } from "./helpers";

const CONDITION = `{ condition(slug: "sciatica") { slug name } }`;
const TREATMENT = `{ treatment(slug: "manual-therapies") { slug name } }`;

describe("API keys", () => {
  let app: TestApp;
  let admin: string;
  let editor: string;
  beforeAll(async () => {
    app = await startTestApp({ responseCache: true, partners: { anonymousPerMinute: 40 } });
    const tokens = await tokensByRole(app);
    admin = tokens.ADMIN;
    editor = tokens.EDITOR;
  });
  afterAll(() => app.close());

  it("shows the secret once and keeps only its SHA-256", async () => {
    const created = await app.gql(
      CREATE_KEY,
      { input: { name: "Clinic app", scopes: ["DELIVERY"], allowedOrigins: ["https://clinic.example"], requestsPerMinute: 100 } },
      { token: admin },
    );
    const { secret, apiKey } = dataOf(created).createApiKey;
    expect(secret).toMatch(/^hcms_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: "Clinic app",
      scopes: ["DELIVERY"],
      allowedTypes: null,
      allowedOrigins: ["https://clinic.example"],
    });
    const random = /^hcms_[0-9a-f]{32}_(.+)$/.exec(secret)![1];

    const listed = dataOf(await app.gql(`{ apiKeys { id name hint createdAt usageCount } }`, {}, { token: admin }));
    expect(listed.apiKeys.map((k: { id: string }) => k.id)).toContain(apiKey.id);
    expect(JSON.stringify(listed)).not.toContain(random);

    const [row] = await app.writer.query(`SELECT secret_hash, row_to_json(k)::text AS whole FROM cms.api_key k WHERE id = $1`, [apiKey.id]);
    expect(Buffer.from(row.secret_hash).equals(createHash("sha256").update(random).digest())).toBe(true);
    expect(row.whole).not.toContain(random);

    const audit = dataOf(await app.gql(`query($id: ID!) { auditLog(contentId: $id) { action } }`, { id: apiKey.id }, { token: admin }));
    expect(audit.auditLog.map((a: { action: string }) => a.action)).toContain("API_KEY_CREATED");
  });

  it("is an admin's tool only", async () => {
    const answer = await app.gql(CREATE_KEY, { input: { name: "x", scopes: ["DELIVERY"], requestsPerMinute: 5 } }, { token: editor });
    expectErrorCode(answer, "FORBIDDEN");
    expectErrorCode(await app.gql(`{ apiKeys { id } }`), "UNAUTHENTICATED");
    const badOrigin = await app.gql(
      CREATE_KEY,
      { input: { name: "x", scopes: ["DELIVERY"], allowedOrigins: ["https://a.example/path"], requestsPerMinute: 5 } },
      { token: admin },
    );
    expectErrorCode(badOrigin, "BAD_USER_INPUT");
  });

  it("is accepted as X-API-Key and as a bearer token; a wrong or unknown key is refused", async () => {
    const { secret, id } = await createKey(app, admin);
    const both: Array<Record<string, string>> = [{ "x-api-key": secret }, { authorization: `Bearer ${secret}` }];
    for (const headers of both) {
      const answer = await request(app.endpoint, CONDITION, { headers });
      expect(answer.status).toBe(200);
      expect(answer.body.data.condition.slug).toBe("sciatica");
    }
    const wrong = secret.slice(0, -4) + (secret.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const bad of [wrong, "hcms_nonsense", `hcms_${"0".repeat(32)}_${"A".repeat(43)}`]) {
      const answer = await request(app.endpoint, CONDITION, { headers: { "x-api-key": bad } });
      expect(answer.status).toBe(401);
      expect(codeOf(answer)).toBe("UNAUTHENTICATED");
    }
    // Usage is written in batches; listing keys writes what has gathered.
    const listed = dataOf(await app.gql(`{ apiKeys { id usageCount lastUsedAt } }`, {}, { token: admin }));
    const mine = listed.apiKeys.find((k: { id: string }) => k.id === id);
    expect(mine.usageCount).toBe(2);
    expect(mine.lastUsedAt).not.toBeNull();
  });

  it("reads drafts with X-Preview only with the PREVIEW scope", async () => {
    const draft = await createSymptom(app, editor, "Preview-only symptom");
    const query = `{ symptom(slug: "${draft.slug}") { slug name } }`;
    const delivery = await createKey(app, admin, { scopes: ["DELIVERY"] });
    const preview = await createKey(app, admin, { scopes: ["DELIVERY", "PREVIEW"] });

    const refused = await request(app.endpoint, query, { headers: { "x-api-key": delivery.secret, "x-preview": "true" } });
    expect(refused.status).toBe(403);
    expect(codeOf(refused)).toBe("FORBIDDEN");
    const published = await request(app.endpoint, query, { headers: { "x-api-key": preview.secret } });
    expect(published.body.data.symptom).toBeNull();
    const drafts = await request(app.endpoint, query, { headers: { "x-api-key": preview.secret, "x-preview": "true" } });
    expect(drafts.body.data.symptom).toEqual({ slug: draft.slug, name: "Preview-only symptom" });
    expect(drafts.headers.get("cache-control")).toBe("private, no-store");
    // A key is no editor: no editorial operation works with it.
    const write = await request(app.endpoint, `mutation { logout }`, { headers: { "x-api-key": preview.secret } });
    expect(codeOf(write)).toBe("UNAUTHENTICATED");
  });

  it("reads only its allowed content types, anywhere in the query", async () => {
    const { secret } = await createKey(app, admin, { allowedTypes: ["TREATMENT"] });
    const headers = { "x-api-key": secret };
    expect((await request(app.endpoint, TREATMENT, { headers })).body.data.treatment.slug).toBe("manual-therapies");
    for (const query of [
      CONDITION,
      `{ treatment(slug: "manual-therapies") { conditions { slug } } }`,
      `{ treatments(first: 1) { edges { node { ...T } } } } fragment T on Treatment { caseExamples { slug } }`,
      `{ node(id: "00000000-0000-0000-0000-000000000000") { id } }`,
    ]) {
      const answer = await request(app.endpoint, query, { headers });
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe("FORBIDDEN");
      expect(answer.body.data).toBeUndefined();
    }
  });

  it("shares cached answers only where a key may read them", async () => {
    const open = await createKey(app, admin);
    const treatmentsOnly = await createKey(app, admin, { allowedTypes: ["TREATMENT"] });
    const preview = await createKey(app, admin, { scopes: ["PREVIEW"] });
    const anonymous = await request(app.endpoint, CONDITION, { get: true });
    expect(anonymous.headers.get("x-cache")).toBe("MISS");
    expect((await request(app.endpoint, CONDITION, { get: true })).headers.get("x-cache")).toBe("HIT");

    // The unrestricted key gets the shared answer, but no shared HTTP cache may keep it.
    const keyed = await request(app.endpoint, CONDITION, { get: true, headers: { "x-api-key": open.secret } });
    expect(keyed.headers.get("x-cache")).toBe("HIT");
    expect(keyed.headers.get("cache-control")).toBe("private, no-store");
    expect(keyed.body).toEqual(anonymous.body);

    const restricted = await request(app.endpoint, CONDITION, { get: true, headers: { "x-api-key": treatmentsOnly.secret } });
    expect(restricted.status).toBe(403);
    expect(restricted.headers.get("x-cache")).toBeNull();

    // A preview reads drafts: never from (or into) the cache.
    const previewed = await request(app.endpoint, CONDITION, { get: true, headers: { "x-api-key": preview.secret, "x-preview": "true" } });
    expect(previewed.status).toBe(200);
    expect(previewed.headers.get("x-cache")).toBeNull();
  });

  it("tells other routes the key's allowed origins", async () => {
    const { secret, id } = await createKey(app, admin, { allowedOrigins: ["https://a.example", "http://localhost:3000"] });
    const server = Fastify();
    registerPartnerGate(server, app.runtime.services.partners!);
    server.get("/embed/test", async (req) => ({ key: apiKeyOf(req)?.id ?? null, origins: apiKeyOf(req)?.allowedOrigins ?? null }));
    const base = await server.listen({ port: 0, host: "127.0.0.1" });
    try {
      const keyed = await fetch(`${base}/embed/test`, { headers: { "x-api-key": secret } });
      expect(await keyed.json()).toEqual({ key: id, origins: ["https://a.example", "http://localhost:3000"] });
      const anonymous = await fetch(`${base}/embed/test`);
      expect(await anonymous.json()).toEqual({ key: null, origins: null });
      const bad = await fetch(`${base}/embed/test`, { headers: { "x-api-key": secret + "x" } });
      expect(bad.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("is refused on its next request once revoked, on every instance, cached answer or not", async () => {
    const other = await app.startInstance();
    try {
      const { id, secret } = await createKey(app, admin);
      const headers = { "x-api-key": secret };
      for (const endpoint of [app.endpoint, other.endpoint])
        expect((await request(endpoint, CONDITION, { get: true, headers })).status).toBe(200);
      dataOf(await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id }, { token: admin }));
      for (const endpoint of [app.endpoint, other.endpoint]) {
        const answer = await request(endpoint, CONDITION, { get: true, headers });
        expect(answer.status).toBe(401);
        expect(answer.body.errors?.[0]?.message).toMatch(/revoked/);
      }
      const audit = dataOf(await app.gql(`query($id: ID!) { auditLog(contentId: $id) { action } }`, { id }, { token: admin }));
      expect(audit.auditLog.map((a: { action: string }) => a.action)).toContain("API_KEY_REVOKED");
    } finally {
      await other.close();
    }
  });

  it("rotates: the new secret works, the old one stops at once", async () => {
    const { id, secret } = await createKey(app, admin);
    const rotated = dataOf(
      await app.gql(`mutation($id: ID!) { rotateApiKey(id: $id) { secret apiKey { id } } }`, { id }, { token: admin }),
    );
    expect(rotated.rotateApiKey.apiKey.id).toBe(id);
    expect(rotated.rotateApiKey.secret).not.toBe(secret);
    expect((await request(app.endpoint, CONDITION, { headers: { "x-api-key": secret } })).status).toBe(401);
    expect((await request(app.endpoint, CONDITION, { headers: { "x-api-key": rotated.rotateApiKey.secret } })).status).toBe(200);
  });

  it("limits a key per minute across instances: 429, RATE_LIMITED and Retry-After", async () => {
    const other = await app.startInstance();
    try {
      const { secret } = await createKey(app, admin, { requestsPerMinute: 4 });
      const headers = { "x-api-key": secret };
      await freshMinute();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await request(i % 2 ? other.endpoint : app.endpoint, CONDITION, { headers })).status);
      // Four in the minute in all, whichever instance answered.
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const limited = await request(other.endpoint, CONDITION, { headers, get: true });
      expect(limited.status).toBe(429);
      expect(codeOf(limited)).toBe("RATE_LIMITED");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.body.errors?.[0]?.extensions?.retryAfter).toBe(retryAfter);
    } finally {
      await other.close();
    }
  });

  // Last: it spends this address's anonymous quota for the current minute.
  it("limits anonymous delivery per address across instances, also for cached answers", async () => {
    const other = await app.startInstance();
    try {
      await freshMinute();
      for (let i = 0; i < 25; i++) expect((await request(app.endpoint, CONDITION, { get: true })).status).toBe(200);
      // Instances add their counts to the shared row every 200 ms.
      await new Promise((resolve) => setTimeout(resolve, 600));
      let served = 0;
      let limited: Awaited<ReturnType<typeof request>> | undefined;
      for (let i = 0; i < 45 && !limited; i++) {
        const answer = await request(other.endpoint, CONDITION, { get: true });
        if (answer.status === 429) limited = answer;
        else served++;
      }
      // The other instance knew of the first 25: it served at most the rest of the 40.
      expect(limited).toBeDefined();
      expect(served).toBeLessThanOrEqual(15);
      expect(codeOf(limited!)).toBe("RATE_LIMITED");
      expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // Staff with a sign-in token are not counted as anonymous.
      expect((await app.gql(`{ me { email } }`, {}, { token: editor })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe("anonymous delivery turned off (ANON_RATE_LIMIT=0)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ responseCache: true, partners: { anonymousPerMinute: 0 } });
  });
  afterAll(() => app.close());

  it("refuses anonymous queries, keeps sign-in open and serves keys", async () => {
    const admin = (await tokensByRole(app)).ADMIN;
    const { secret } = await createKey(app, admin);
    const keyed = await request(app.endpoint, CONDITION, { get: true, headers: { "x-api-key": secret } });
    expect(keyed.status).toBe(200);
    // The keyed answer is now in the cache: an anonymous reader still gets none of it.
    for (const get of [true, false]) {
      const anonymous = await request(app.endpoint, CONDITION, { get });
      expect(anonymous.status).toBe(401);
      expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
      expect(anonymous.body.data ?? null).toBeNull();
    }
  });
});

// Needs a Redis server: runs when TEST_REDIS_URL is set.
if (process.env.TEST_REDIS_URL) {
  describe("limits in Redis (REDIS_URL)", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ partners: { redisUrl: process.env.TEST_REDIS_URL } });
    });
    afterAll(() => app.close());

    it("counts a key's requests across instances", async () => {
      const other = await app.startInstance();
      try {
        const admin = (await tokensByRole(app)).ADMIN;
        const { secret } = await createKey(app, admin, { requestsPerMinute: 3 });
        await freshMinute();
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          statuses.push((await request(i % 2 ? other.endpoint : app.endpoint, CONDITION, { headers: { "x-api-key": secret } })).status);
        }
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        const [{ count }] = await app.writer.query(`SELECT count(*)::int AS count FROM cms.rate_window`);
        expect(count).toBe(0);
      } finally {
        await other.close();
      }
    });
  });
}
