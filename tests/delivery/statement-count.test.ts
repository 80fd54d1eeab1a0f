import { setPlannerEnabled } from "../../src/delivery/planner";
import { ContentTypeDefinition } from "../../src/model/definition";
import { columnOf, definitionOf, DEFINITIONS, LINK_INFOS, LinkInfo, reverseOf } from "../../src/model/registry";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

/**
 * For every content type and every link that touches it, in both directions, a page costs
 * the same number of SQL statements with 2 or 20 linked items of each kind. The kinds come
 * from the definitions, so a new type or link is covered without touching this test.
 */

const owned = (d: ContentTypeDefinition) => LINK_INFOS.filter((l) => l.source === d.key);
const incoming = (d: ContentTypeDefinition) => LINK_INFOS.filter((l) => l.target === d.key && l.definition.reverse !== false);
const typeOf = definitionOf;

/** Selection of every link field of `d`; owned items also look back at their owners (a nested batch). */
function selection(d: ContentTypeDefinition): string {
  const back = (l: LinkInfo) => (l.definition.reverse === false ? "" : `${reverseOf(l).field} { slug }`);
  return [
    "id slug",
    ...owned(d).map(
      (l) =>
        `${l.definition.field} { slug ${back(l)} } ${l.definition.singular}Links { order note ${Object.keys(l.attributes).join(" ")} ${l.target} { slug } }`,
    ),
    ...Object.keys(d.views ?? {}).map((v) => `${v} { slug }`),
    ...incoming(d).map((l) => `${reverseOf(l).field} { slug }`),
  ].join(" ");
}

describe("statement count of every content page and list", () => {
  let app: TestApp;
  let serial = 0;

  /** A live item of `d` with only its required values; returns its id and slug. */
  async function insertItem(d: ContentTypeDefinition, doc: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
    const values: Record<string, unknown> = { ...doc };
    for (const [name, f] of Object.entries(d.fields)) {
      if (!f.localized && f.kind === "enum" && f.required && !(name in values)) values[columnOf(name)] = f.enum.values[0];
    }
    const cols = Object.keys(values);
    const [{ id }] = await app.writer.query(
      cols.length
        ? `INSERT INTO live.${d.table} (${cols.join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`
        : `INSERT INTO live.${d.table} DEFAULT VALUES RETURNING id`,
      Object.values(values),
    );
    const slug = `probe-${d.table.replace(/_/g, "-")}-${String(++serial).padStart(4, "0")}`;
    await app.writer.query(
      `INSERT INTO live.${d.table}_translation (${d.table}_id, locale, slug, ${d.sortField}) VALUES ($1, 'en', $2, $2)`,
      [id, slug],
    );
    return { id, slug };
  }

  async function link(l: LinkInfo, sourceId: string, targetId: string, position: number) {
    await app.writer.query(`INSERT INTO live.${l.table} (${l.sourceColumn}, ${l.targetColumn}, position) VALUES ($1, $2, $3)`, [
      sourceId,
      targetId,
      position,
    ]);
  }

  /** An item of `d` with `n` linked items of every kind, both directions; returns its slug. */
  async function arrange(d: ContentTypeDefinition, n: number, doc: Record<string, unknown> = {}): Promise<string> {
    const item = await insertItem(d, doc);
    for (let i = 0; i < n; i++) {
      for (const l of owned(d)) await link(l, item.id, (await insertItem(typeOf(l.target))).id, i);
      for (const l of incoming(d)) await link(l, (await insertItem(typeOf(l.source))).id, item.id, i);
    }
    return item.slug;
  }

  function expectSizes(d: ContentTypeDefinition, node: Record<string, unknown[]>, n: number) {
    const fields = [
      ...owned(d).flatMap((l) => [l.definition.field, `${l.definition.singular}Links`]),
      ...incoming(d).map((l) => reverseOf(l).field),
    ];
    expect(Object.fromEntries(fields.map((f) => [f, node[f].length]))).toEqual(Object.fromEntries(fields.map((f) => [f, n])));
  }

  beforeAll(async () => {
    // Whole pages with every link both ways, 20 at a time, price far above a reader's query:
    // the cost limit is not what this test is about.
    app = await startTestApp({ seed: false, limits: { maxCost: 1_000_000 } });
  });
  afterAll(() => app.close());

  const linked = DEFINITIONS.filter((d) => owned(d).length + incoming(d).length > 0);

  it("covers every link of the model in both directions", () => {
    const covered = new Set(linked.flatMap((d) => [...owned(d).map((l) => `${l.key}:out`), ...incoming(d).map((l) => `${l.key}:in`)]));
    expect(LINK_INFOS.every((l) => covered.has(`${l.key}:out`) && (l.definition.reverse === false || covered.has(`${l.key}:in`)))).toBe(
      true,
    );
  });

  it.each(linked.map((d) => [d.name, d] as const))("a %s page costs the same with 2 or 20 links of every kind", async (_name, d) => {
    const query = `query($slug: String!) { item: ${d.itemQuery}(slug: $slug) { ${selection(d)} } }`;
    const small = await arrange(d, 2);
    const big = await arrange(d, 20);
    let smallData: any;
    let bigData: any;
    const smallCount = await app.countStatements(async () => (smallData = dataOf(await app.gql(query, { slug: small }))));
    const bigCount = await app.countStatements(async () => (bigData = dataOf(await app.gql(query, { slug: big }))));
    console.log(`${d.name} page statements: 2 links of each kind -> ${smallCount}, 20 -> ${bigCount}`);
    expectSizes(d, smallData.item, 2);
    expectSizes(d, bigData.item, 20);
    for (const l of owned(d).filter((x) => x.definition.reverse !== false)) {
      for (const far of bigData.item[l.definition.field]) expect(far[reverseOf(l).field]).toEqual([{ slug: big }]);
    }
    // The planner reads the whole page, every link both ways, in one statement.
    expect(smallCount).toBe(1);
    expect(bigCount).toBe(1);
    // Nothing is kept between requests: asking again costs the same, not less (and not more).
    expect(await app.countStatements(() => app.gql(query, { slug: big }))).toBe(bigCount);
  });

  it.each(linked.map((d) => [d.name, d] as const))("without the planner, a %s page still costs a constant number", async (_name, d) => {
    const query = `query($slug: String!) { item: ${d.itemQuery}(slug: $slug) { ${selection(d)} } }`;
    const small = await arrange(d, 2);
    const big = await arrange(d, 20);
    setPlannerEnabled(false);
    try {
      let bigData: any;
      const smallCount = await app.countStatements(() => app.gql(query, { slug: small }));
      const bigCount = await app.countStatements(async () => (bigData = dataOf(await app.gql(query, { slug: big }))));
      expectSizes(d, bigData.item, 20);
      expect(bigCount).toBe(smallCount);
      // At least one statement per link kind was counted, so the counter really counts this request.
      expect(smallCount).toBeGreaterThanOrEqual(owned(d).length + incoming(d).length);
      // Loaders live per request: asking again costs the same, not less (and not more).
      expect(await app.countStatements(() => app.gql(query, { slug: big }))).toBe(bigCount);
    } finally {
      setPlannerEnabled(true);
    }
  });

  it("a list of 20 conditions with every link field costs what a list of 2 costs", async () => {
    const condition = typeOf("condition");
    for (let i = 0; i < 20; i++) await arrange(condition, 2, { body_regions: ["list-probe"] });
    const query = `query($first: Int!) { conditions(first: $first, filter: { bodyRegion: "list-probe" }) { totalCount edges { node { ${selection(condition)} } } } }`;
    let two: any;
    let twenty: any;
    const twoCount = await app.countStatements(async () => (two = dataOf(await app.gql(query, { first: 2 }))));
    const twentyCount = await app.countStatements(async () => (twenty = dataOf(await app.gql(query, { first: 20 }))));
    console.log(`condition list statements: 2 conditions -> ${twoCount}, 20 conditions -> ${twentyCount}`);
    expect(two.conditions.edges).toHaveLength(2);
    expect(twenty.conditions.edges).toHaveLength(20);
    expect(twenty.conditions.totalCount).toBe(20);
    for (const { node } of twenty.conditions.edges) expectSizes(condition, node, 2);
    expect(twentyCount).toBe(twoCount);
    // One statement for the page with every item's links, one for the count.
    expect(twentyCount).toBe(2);
    // Through the loaders alone: the page, the count, and one per link kind and direction asked for.
    setPlannerEnabled(false);
    try {
      let loaded: any;
      const loaderCount = await app.countStatements(async () => (loaded = dataOf(await app.gql(query, { first: 20 }))));
      expect(loaded).toEqual(twenty);
      const kinds =
        owned(condition).length + incoming(condition).length + owned(condition).filter((l) => l.definition.reverse !== false).length;
      expect(loaderCount).toBe(2 + kinds);
    } finally {
      setPlannerEnabled(true);
    }
  });
});
