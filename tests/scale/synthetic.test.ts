import { Client } from "pg";
import { planSynthetic, seedSynthetic, SYNTHETIC_CITATION, vacuumAnalyzeContent } from "../../src/seed/synthetic";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

/** The synthetic library: marked as such, beside the article's content, replaced by a re-run. */
describe("seed:synthetic", () => {
  let app: TestApp;
  let owner: Client;
  beforeAll(async () => {
    app = await startTestApp();
    owner = new Client({ connectionString: app.databaseUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await app?.close();
  });

  async function seed(conditions: number) {
    const writer = new Client({ connectionString: app.logins.editor });
    await writer.connect();
    try {
      return await seedSynthetic(writer, conditions);
    } finally {
      await writer.end();
    }
  }

  /** Conditions (and the article's symptoms) per schema: synthetic ones by their slug, and the rest. */
  async function census() {
    const count = async (schema: string, table: string, synthetic: boolean) =>
      (
        await owner.query<{ n: number }>(
          `SELECT count(DISTINCT ${table}_id)::int AS n FROM ${schema}.${table}_translation WHERE (slug LIKE 'synthetic-%') = $1`,
          [synthetic],
        )
      ).rows[0].n;
    return {
      draftSynthetic: await count("draft", "condition", true),
      liveSynthetic: await count("live", "condition", true),
      liveArticle: await count("live", "condition", false),
      draftArticleSymptoms: await count("draft", "symptom", false),
    };
  }

  test("a re-run with another size replaces the earlier set and leaves the article's content alone", async () => {
    const before = await census();
    expect(before.liveSynthetic).toBe(0);
    await seed(300);
    const first = await census();
    expect(first.draftSynthetic).toBe(300);
    // One in ten stays a draft, never served.
    expect(first.liveSynthetic).toBe(270);
    const result = await seed(100);
    expect(result.removed).toBeGreaterThan(300);
    const second = await census();
    expect(second).toEqual({ ...before, draftSynthetic: 100, liveSynthetic: 90 });
    expect(planSynthetic(100).counts.condition).toBe(100);
    await seed(0);
    expect(await census()).toEqual(before);
    expect(before.liveArticle + before.draftArticleSymptoms).toBeGreaterThan(0);
  });

  test("synthetic items say so, claim no review, and their links cite the synthetic source", async () => {
    await seed(50);
    const data = dataOf(
      await app.gql(`{ condition(slug: "synthetic-condition-1") { name reviewStatus lastReviewedAt codes { code }
        citations { title note } symptomLinks { evidence { quote citation { title } } } } }`),
    );
    const c = data.condition;
    expect(c.name).toMatch(/\(synthetic\)$/);
    expect(c).toMatchObject({ reviewStatus: "NOT_REVIEWED", lastReviewedAt: null, codes: [] });
    expect(c.citations).toEqual([{ title: SYNTHETIC_CITATION.title, note: SYNTHETIC_CITATION.note }]);
    expect(c.symptomLinks.length).toBeGreaterThan(0);
    for (const link of c.symptomLinks) expect(link.evidence.citation.title).toBe(SYNTHETIC_CITATION.title);
    // A second locale on part of the set, and drafts that delivery does not serve.
    expect(dataOf(await app.gql(`{ condition(slug: "synthetic-condition-1", locale: "es") { locale } }`)).condition.locale).toBe("es");
    expect(dataOf(await app.gql(`{ condition(slug: "synthetic-condition-7") { id } }`)).condition).toBeNull();
  });

  /**
   * A bulk load leaves no page all-visible (every index-only scan reads the heap too) and the
   * trigram and search rows in their GIN indexes' pending lists, read whole by every query,
   * until a VACUUM: the seed runs one at once rather than wait for autovacuum.
   */
  test("after a load, every content table is vacuumed: all-visible pages and fresh statistics", async () => {
    await seed(300);
    await vacuumAnalyzeContent(owner);
    const { rows: tables } = await owner.query<{ table: string; pages: number; visible: number; tuples: number }>(
      `SELECT n.nspname || '.' || c.relname AS table, c.relpages AS pages, c.relallvisible AS visible, c.reltuples::int AS tuples
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('live', 'draft') AND c.relname IN ('condition', 'condition_translation', 'condition_symptom')
       ORDER BY 1`,
    );
    expect(tables).toHaveLength(6);
    for (const t of tables) {
      expect(t.pages).toBeGreaterThan(0);
      // All but the pages of rows some other transaction may still see (the test app runs).
      expect({ table: t.table, visible: t.visible >= 0.9 * t.pages }).toEqual({ table: t.table, visible: true });
      expect(t.tuples).toBeGreaterThan(0);
    }
  });
});
