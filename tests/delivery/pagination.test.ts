import fs from "node:fs";
import path from "node:path";
import { dataOf, expectErrorCode, GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";

const seed = JSON.parse(fs.readFileSync(path.join(__dirname, "../../seeds/content/leg-and-calf-pain.json"), "utf8"));

/** Every list query: [field, filter input type, seed collection]. */
const LISTS: Array<[string, string, string]> = [
  ["conditions", "ConditionFilter", "conditions"],
  ["symptoms", "SymptomFilter", "symptoms"],
  ["riskFactors", "RiskFactorFilter", "riskFactors"],
  ["treatments", "TreatmentFilter", "treatments"],
  ["diagnosticMethods", "DiagnosticMethodFilter", "diagnosticMethods"],
  ["advice", "AdviceFilter", "advice"],
  ["redFlags", "RedFlagFilter", "redFlags"],
  ["caseExamples", "CaseExampleFilter", "caseExamples"],
];
const filterType = (field: string) => LISTS.find(([f]) => f === field)![1];

const listQuery = (field: string) => /* GraphQL */ `
  query List($first: Int, $after: String, $filter: ${filterType(field)}) {
    ${field}(first: $first, after: $after, filter: $filter) {
      totalCount
      edges { cursor node { id slug } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

type Page = {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string; slug: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

async function page(app: TestApp, field: string, vars: Record<string, unknown>): Promise<Page> {
  return dataOf(await app.gql(listQuery(field), vars))[field];
}

/** Follows endCursor until hasNextPage is false. */
async function walk(app: TestApp, field: string, first: number, filter?: Record<string, unknown>): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let i = 0; i < 500; i++) {
    const p = await page(app, field, { first, after, filter });
    pages.push(p);
    if (!p.pageInfo.hasNextPage) return pages;
    after = p.pageInfo.endCursor;
  }
  throw new Error(`${field}: pagination never ended`);
}

/** No gaps, no overlaps, same order as one big page, consistent page info. */
function expectWalk(pages: Page[], all: string[], first: number) {
  const ids = pages.flatMap((p) => p.edges.map((e) => e.node.id));
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(all);
  expect(pages).toHaveLength(Math.max(1, Math.ceil(all.length / first)));
  pages.forEach((p, i) => {
    const last = i === pages.length - 1;
    expect(p.totalCount).toBe(all.length);
    expect(p.pageInfo.hasNextPage).toBe(!last);
    expect(p.pageInfo.hasPreviousPage).toBe(false);
    if (!last) expect(p.edges).toHaveLength(first);
    expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1]?.cursor ?? null);
    expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
  });
}

const ids = (p: Page) => p.edges.map((e) => e.node.id);

/** BAD_USER_INPUT naming the argument, with no data, stack trace or SQL in the response. */
function expectRefused(response: GraphQLResponse, field: string, argument: string) {
  const error = expectErrorCode(response, "BAD_USER_INPUT");
  expect(error.extensions?.argument).toBe(argument);
  expect(response.data?.[field] ?? null).toBeNull();
  expect(JSON.stringify(response)).not.toMatch(/stacktrace|node_modules|SELECT|live\./i);
}

describe("pagination over the seeded lists", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe.each(LISTS)("%s", (field, _filter, collection) => {
    it.each([1, 2, 3])("walks the whole list with first: %i", async (first) => {
      const big = await page(app, field, { first: 100 });
      expect(big.totalCount).toBe(seed[collection].length);
      expect(big.edges.map((e) => e.node.slug).sort()).toEqual(seed[collection].map((i: any) => i.slug).sort());
      expect(big.pageInfo.hasNextPage).toBe(false);
      expectWalk(await walk(app, field, first), ids(big), first);
    });
  });

  it("pages correctly through a filtered list (conditions with a symptom, by 1)", async () => {
    for (const symptom of ["swelling", "pain-in-leg-or-calf"]) {
      const expected = seed.conditions.filter((c: any) => c.symptoms.some((s: any) => s.slug === symptom));
      expect(expected.length).toBeGreaterThan(1);
      const big = await page(app, "conditions", { first: 100, filter: { symptom } });
      expect(big.edges.map((e) => e.node.slug).sort()).toEqual(expected.map((c: any) => c.slug).sort());
      expectWalk(await walk(app, "conditions", 1, { symptom }), ids(big), 1);
    }
    const treatments = await page(app, "treatments", { first: 100, filter: { category: "CONSERVATIVE" } });
    expectWalk(await walk(app, "treatments", 2, { category: "CONSERVATIVE" }), ids(treatments), 2);
  });

  it("first: 0 returns no edges, but still counts", async () => {
    const p = await page(app, "conditions", { first: 0 });
    expect(p.edges).toEqual([]);
    expect(p.totalCount).toBe(seed.conditions.length);
    expect(p.pageInfo.endCursor).toBeNull();
  });

  it("refuses first above 100 and negative first with BAD_USER_INPUT", async () => {
    for (const first of [101, 1000, -1]) {
      for (const [field] of LISTS) expectRefused(await app.gql(listQuery(field), { first }), field, "first");
    }
    const ok = await page(app, "advice", { first: 100 });
    expect(ok.edges).toHaveLength(seed.advice.length);
  });

  it("refuses malformed cursors and cursors of another list", async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const uuid = "00000000-0000-4000-8000-000000000000";
    const malformed = [
      "not-a-cursor",
      "%%%",
      b64({ a: 1 }),
      b64(["symptom", "Swelling"]),
      b64(["symptom", "Swelling", "not-a-uuid"]),
      b64(["symptom", 42, uuid]),
      b64(["symptoms", "Swelling", uuid]),
    ];
    for (const after of malformed) expectRefused(await app.gql(listQuery("symptoms"), { first: 2, after }), "symptoms", "after");

    const conditionCursor = (await page(app, "conditions", { first: 1 })).pageInfo.endCursor;
    expectRefused(await app.gql(listQuery("symptoms"), { first: 2, after: conditionCursor }), "symptoms", "after");
    const symptomCursor = (await page(app, "symptoms", { first: 1 })).pageInfo.endCursor;
    expectRefused(await app.gql(listQuery("riskFactors"), { after: symptomCursor }), "riskFactors", "after");
    expectRefused(await app.gql(listQuery("advice"), { after: conditionCursor }), "advice", "after");

    // A well-formed cursor is data, never SQL: it only positions the page.
    const sneaky = await page(app, "symptoms", { first: 100, after: b64(["symptom", "' OR 1=1 --", uuid]) });
    expect(sneaky.totalCount).toBe(seed.symptoms.length);
    expect(sneaky.edges).toHaveLength(seed.symptoms.length);
    const past = await page(app, "symptoms", { first: 100, after: b64(["symptom", "\u{10FFFF}", uuid]) });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo.hasNextPage).toBe(false);
  });
});

describe("pagination over long lists", () => {
  let app: TestApp;
  const EXTRA = 100;
  beforeAll(async () => {
    app = await startTestApp();
    // 100 extra published symptoms; names repeat in threes so the id tie-break is exercised.
    await app.writer.query(`
      WITH ins AS (
        INSERT INTO live.symptom (kind) SELECT 'SIGN' FROM generate_series(1, ${EXTRA}) RETURNING id
      ), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ins)
      INSERT INTO live.symptom_translation (symptom_id, locale, slug, name)
      SELECT id, 'en', 'extra-symptom-' || n, 'Extra symptom ' || lpad((n / 3)::text, 2, '0') FROM numbered`);
  });
  afterAll(() => app.close());

  const total = () => seed.symptoms.length + EXTRA;

  it("defaults to 20 per page", async () => {
    const p = await page(app, "symptoms", {});
    expect(p.edges).toHaveLength(20);
    expect(p.pageInfo.hasNextPage).toBe(true);
    expect(p.totalCount).toBe(total());
    const next = await page(app, "symptoms", { after: p.pageInfo.endCursor });
    expect(next.edges).toHaveLength(20);
    expect(ids(next).some((id) => ids(p).includes(id))).toBe(false);
  });

  it("serves full pages of 100 and walks 108 items with ties in the sort text", async () => {
    const first = await page(app, "symptoms", { first: 100 });
    expect(first.edges).toHaveLength(100);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await page(app, "symptoms", { first: 100, after: first.pageInfo.endCursor });
    expect(rest.edges).toHaveLength(total() - 100);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const all = [...ids(first), ...ids(rest)];
    expect(new Set(all).size).toBe(total());
    for (const size of [3, 7, 20]) expectWalk(await walk(app, "symptoms", size), all, size);
    expectRefused(await app.gql(listQuery("symptoms"), { first: 101 }), "symptoms", "first");
  });

  it("keeps its place when items are inserted before the cursor or the cursor item is deleted", async () => {
    const head = await page(app, "symptoms", { first: 100 });
    const before = [...ids(head), ...ids(await page(app, "symptoms", { first: 100, after: head.pageInfo.endCursor }))];
    const p1 = await page(app, "symptoms", { first: 10 });
    const p2 = await page(app, "symptoms", { first: 10, after: p1.pageInfo.endCursor });
    expect([...ids(p1), ...ids(p2)]).toEqual(before.slice(0, 20));

    // An item sorting before everything appears between reads: the next page does not shift.
    const [{ id: early }] = await app.writer.query(`INSERT INTO live.symptom (kind) VALUES ('SIGN') RETURNING id`);
    await app.writer.query(
      `INSERT INTO live.symptom_translation (symptom_id, locale, slug, name) VALUES ($1, 'en', 'aaa-early', 'Aaa early')`,
      [early],
    );
    const p3 = await page(app, "symptoms", { first: 10, after: p2.pageInfo.endCursor });
    expect(ids(p3)).toEqual(before.slice(20, 30));
    expect(p3.totalCount).toBe(total() + 1);
    expect((await page(app, "symptoms", { first: 1 })).edges[0].node.id).toBe(early);

    // The cursor's own item is deleted: its cursor still leads to the items after it.
    await app.writer.query(`DELETE FROM live.symptom WHERE id = $1`, [p3.edges[9].node.id]);
    const p4 = await page(app, "symptoms", { first: 10, after: p3.pageInfo.endCursor });
    expect(ids(p4)).toEqual(before.slice(30, 40));

    // An item sorting just after the cursor shows on the next page (the rest move along by one).
    const cursorName = (await app.writer.query(`SELECT name FROM live.symptom_translation WHERE symptom_id = $1`, [p4.edges[9].node.id]))[0]
      .name;
    const [{ id: late }] = await app.writer.query(`INSERT INTO live.symptom (kind) VALUES ('SIGN') RETURNING id`);
    await app.writer.query(`INSERT INTO live.symptom_translation (symptom_id, locale, slug, name) VALUES ($1, 'en', 'just-after', $2)`, [
      late,
      cursorName + " b",
    ]);
    const p5 = await page(app, "symptoms", { first: 10, after: p4.pageInfo.endCursor });
    expect(ids(p5)).toContain(late);
    expect(ids(p5).filter((id) => id !== late)).toEqual(before.slice(40, 49));
  });
});
