import { randomBytes } from "node:crypto";
import { GIN_PENDING_LIST_KB } from "../../migrations/1765047600000-GinPendingListLimit";
import { DEFINITIONS } from "../../src/model/registry";
import { namesSql, vectorSql } from "../../src/partners/search-sql";
import { advance, stepOk } from "../helpers/editorial-workflow";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { tokensByRole } from "../helpers/users";

const SEARCH = `query($q: String!, $types: [ContentType!], $first: Int, $after: String, $locale: String) {
  search(query: $q, types: $types, first: $first, after: $after, locale: $locale) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor type rank snippet node { __typename id ... on Condition { slug name } ... on Symptom { slug name }
      ... on Treatment { slug name } ... on RiskFactor { slug name } ... on CaseExample { slug } ... on RedFlag { slug } } }
  }
}`;

interface Hit {
  type: string;
  rank: number;
  snippet: string;
  node: { __typename: string; id: string; slug: string; name?: string };
}

describe("search: published content, ranked, with snippets and typo tolerance", () => {
  let app: TestApp;
  const search = async (q: string, extra: Record<string, unknown> = {}) => {
    const { search } = dataOf(await app.gql(SEARCH, { q, ...extra }));
    return search as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Hit[] };
  };
  const slugs = (edges: Hit[]) => edges.map((e) => e.node.slug);

  beforeAll(async () => {
    // With the response cache on: a publish must show in search at once all the same.
    app = await startTestApp({ responseCache: true });
  });
  afterAll(() => app.close());

  it.each([
    ["numbness", "sciatica"],
    ["shooting pain down the leg", "sciatica"],
    ["flat feet", "flat-feet"],
    ["dropped arches", "flat-feet"],
    ["sciatca", "sciatica"],
    // Alternate names act as synonyms.
    ["medial tibial stress syndrome", "shin-splints"],
    ["referred pain from the spine", "sciatica"],
  ])("ranks the condition a reader means first: %s -> %s", async (query, slug) => {
    const { edges } = await search(query);
    expect(edges[0]).toMatchObject({ type: "CONDITION", node: { __typename: "Condition", slug } });
  });

  it("finds an item wherever the words are: name, summary or description", async () => {
    // "Flat feet" names one condition and is in the summary of a treatment and the description of a risk factor.
    const { edges } = await search("flat feet");
    expect(slugs(edges)).toEqual(expect.arrayContaining(["flat-feet", "footwear-and-orthotics", "poor-biomechanics"]));
    const treatments = await search("shockwave", { types: ["TREATMENT"] });
    expect(slugs(treatments.edges)).toEqual(["shockwave-therapy"]);
  });

  it("highlights the matched words with <mark> and escapes everything else", async () => {
    const { edges } = await search("shooting pain down the leg");
    const sciatica = edges.find((e) => e.node.slug === "sciatica")!;
    expect(sciatica.snippet).toContain("<mark>shoot</mark>");
    expect(sciatica.snippet).toContain("<mark>leg</mark>");
    for (const e of edges) expect(e.snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
    // The body's quotation marks come escaped.
    expect(sciatica.snippet).toContain("&quot;");
  });

  it("filters by type, pages with cursors and counts every hit", async () => {
    const all = await search("pain", { first: 100 });
    expect(all.totalCount).toBe(all.edges.length);
    expect(new Set(all.edges.map((e) => e.type)).size).toBeGreaterThan(3);
    const ranks = all.edges.map((e) => e.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);

    const first = await search("pain", { first: 2 });
    expect(first.totalCount).toBe(all.totalCount);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search("pain", { first: 2, after: first.pageInfo.endCursor });
    expect(slugs([...first.edges, ...second.edges])).toEqual(slugs(all.edges.slice(0, 4)));

    const treatments = await search("pain", { types: ["TREATMENT"], first: 100 });
    expect(treatments.edges.length).toBeGreaterThan(0);
    expect(treatments.edges.every((e) => e.type === "TREATMENT" && e.node.__typename === "Treatment")).toBe(true);
    // Another locale falls back to the default language's text.
    expect(slugs((await search("numbness", { locale: "es-MX" })).edges)[0]).toBe("sciatica");
  });

  it("finds, ranks, counts and cuts snippets in one statement, plus one per type of item on the page", async () => {
    const query = `query($q: String!, $first: Int) { search(query: $q, first: $first) { totalCount edges { type snippet node { id } } } }`;
    let types = 0;
    const statements = await app.countStatements(async () => {
      const { search } = dataOf(await app.gql(query, { q: "pain leg", first: 50 }));
      types = new Set(search.edges.map((e: Hit) => e.type)).size;
    });
    expect(types).toBeGreaterThan(2);
    expect(statements).toBe(1 + types);
  });

  it("refuses an empty or too long query, a foreign cursor and an empty type list", async () => {
    expectErrorCode(await app.gql(SEARCH, { q: "   " }), "BAD_USER_INPUT");
    expectErrorCode(await app.gql(SEARCH, { q: "a".repeat(201) }), "BAD_USER_INPUT");
    expectErrorCode(await app.gql(SEARCH, { q: "pain", after: "bm90LWEtY3Vyc29y" }), "BAD_USER_INPUT");
    expectErrorCode(await app.gql(SEARCH, { q: "pain", types: [] }), "BAD_USER_INPUT");
    expectErrorCode(await app.gql(SEARCH, { q: "pain", first: 101 }), "BAD_USER_INPUT");
    // Query syntax is never an error: websearch syntax accepts anything.
    expect((await search(`"unclosed -( or & ! :* \\ '`)).edges).toBeDefined();
  });

  it("never finds a draft; finds it as soon as it is published", async () => {
    const tokens = await tokensByRole(app);
    const word = `zq${randomBytes(4).toString("hex")}`;
    const created = dataOf(
      await app.gql(
        `mutation($name: String!) { createSymptom(input: { name: $name, description: "Test", kind: SYMPTOM }) { id version } }`,
        { name: `Night cramps ${word}` },
        { token: tokens.EDITOR },
      ),
    ).createSymptom;
    expect((await search(word)).totalCount).toBe(0);
    // Editors previewing (X-Preview) search the draft graph instead.
    const preview = dataOf(await app.gql(SEARCH, { q: word }, { token: tokens.EDITOR, headers: { "x-preview": "true" } })).search;
    expect(preview.edges.map((e: Hit) => e.node.id)).toEqual([created.id]);
    const approved = await advance(app, tokens, { type: "SYMPTOM", ...created }, "APPROVED");
    expect((await search(word)).totalCount).toBe(0);
    await stepOk(app, tokens.EDITOR, "publish", approved);
    const found = await search(word);
    expect(found.edges.map((e) => e.node.id)).toEqual([created.id]);
  });

  it("has the migrations' stored vectors and indexes on exactly the expressions the definitions derive", async () => {
    // PostgreSQL prints both index definitions in its own normal form, so they compare as text.
    const runner = app.writer.createQueryRunner();
    await runner.startTransaction();
    try {
      const definitionOf = async (name: string) =>
        (
          (await runner.query(`SELECT pg_get_indexdef(to_regclass($1)) AS def`, [`live.${name}`])) as Array<{ def: string | null }>
        )[0].def?.replace(name, "<index>") ?? `no index ${name}`;
      // The stored vector (a generated column) and the one a probe column of the definitions' expression gets.
      const generationOf = async (table: string, column: string) =>
        (
          (await runner.query(
            `SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d
             JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
             WHERE d.adrelid = to_regclass($1) AND a.attname = $2 AND a.attgenerated = 's'`,
            [table, column],
          )) as Array<{ expr: string }>
        )[0]?.expr ?? `no generated column ${table}.${column}`;
      for (const d of DEFINITIONS) {
        const table = `live.${d.table}_translation`;
        await runner.query(`ALTER TABLE ${table} ADD COLUMN probe_vector tsvector GENERATED ALWAYS AS (${vectorSql(d)}) STORED`);
        expect(await generationOf(table, "search_vector")).toBe(await generationOf(table, "probe_vector"));
        // With the short pending list of every content GIN index (migration GinPendingListLimit).
        const options = `WITH (gin_pending_list_limit = ${GIN_PENDING_LIST_KB})`;
        await runner.query(`CREATE INDEX probe_words ON ${table} USING gin (search_vector) ${options}`);
        await runner.query(`CREATE INDEX probe_names ON ${table} USING gin ((${namesSql(d)}) public.gin_trgm_ops) ${options}`);
        expect(await definitionOf(`${d.table}_translation_search`)).toBe(await definitionOf("probe_words"));
        expect(await definitionOf(`${d.table}_translation_names_trgm`)).toBe(await definitionOf("probe_names"));
        await runner.query(`DROP INDEX live.probe_words, live.probe_names`);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
