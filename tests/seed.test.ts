import fs from "node:fs";
import path from "node:path";
import { DEFINITIONS, LINK_INFOS } from "../src/model/registry";
import { readSeedFile, seedContent, seededItemCount } from "../src/seed/seed.service";
import { startTestApp, TestApp } from "./helpers/test-app";

const TABLES = [...DEFINITIONS.flatMap((d) => [d.table, `${d.table}_translation`]), ...LINK_INFOS.map((l) => l.table)];
const SEEDED = seededItemCount();

/** Every draft and live row and every revision, as text, so that any change at all shows. */
async function snapshot(app: TestApp): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of [...TABLES.map((t) => `live.${t}`), ...TABLES.map((t) => `draft.${t}`), "cms.revision"]) {
    const rows: Array<{ r: string }> = await app.writer.query(`SELECT t::text AS r FROM ${table} t ORDER BY 1`);
    result[table] = rows.map((row) => row.r);
  }
  return result;
}

describe("seed", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("running it again changes nothing, in drafts, live content or history", async () => {
    const before = await snapshot(app);
    expect(before["draft.condition"]).toHaveLength(8);
    // Each item: its IMPORT revision and the PUBLISH revision of the release.
    expect(SEEDED).toBe(60);
    expect(before["cms.revision"]).toHaveLength(2 * SEEDED);
    expect(await seedContent(app.editor)).toBe(0);
    expect(await snapshot(app)).toEqual(before);
  });

  it("keeps the source article beside the structured content", () => {
    const article = fs.readFileSync(path.join(__dirname, "..", "seeds", "source", "leg-and-calf-pain-article.txt"), "utf8");
    const seed = readSeedFile();
    // Every condition heading of the article has a condition in the seed.
    for (const heading of [
      "Muscle Strains",
      "Tendinitis",
      "Flat Feet",
      "Shin Splints",
      "Compartment Syndrome",
      "Baker",
      "Sciatica",
      "Mechanical or Postural",
    ]) {
      expect(article).toContain(heading);
    }
    expect((seed.conditions as unknown[]).length).toBe(8);
  });

  it("stores every seeded item with the article as citation and no review it did not have", async () => {
    const rows: Array<{ n: number }> = await app.writer.query(
      `SELECT count(*)::int AS n FROM live.condition WHERE reviewed_by IS NOT NULL OR last_reviewed_at IS NOT NULL
         OR next_review_due_at IS NULL OR jsonb_array_length(citations) = 0 OR citations -> 0 ->> 'publisher' IS NULL`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("gives medical codes only with a citation for them", async () => {
    const rows: Array<{ codes: Array<{ code: string; citation?: { url?: string } }> }> = await app.writer.query(
      `SELECT codes FROM live.condition WHERE jsonb_array_length(codes) > 0`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { codes } of rows) for (const code of codes) expect(code.citation?.url).toContain(code.code);
  });
});
