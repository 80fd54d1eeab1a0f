import fs from "node:fs";
import path from "node:path";
import { DEFINITIONS, LINK_INFOS } from "../src/model/registry";
import { readSeedFile, seededItemCount } from "../src/seed/seed.service";
import { dataOf, startTestApp, TestApp } from "./helpers/test-app";
import { tokensByRole } from "./helpers/users";

const LINK_TABLES = LINK_INFOS.map((l) => l.table);
const DOCUMENT_TABLES = DEFINITIONS.map((d) => d.table);
const SEEDED = seededItemCount();

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();
const article = normalize(
  fs
    .readdirSync(path.join(__dirname, "..", "seeds", "source"))
    .map((file) => fs.readFileSync(path.join(__dirname, "..", "seeds", "source", file), "utf8"))
    .join("\n"),
);

/** Every link list of the seed file, topic pages included, as [where, link]. */
function seedLinks(): Array<[string, { slug: string; evidence?: { quote: string } }]> {
  const seed = readSeedFile() as Record<string, unknown>;
  const found: Array<[string, { slug: string; evidence?: { quote: string } }]> = [];
  for (const [collection, items] of Object.entries(seed)) {
    if (!Array.isArray(items)) continue;
    for (const item of items as Array<Record<string, unknown>>) {
      for (const [field, value] of Object.entries(item)) {
        if (!Array.isArray(value) || !value.length || typeof value[0] !== "object" || !("slug" in value[0])) continue;
        for (const link of value) found.push([`${collection}/${item.slug as string}.${field} -> ${link.slug}`, link]);
      }
    }
  }
  return found;
}

describe("seed content: evidence, safety and an honest review state", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("gives every link of the seed file a quote that occurs in the source article", () => {
    const links = seedLinks();
    expect(links.length).toBeGreaterThan(100);
    const unsupported = links.filter(([, link]) => !link.evidence || !article.includes(normalize(link.evidence.quote)));
    expect(unsupported.map(([where]) => where)).toEqual([]);
  });

  it("stores that evidence, with the article's citation, on every published link row", async () => {
    const { citation } = readSeedFile();
    for (const table of LINK_TABLES) {
      const rows: Array<{ evidence: { quote: string; citation: { title: string; publisher: string } } | null }> = await app.writer.query(
        `SELECT evidence FROM live.${table}`,
      );
      for (const { evidence } of rows) {
        expect(evidence).not.toBeNull();
        expect(article).toContain(normalize(evidence!.quote));
        expect(evidence!.citation).toMatchObject({ title: citation.title, publisher: citation.publisher });
      }
    }
  });

  it("cites the article with its real publisher line and says that ProBack is illustrative", () => {
    const { citation } = readSeedFile();
    expect(citation.publisher).toBe("Crivva - Business Promotion");
    expect(citation.note).toContain("© 2024 Crivva - Business Promotion. All rights reserved.");
    expect(citation.note).toContain("ProBack is used here hypothetically / illustratively.");
  });

  it("serves each link's evidence on every link object of a condition page and a case example", async () => {
    const evidence = `evidence { quote citation { title publisher url note } }`;
    const data = dataOf(
      await app.gql(`{
        conditions(first: 20) { edges { node { slug
          symptomLinks { ${evidence} } riskFactorLinks { ${evidence} } treatmentLinks { ${evidence} }
          diagnosticMethodLinks { ${evidence} } adviceLinks { ${evidence} } redFlagLinks { ${evidence} } differentialLinks { ${evidence} }
        } } }
        caseExamples(first: 20) { edges { node { conditionLinks { ${evidence} } treatmentLinks { ${evidence} } } } }
      }`),
    );
    const linkObjects = [...data.conditions.edges, ...data.caseExamples.edges].flatMap(({ node }: { node: Record<string, unknown> }) =>
      Object.entries(node)
        .filter(([key]) => key.endsWith("Links"))
        .flatMap(([, links]) => links as Array<{ evidence: { quote: string; citation: { publisher: string } } | null }>),
    );
    expect(linkObjects.length).toBeGreaterThan(60);
    for (const link of linkObjects) {
      expect(article).toContain(normalize(link.evidence!.quote));
      expect(link.evidence!.citation.publisher).toBe("Crivva - Business Promotion");
    }
  });

  it("gives compartment syndrome no self-care or prevention advice and no first-line rest", async () => {
    const data = dataOf(
      await app.gql(`{ condition(slug: "compartment-syndrome") {
        adviceLinks { advice { slug kind } } treatmentLinks { line treatment { slug category } }
      } }`),
    );
    expect(data.condition.adviceLinks).toEqual([]);
    expect(data.condition.treatmentLinks.filter((l: { line: string }) => l.line === "FIRST_LINE")).toEqual([]);
    expect(data.condition.treatmentLinks.map((l: { treatment: { slug: string } }) => l.treatment.slug)).not.toContain(
      "rest-and-activity-modification",
    );
    expect(data.condition.treatmentLinks).toEqual([
      { line: "SPECIALIST", treatment: { slug: "surgery-or-specialist-intervention", category: "SURGICAL" } },
    ]);
  });

  it("links advice only where the article applies it, not to every condition", async () => {
    const data = dataOf(await app.gql(`{ conditions(first: 20) { edges { node { slug adviceLinks { advice { slug } } } } } }`));
    type Node = { slug: string; adviceLinks: Array<{ advice: { slug: string } }> };
    const advice = Object.fromEntries(
      data.conditions.edges.map(({ node }: { node: Node }) => [node.slug, node.adviceLinks.map((l) => l.advice.slug)]),
    );
    expect(advice.sciatica).not.toContain("elevate-leg");
    for (const slugs of Object.values(advice) as string[][]) {
      expect(slugs).not.toContain("short-term-nsaids");
      expect(slugs).not.toContain("compression-for-swelling");
      expect(slugs.length).toBeLessThan(5);
    }
  });

  it("claims no clinical review for any imported item: NOT_REVIEWED and due at once", async () => {
    for (const table of DOCUMENT_TABLES) {
      for (const schema of ["live", "draft"]) {
        const rows: Array<{ n: number }> = await app.writer.query(
          `SELECT count(*)::int AS n FROM ${schema}.${table} WHERE reviewed_by IS NOT NULL OR last_reviewed_at IS NOT NULL OR next_review_due_at IS NULL OR next_review_due_at > now()`,
        );
        expect({ table: `${schema}.${table}`, claimingReview: rows[0].n }).toEqual({ table: `${schema}.${table}`, claimingReview: 0 });
      }
    }
    const data = dataOf(await app.gql(`{ conditions(first: 20) { edges { node { reviewStatus reviewedBy lastReviewedAt } } } }`));
    for (const { node } of data.conditions.edges)
      expect(node).toEqual({ reviewStatus: "NOT_REVIEWED", reviewedBy: null, lastReviewedAt: null });
  });

  it("puts every imported item on the due-for-review list", async () => {
    const tokens = await tokensByRole(app);
    const due = dataOf(
      await app.gql(
        `query($before: DateTimeISO!) { contentDueForReview(before: $before) { id status } }`,
        { before: new Date(Date.now() + 1000).toISOString() },
        { token: tokens.REVIEWER },
      ),
    ).contentDueForReview;
    const seeded: Array<{ n: number }> = await app.writer.query(
      DOCUMENT_TABLES.map((t) => `SELECT count(*)::int AS n FROM draft.${t}`).join(" UNION ALL "),
    );
    expect(due).toHaveLength(seeded.reduce((sum, r) => sum + r.n, 0));
    expect(due.length).toBe(SEEDED);
  });

  it("publishes through the workflow: an audited override with the import reason, by the import actor", async () => {
    const rows: Array<{ action: string; actor_email: string; detail: Record<string, unknown> }> = await app.writer.query(
      `SELECT action, actor_email, detail FROM cms.audit_log WHERE action IN ('IMPORT', 'PUBLISH') ORDER BY id`,
    );
    const publishes = rows.filter((r) => r.action === "PUBLISH");
    expect(rows.filter((r) => r.action === "IMPORT")).toHaveLength(SEEDED);
    expect(publishes).toHaveLength(SEEDED);
    for (const entry of publishes) {
      expect(entry.actor_email).toBe("system:source-import");
      expect(entry.detail).toMatchObject({
        override: true,
        reason: "imported from the source article; clinical review pending",
        statusBefore: "DRAFT",
      });
    }
  });

  it("marks content REVIEWED once a reviewer signs it off, on the editorial item and, once republished, on delivery", async () => {
    const tokens = await tokensByRole(app);
    const id = dataOf(await app.gql(`{ condition(slug: "sciatica") { id } }`)).condition.id;
    const item = `id version status reviewStatus reviewedBy lastReviewedAt nextReviewDueAt`;
    const ref = (version: number) => ({ type: "CONDITION", id, version });
    const read = dataOf(
      await app.gql(`query($id: ID!) { editorialItem(type: CONDITION, id: $id) { ${item} } }`, { id }, { token: tokens.EDITOR }),
    ).editorialItem;
    expect(read).toMatchObject({ status: "PUBLISHED", reviewStatus: "NOT_REVIEWED", reviewedBy: null });

    const submitted = dataOf(
      await app.gql(
        `mutation($type: ContentType!, $id: ID!, $version: Int!) { submitForReview(type: $type, id: $id, version: $version) { ${item} } }`,
        ref(read.version),
        { token: tokens.EDITOR },
      ),
    ).submitForReview;
    expect(submitted.status).toBe("IN_REVIEW");
    const approved = dataOf(
      await app.gql(
        `mutation($type: ContentType!, $id: ID!, $version: Int!) { approve(type: $type, id: $id, version: $version) { ${item} } }`,
        ref(submitted.version),
        { token: tokens.REVIEWER },
      ),
    ).approve;
    expect(approved).toMatchObject({ status: "APPROVED", reviewStatus: "REVIEWED", reviewedBy: "Test REVIEWER" });
    // The live page changes only when the signed-off version is published.
    expect(dataOf(await app.gql(`{ condition(slug: "sciatica") { reviewStatus } }`)).condition.reviewStatus).toBe("NOT_REVIEWED");

    dataOf(
      await app.gql(
        `mutation($type: ContentType!, $id: ID!, $version: Int!) { publish(type: $type, id: $id, version: $version) { id } }`,
        ref(approved.version),
        { token: tokens.EDITOR },
      ),
    );
    const live = dataOf(
      await app.gql(`{ condition(slug: "sciatica") { reviewStatus reviewedBy lastReviewedAt nextReviewDueAt } }`),
    ).condition;
    expect(live).toMatchObject({ reviewStatus: "REVIEWED", reviewedBy: "Test REVIEWER", lastReviewedAt: approved.lastReviewedAt });
    expect(new Date(live.nextReviewDueAt).getTime()).toBeGreaterThan(Date.now());
  });
});
