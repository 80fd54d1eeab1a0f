import { randomUUID } from "node:crypto";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

const PAGE = /* GraphQL */ `
  query Page($slug: String!) {
    condition(slug: $slug) {
      slug
      symptoms {
        id
        slug
        conditions {
          slug
        }
      }
      symptomLinks {
        order
        note
        symptom {
          id
          slug
        }
      }
    }
  }
`;

const FILTERS = /* GraphQL */ `
  query Filters($symptom: String!) {
    bySymptom: conditions(filter: { symptom: $symptom }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    ofSciatica: symptoms(filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          id
          slug
        }
      }
    }
    symptom(slug: $symptom) {
      id
      slug
      conditions {
        slug
      }
    }
  }
`;

const PERMISSION = /permission denied|read-only transaction/i;

describe("delivery reads the live graph only", () => {
  let app: TestApp;
  let sciaticaId: string;
  const seededSymptoms = ["shooting-radiating-pain", "tingling-numbness", "weakness-difficulty-walking"];

  beforeAll(async () => {
    app = await startTestApp();
    [{ id: sciaticaId }] = await app.writer.query(
      `SELECT condition_id AS id FROM live.condition_translation WHERE locale = 'en' AND slug = 'sciatica'`,
    );
  });
  afterAll(() => app.close());

  describe("a link to an item that is not published", () => {
    const ghostId = randomUUID();

    beforeAll(async () => {
      // The link row is in live, its target is not: link tables have no foreign key on the target.
      await app.writer.query(
        `INSERT INTO live.condition_symptom (condition_id, symptom_id, position, note) VALUES ($1, $2, 1, 'ghost link')`,
        [sciaticaId, ghostId],
      );
      const [{ n }] = await app.writer.query(`SELECT count(*)::int AS n FROM live.condition_symptom WHERE symptom_id = $1`, [ghostId]);
      expect(n).toBe(1);
    });

    it("is hidden from the condition's symptoms and symptomLinks", async () => {
      const { condition } = dataOf(await app.gql(PAGE, { slug: "sciatica" }));
      expect(condition.symptoms.map((s: any) => s.slug).sort()).toEqual(seededSymptoms);
      expect(condition.symptoms.map((s: any) => s.id)).not.toContain(ghostId);
      expect(condition.symptomLinks).toHaveLength(3);
      expect(condition.symptomLinks.map((l: any) => l.note)).not.toContain("ghost link");
      expect(condition.symptomLinks.map((l: any) => l.symptom.id)).not.toContain(ghostId);
    });

    it("is not matched by filters", async () => {
      const data = dataOf(await app.gql(FILTERS, { symptom: "ghost-symptom" }));
      expect(data.bySymptom).toEqual({ totalCount: 0, edges: [] });
      expect(data.ofSciatica.totalCount).toBe(3);
      expect(data.ofSciatica.edges.map((e: any) => e.node.id)).not.toContain(ghostId);
      expect(data.symptom).toBeNull();
    });

    it("appears once the symptom is published into live, without touching the link row", async () => {
      await app.writer.query(`INSERT INTO live.symptom (id, kind) VALUES ($1, 'SIGN')`, [ghostId]);
      await app.writer.query(
        `INSERT INTO live.symptom_translation (symptom_id, locale, slug, name, description)
         VALUES ($1, 'en', 'ghost-symptom', 'Ghost symptom', 'Published late.')`,
        [ghostId],
      );

      const { condition } = dataOf(await app.gql(PAGE, { slug: "sciatica" }));
      expect(condition.symptoms.map((s: any) => s.slug).sort()).toEqual([...seededSymptoms, "ghost-symptom"].sort());
      expect(condition.symptomLinks).toHaveLength(4);
      expect(condition.symptomLinks).toContainEqual({ order: 1, note: "ghost link", symptom: { id: ghostId, slug: "ghost-symptom" } });
      expect(condition.symptoms.find((s: any) => s.id === ghostId).conditions).toEqual([{ slug: "sciatica" }]);

      const data = dataOf(await app.gql(FILTERS, { symptom: "ghost-symptom" }));
      expect(data.bySymptom).toEqual({ totalCount: 1, edges: [{ node: { slug: "sciatica" } }] });
      expect(data.ofSciatica.totalCount).toBe(4);
      expect(data.ofSciatica.edges.map((e: any) => e.node.id)).toContain(ghostId);
      expect(data.symptom).toEqual({ id: ghostId, slug: "ghost-symptom", conditions: [{ slug: "sciatica" }] });
    });
  });

  describe("the delivery connection", () => {
    it("logs in with the delivery login (role cms_delivery) on every pooled connection, read-only, with search_path live", async () => {
      const users = await Promise.all(
        Array.from({ length: 8 }, () =>
          app.delivery.query(
            `SELECT current_user = session_user AS "own", pg_has_role('cms_delivery', 'USAGE') AS "delivery", current_setting('transaction_read_only') AS ro`,
          ),
        ),
      );
      for (const [row] of users) expect(row).toEqual({ own: true, delivery: true, ro: "on" });
      const [{ path }] = await app.delivery.query(`SELECT current_setting('search_path') AS path`);
      expect(path).toBe("live");
      // It can read live.
      const [{ n }] = await app.delivery.query(`SELECT count(*)::int AS n FROM live.condition`);
      expect(n).toBe(8);
    });

    it("cannot write to live", async () => {
      await expect(app.delivery.query(`INSERT INTO live.symptom (kind) VALUES ('SYMPTOM')`)).rejects.toThrow(PERMISSION);
      await expect(app.delivery.query(`UPDATE live.condition_translation SET name = 'defaced'`)).rejects.toThrow(PERMISSION);
      await expect(app.delivery.query(`DELETE FROM live.condition_symptom`)).rejects.toThrow(PERMISSION);
      await expect(app.delivery.query(`CREATE TABLE live.intruder (id int)`)).rejects.toThrow(PERMISSION);

      const [{ n }] = await app.writer.query(`SELECT count(*)::int AS n FROM live.condition_translation WHERE name = 'defaced'`);
      expect(n).toBe(0);
      const [{ links }] = await app.writer.query(`SELECT count(*)::int AS links FROM live.condition_symptom`);
      expect(links).toBeGreaterThan(0);
    });

    it("cannot write even in a transaction switched to read-write: the role has SELECT only", async () => {
      const count = async () => (await app.writer.query(`SELECT count(*)::int AS n FROM live.symptom`))[0].n as number;
      const before = await count();
      const runner = app.delivery.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(`SET TRANSACTION READ WRITE`);
        await expect(runner.query(`INSERT INTO live.symptom (kind) VALUES ('SYMPTOM')`)).rejects.toThrow(/permission denied/i);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await count()).toBe(before);
    });

    it("cannot read a table in another schema", async () => {
      await app.writer.query(`CREATE SCHEMA draft_probe`);
      await app.writer.query(`CREATE TABLE draft_probe.t (id int PRIMARY KEY, secret text)`);
      await app.writer.query(`INSERT INTO draft_probe.t VALUES (1, 'unpublished draft')`);
      // The table and row exist: the owner sees them.
      expect(await app.writer.query(`SELECT * FROM draft_probe.t`)).toEqual([{ id: 1, secret: "unpublished draft" }]);

      await expect(app.delivery.query(`SELECT * FROM draft_probe.t`)).rejects.toThrow(/permission denied/i);
      await expect(app.delivery.query(`SELECT count(*) FROM draft_probe.t`)).rejects.toThrow(/permission denied/i);
      // Nor the migrations table in the default schema.
      await expect(app.delivery.query(`SELECT * FROM public.cms_migrations`)).rejects.toThrow(/permission denied/i);
    });
  });
});
