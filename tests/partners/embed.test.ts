import { randomBytes } from "node:crypto";
import { createApp } from "../../src/server/app";
import { advance, editorialItem, stepOk } from "../helpers/editorial-workflow";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";
import { tokensByRole } from "../helpers/users";
import { createKey } from "./helpers";

const EMBED = `query($slug: String!) { treatment(slug: $slug) { id name embed {
  html text jsonLd attribution canonicalUrl lastReviewedAt nextReviewDueAt reviewStatus } } }`;

const HOSTILE_BODY = `Intro.\n\n<script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:alert(3)) <iframe src="https://evil.example"></iframe>`;

describe("treatment embeds: GraphQL, GET /embed/treatments/:slug and oEmbed", () => {
  let app: TestApp;
  let base: string;
  const saved = { ...process.env };
  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });

  beforeAll(async () => {
    process.env.PUBLIC_SITE_URL = "https://health.example.org";
    process.env.PUBLISHER_NAME = "Example Health";
    process.env.CORS_ORIGINS = "https://partner.example";
    app = await startTestApp({ responseCache: true });
    base = app.endpoint.replace(/\/graphql$/, "");
  });
  afterAll(async () => {
    process.env = saved;
    await app.close();
  });

  it("serves the embed in GraphQL with review dates, attribution and a canonical URL, claiming no review", async () => {
    const { treatment } = dataOf(await app.gql(EMBED, { slug: "manual-therapies" }));
    const embed = treatment.embed;
    expect(embed.canonicalUrl).toBe("https://health.example.org/treatments/manual-therapies");
    expect(embed.reviewStatus).toBe("NOT_REVIEWED");
    expect(embed.lastReviewedAt).toBeNull();
    expect(embed.nextReviewDueAt).toEqual(expect.any(String));
    expect(embed.attribution).toBe(
      "Supplied by Example Health: https://health.example.org/treatments/manual-therapies. Sources: Leg and calf pain (Crivva - Business Promotion).",
    );
    expect(embed.html).toContain(
      `<a href="https://health.example.org/treatments/manual-therapies" rel="nofollow noopener">Manual therapies</a>`,
    );
    expect(embed.html).toContain("Not clinically reviewed yet.");
    expect(embed.html).toContain(`<time datetime="${embed.nextReviewDueAt}">`);
    expect(embed.html).toContain("Supplied by Example Health");
    expect(embed.text).toMatch(/^Manual therapies\n/);
    expect(embed.text).toContain("Not clinically reviewed yet.");
    expect(embed.jsonLd).toMatchObject({ "@type": "MedicalWebPage", about: { "@type": "MedicalTherapy", name: "Manual therapies" } });
  });

  it("answers GET /embed/treatments/:slug with the same, cacheable, with an ETag and CORS for allowed origins", async () => {
    const { treatment } = dataOf(await app.gql(EMBED, { slug: "manual-therapies" }));
    const res = await get("/embed/treatments/manual-therapies", { origin: "https://partner.example" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(treatment.embed);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=60/);
    expect(res.headers.get("surrogate-key")).toContain(treatment.id);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    const etag = res.headers.get("etag")!;
    expect(etag).toBeTruthy();
    expect((await get("/embed/treatments/manual-therapies", { "if-none-match": etag })).status).toBe(304);

    const other = await get("/embed/treatments/manual-therapies", { origin: "https://elsewhere.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(base + "/embed/treatments/manual-therapies", {
      method: "OPTIONS",
      headers: { origin: "https://partner.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://partner.example");

    const html = await get("/embed/treatments/manual-therapies?format=html");
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await html.text()).toBe(treatment.embed.html);
  });

  it("lets browsers read a keyed embed only on that key's origins, and keeps keyed answers out of shared caches", async () => {
    const { ADMIN } = await tokensByRole(app);
    const { secret } = await createKey(app, ADMIN, { allowedOrigins: ["https://keyed.example"] });
    const { secret: serverOnly } = await createKey(app, ADMIN, { name: "Server app" });
    const path = "/embed/treatments/manual-therapies";

    const withKey = await get(path, { origin: "https://keyed.example", "x-api-key": secret });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get("access-control-allow-origin")).toBe("https://keyed.example");
    expect(withKey.headers.get("vary")).toMatch(/origin/i);
    expect(withKey.headers.get("cache-control")).toBe("private, no-store");
    // The key's origins replace CORS_ORIGINS: the partner's site only.
    const elsewhere = await get(path, { origin: "https://partner.example", "x-api-key": secret });
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
    // A key that names no origin is for servers: no browser may read with it.
    const noOrigins = await get(path, { origin: "https://keyed.example", "x-api-key": serverOnly });
    expect(noOrigins.status).toBe(200);
    expect(noOrigins.headers.get("access-control-allow-origin")).toBeNull();
    // Without a key, CORS_ORIGINS decides, and the answer is public.
    const anonymous = await get(path, { origin: "https://keyed.example" });
    expect(anonymous.headers.get("access-control-allow-origin")).toBeNull();
    expect(anonymous.headers.get("cache-control")).toMatch(/^public/);
    // A wrong key is refused before anything is answered.
    const wrong = await get(path, { "x-api-key": secret.slice(0, -2) + "xx" });
    expect(wrong.status).toBe(401);
  });

  it("takes the allowed origins from an injected check", async () => {
    const keyed = await createApp(app.runtime.services, {
      logLevel: "silent",
      responseCache: false,
      embedOrigins: async (request) => (request.headers["x-partner"] === "yes" ? ["https://injected.example"] : []),
    });
    const url = (await keyed.listen(0, "127.0.0.1")).replace(/\/graphql$/, "/embed/treatments/manual-therapies");
    try {
      const origin = { origin: "https://injected.example" };
      const allowed = await fetch(url, { headers: { ...origin, "x-partner": "yes" } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://injected.example");
      const without = await fetch(url, { headers: origin });
      expect(without.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await keyed.close();
    }
  });

  it("answers oEmbed for a treatment's page or embed URL", async () => {
    const { treatment } = dataOf(await app.gql(EMBED, { slug: "manual-therapies" }));
    const url = encodeURIComponent("https://health.example.org/treatments/manual-therapies");
    const res = await get(`/oembed?url=${url}&format=json&maxwidth=400`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      version: "1.0",
      type: "rich",
      title: "Manual therapies",
      html: treatment.embed.html,
      width: 400,
      height: 400,
      cache_age: 60,
      provider_name: "Example Health",
      provider_url: "https://health.example.org",
    });
    const own = encodeURIComponent(`${base}/embed/treatments/manual-therapies`);
    expect((await get(`/oembed?url=${own}`)).status).toBe(200);
    expect((await get(`/oembed?url=${url}&format=xml`)).status).toBe(501);
    const foreign = await get(`/oembed?url=${encodeURIComponent("https://evil.example/treatments/manual-therapies")}`);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });

  it("serves no draft, sanitizes what editors wrote, and shows a publish at once", async () => {
    const tokens = await tokensByRole(app);
    const word = `zq${randomBytes(3).toString("hex")}`;
    const created = dataOf(
      await app.gql(
        `mutation($input: TreatmentInput!) { createTreatment(input: $input) { id version slug } }`,
        {
          input: { name: `Cold <b>plunge</b> ${word}`, summary: "Brief cold water immersion.", body: HOSTILE_BODY, category: "SELF_CARE" },
        },
        { token: tokens.EDITOR },
      ),
    ).createTreatment;
    const path = `/embed/treatments/${created.slug}`;
    const draft = await get(path);
    expect(draft.status).toBe(404);
    expect(await draft.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "NOT_FOUND" } }] });
    expect((await get(`${path}?format=html`)).status).toBe(404);
    expect(dataOf(await app.gql(EMBED, { slug: created.slug })).treatment).toBeNull();
    expect((await get("/embed/treatments/no-such-treatment")).status).toBe(404);

    await advance(app, tokens, { type: "TREATMENT", ...created }, "PUBLISHED");
    const published = await get(path);
    expect(published.status).toBe(200);
    const { html, text } = (await published.json()) as { html: string; text: string };
    expect(html).not.toMatch(/<script|<img|<iframe|onerror=|href="javascript:|<b>/i);
    expect(html).toContain(`Cold &lt;b&gt;plunge&lt;/b&gt; ${word}`);
    expect(text).toContain(`Cold <b>plunge</b> ${word}`);
    const etag = published.headers.get("etag")!;

    // An edit changes nothing live until it is published; then the embed shows it at once.
    let item = await editorialItem(app, tokens.EDITOR, "TREATMENT", created.id);
    item = dataOf(
      await app.gql(
        `mutation($id: ID!, $version: Int!) { item: updateTreatment(id: $id, version: $version, input: { summary: "Two minutes in cold water." }) { version type id } }`,
        { id: created.id, version: item.version },
        { token: tokens.EDITOR },
      ),
    ).item;
    expect((await get(path, { "if-none-match": etag })).status).toBe(304);
    item = await stepOk(app, tokens.REVIEWER, "approve", { ...item, type: "TREATMENT" });
    await stepOk(app, tokens.EDITOR, "publish", item);
    const after = await get(path, { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { html: string }).html).toContain("Two minutes in cold water.");
    expect(dataOf(await app.gql(EMBED, { slug: created.slug })).treatment.embed.html).toContain("Two minutes in cold water.");
  });
});
