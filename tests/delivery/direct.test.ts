import { queryLimitsFromEnv } from "../../src/config/config";
import { ContentTypeDefinition } from "../../src/model/definition";
import { DEFINITIONS, LINK_INFOS, reverseOf } from "../../src/model/registry";
import { App, createApp } from "../../src/server/app";
import { startTestApp, TestApp } from "../helpers/test-app";

/**
 * Item queries answered without GraphQL execution (src/delivery/direct.ts) must be the answers
 * Apollo gives: the same status, headers and bytes, for every seeded item, in every locale,
 * spelled with fragments, aliases and variables, over GET and POST, through the response cache
 * with the same tags. Whatever the direct path does not serve goes to Apollo, unchanged.
 */

/** Headers that differ between any two answers (the moment, the request's id, the connection). */
const PER_REQUEST = new Set(["date", "x-request-id", "keep-alive", "connection"]);

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function answerOf(res: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!PER_REQUEST.has(name)) headers[name] = value;
  });
  return { status: res.status, headers, text: await res.text() };
}

async function directCount(endpoint: string): Promise<number> {
  const text = await fetch(endpoint.replace(/graphql$/, "metrics")).then((r) => r.text());
  return Number(/^graphql_direct_answers_total (\d+)/m.exec(text)?.[1] ?? "0");
}

/** Every field of `d` the direct path serves: columns, JSON objects, links both ways with their attributes. */
function servable(d: ContentTypeDefinition, depth = 1): string {
  const scalar = Object.entries(d.fields)
    .filter(([, f]) => f.kind !== "json")
    .map(([name]) => name);
  const json = Object.entries(d.fields)
    .filter(([, f]) => f.kind === "json")
    .map(([name]) => `${name} { __typename ... on MedicalCode { system code citation { title url } } }`);
  const base = `__typename id slug locale version reviewStatus reviewedBy lastReviewedAt nextReviewDueAt publishedAt updatedAt citations { title url publisher doi pmid evidenceLevel note }`;
  if (depth === 0) return `id slug locale ${d.sortField}`;
  const inner = (key: string) =>
    servable(
      DEFINITIONS.find((x) => x.key === key)!,
      depth - 1,
    );
  const links = LINK_INFOS.filter((l) => l.source === d.key).flatMap((l) => [
    `${l.definition.field} { ${inner(l.target)} }`,
    `${l.definition.singular}Links { __typename order note ${Object.keys(l.attributes).join(" ")} evidence { quote citation { title url } } ${l.target} { ${inner(l.target)} } }`,
  ]);
  const views = Object.keys(d.views ?? {}).map((v) => `${v} { slug kind }`);
  const back = LINK_INFOS.filter((l) => l.target === d.key && l.definition.reverse !== false).map(
    (l) => `${reverseOf(l).field} { ${inner(l.source)} }`,
  );
  return [base, ...scalar, ...json, ...links, ...views, ...back].join(" ");
}

const PAGE = /* GraphQL */ `
  query Page($slug: String!, $locale: String) {
    page: condition(slug: $slug, locale: $locale) {
      ...Head
      ... on Node {
        id
      }
      kind: __typename
      symptoms {
        ...Item
        ...AnyItem
      }
      firstLine: treatmentLinks {
        line
        treatment {
          slug
          category
        }
      }
      treatmentLinks {
        order
        note
        treatment {
          name
        }
      }
      prevention {
        slug
        text
      }
      selfCare {
        slug
      }
    }
  }
  fragment Head on Condition {
    name
    slug
    locale
    alternateNames
    codes {
      system
      code
    }
  }
  fragment AnyItem on Node {
    id
    ... on Symptom {
      kind
    }
    ... on Treatment {
      category
    }
  }
  fragment Item on Symptom {
    slug
    name
    description
  }
`;

describe("item queries answered without execution", () => {
  let app: TestApp;
  let direct: { app: App; endpoint: string };
  let apollo: { app: App; endpoint: string };
  const slugs: Record<string, string[]> = {};

  const serve = async (directAnswers: boolean, responseCache = false) => {
    const server = await createApp(app.runtime.services, {
      logLevel: "silent",
      limits: { ...limits },
      responseCache: responseCache ? { maxEntries: 100, maxAgeSeconds: 60 } : false,
      directAnswers,
    });
    return { app: server, endpoint: await server.listen(0, "127.0.0.1") };
  };
  const limits = {
    ...queryLimitsFromEnv(),
    maxCost: 10_000_000,
    maxDepth: 20,
    maxAliases: 50,
    maxTokens: 20_000,
    maxDirectives: 50,
    timeoutMs: 10_000,
    listCap: 100,
  };

  /** The same request to both servers: both answers, and whether the direct one skipped execution. */
  async function both(path: string, init: RequestInit = {}): Promise<{ direct: Answer; apollo: Answer; skipped: boolean }> {
    const before = await directCount(direct.endpoint);
    const a = await answerOf(await fetch(direct.endpoint + path, init));
    const skipped = (await directCount(direct.endpoint)) - before === 1;
    const b = await answerOf(await fetch(apollo.endpoint + path, init));
    return { direct: a, apollo: b, skipped };
  }
  const post = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => ({
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });

  beforeAll(async () => {
    app = await startTestApp();
    direct = await serve(true);
    apollo = await serve(false);
    for (const d of DEFINITIONS) {
      const rows = await app.writer.query(`SELECT slug FROM live.${d.table}_translation WHERE locale = 'en' ORDER BY slug`);
      slugs[d.key] = rows.map((r: { slug: string }) => r.slug);
    }
    // Text in another locale: the condition in es, one of its symptoms in es.
    const id = async (table: string, slug: string) =>
      (await app.writer.query(`SELECT ${table}_id AS id FROM live.${table}_translation WHERE locale = 'en' AND slug = $1`, [slug]))[0]
        .id as string;
    await app.writer.query(
      `INSERT INTO live.condition_translation (condition_id, locale, slug, name, alternate_names, summary, body, causes)
       VALUES ($1, 'es', 'ciatica', 'Ciática "sin" \\ control', '{"Dolor referido"}', 'Dolor de pierna.', E'Texto\\n**fuerte**\\t\\u2028.', '{}')`,
      [await id("condition", "sciatica")],
    );
    await app.writer.query(
      `INSERT INTO live.symptom_translation (symptom_id, locale, slug, name, description)
       VALUES ($1, 'es', 'dolor-irradiado', 'Dolor irradiado', 'Baja por la pierna.')`,
      [await id("symptom", "shooting-radiating-pain")],
    );
  });
  afterAll(async () => {
    await direct.app.close();
    await apollo.app.close();
    await app.close();
  });

  it("has seeded content of every type to compare", () => {
    for (const d of DEFINITIONS) expect(slugs[d.key].length).toBeGreaterThan(0);
  });

  it.each(DEFINITIONS.map((d) => [d.key, d] as const))("answers every %s exactly as Apollo does", async (_key, d) => {
    const query = `query($slug: String!) { ${d.itemQuery}(slug: $slug) { ${servable(d)} } }`;
    for (const slug of slugs[d.key]) {
      const { direct: a, apollo: b, skipped } = await both("", post(query, { slug }));
      expect(skipped).toBe(true);
      expect(a).toEqual(b);
      expect(JSON.parse(a.text).data[d.itemQuery]?.slug).toBe(slug);
    }
  });

  it.each([
    ["the default locale", { slug: "sciatica" }],
    ["a locale with text", { slug: "ciatica", locale: "es" }],
    ["the default locale's slug in another locale", { slug: "sciatica", locale: "es" }],
    ["a regional locale (falls back)", { slug: "ciatica", locale: "es-MX" }],
    ["a locale without text (falls back)", { slug: "sciatica", locale: "fr" }],
    ["an unknown slug (null)", { slug: "no-such-condition" }],
  ])("answers a page in %s, with fragments and aliases, as Apollo does", async (_label, variables) => {
    const { direct: a, apollo: b, skipped } = await both("", post(PAGE, variables));
    expect(skipped).toBe(true);
    expect(a).toEqual(b);
    expect(a.status).toBe(200);
  });

  it("answers a GET with variables and an Origin as Apollo does, ETag included", async () => {
    const path = `?query=${encodeURIComponent(PAGE)}&variables=${encodeURIComponent(JSON.stringify({ slug: "ciatica", locale: "es" }))}`;
    const { direct: a, apollo: b, skipped } = await both(path, { headers: { origin: "https://site.example" } });
    expect(skipped).toBe(true);
    expect(a).toEqual(b);
    expect(a.headers.etag).toBeDefined();
    // Text with quotes, backslashes, control characters and U+2028 is escaped as JSON.stringify does.
    expect(JSON.parse(a.text).data.page.name).toBe('Ciática "sin" \\ control');
  });

  it.each([
    ["Markdown rendered as HTML", `{ condition(slug: "sciatica") { bodyHtml } }`, {}],
    ["JSON-LD", `{ condition(slug: "sciatica") { jsonLd } }`, {}],
    ["a directive", `query($c: Boolean!) { condition(slug: "sciatica") { name symptoms @include(if: $c) { slug } } }`, { c: true }],
    ["a list query", `{ conditions(first: 2) { edges { node { slug } } } }`, {}],
    ["two root fields", `{ condition(slug: "sciatica") { name } symptom(slug: "tingling-numbness") { name } }`, {}],
    ["a bad variable", `query($slug: String!) { condition(slug: $slug) { name } }`, { slug: 5 }],
    ["an unknown field", `{ condition(slug: "sciatica") { name nonsense } }`, {}],
    ["a syntax error", `{ condition(slug: "sciatica") { name `, {}],
  ])("leaves %s to Apollo, with the same answer", async (_label, query, variables) => {
    const { direct: a, apollo: b, skipped } = await both("", post(query, variables));
    expect(skipped).toBe(false);
    expect(a).toEqual(b);
  });

  it.each([
    ["a bad token", { authorization: "Bearer nonsense" }],
    ["preview", { "x-preview": "true" }],
    ["an API key header", { "x-api-key": "hcms_nonsense" }],
    ["another media type", { accept: "application/graphql-response+json" }],
  ])("leaves a request with %s to Apollo", async (_label, headers: Record<string, string>) => {
    const { direct: a, apollo: b, skipped } = await both("", post(PAGE, { slug: "sciatica" }, headers));
    expect(skipped).toBe(false);
    expect(a).toEqual(b);
  });

  it("cuts link lists to the request's cap, as the resolvers do", async () => {
    const capped = async (directAnswers: boolean) => {
      const server = await createApp(app.runtime.services, {
        logLevel: "silent",
        limits: { ...limits, listCap: 1 },
        directAnswers,
        responseCache: false,
      });
      const endpoint = await server.listen(0, "127.0.0.1");
      try {
        return await answerOf(await fetch(endpoint, post(PAGE, { slug: "sciatica" })));
      } finally {
        await server.close();
      }
    };
    const [a, b] = [await capped(true), await capped(false)];
    expect(a).toEqual(b);
    expect(JSON.parse(a.text).data.page.symptoms).toHaveLength(1);
  });

  it("is stored by the response cache with the same validators and tags", async () => {
    const cachedDirect = await serve(true, true);
    const cachedApollo = await serve(false, true);
    try {
      const path = `?query=${encodeURIComponent(PAGE)}&variables=${encodeURIComponent(JSON.stringify({ slug: "sciatica" }))}`;
      for (const outcome of ["MISS", "HIT"]) {
        const before = await directCount(cachedDirect.endpoint);
        const a = await answerOf(await fetch(cachedDirect.endpoint + path));
        const b = await answerOf(await fetch(cachedApollo.endpoint + path));
        expect(a).toEqual(b);
        expect(a.headers["x-cache"]).toBe(outcome);
        expect(a.headers["surrogate-key"].split(" ").length).toBeGreaterThan(5);
        // Only the miss is computed; the hit comes from the cache.
        expect((await directCount(cachedDirect.endpoint)) - before).toBe(outcome === "MISS" ? 1 : 0);
      }
    } finally {
      await cachedDirect.app.close();
      await cachedApollo.app.close();
    }
  });
});
