import type { Pool, PoolClient } from "pg";
import { Client } from "pg";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { GIN_PENDING_LIST_KB } from "../../migrations/1765047600000-GinPendingListLimit";
import { encodeCursor, EXACT_COUNT_LIMIT } from "../../src/common/connection";
import { linkFilters } from "../../src/model/graphql-types";
import { DEFINITIONS, TYPES } from "../../src/model/registry";
import { vacuumAnalyzeContent, seedSynthetic, SYNTHETIC_SLUG_PREFIX } from "../../src/seed/synthetic";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";
import { signIn } from "../helpers/users";

/**
 * Every list query of the delivery API, with each of its filters, `nameContains` (in the default
 * locale and with a fallback chain), `totalCount` and a deep cursor, over a large synthetic
 * library. The SQL that delivery actually runs is captured on its pool, and each statement is
 * EXPLAINed with sequential scans priced out (`enable_seqscan = off`): a Seq Scan of a content
 * table left in such a plan means no index can serve that part of the query. (At default
 * settings the planner rightly prefers a sequential scan of a small table, so those plans say
 * nothing about indexes; `npm run bench -- --scale` measures the cost at 100,000 items.)
 */
const CONDITIONS = 5000;
/** A substring of few names: the article's "Sciatica", no synthetic name. */
const RARE = "sciatic";
/**
 * Below this many rows, walking a list's order and filtering costs the planner less than the
 * trigram index, so the index is asserted on larger tables only (conditions, here).
 */
const TRIGRAM_FROM_ROWS = 4000;

interface Captured {
  text: string;
  values: unknown[];
}

/** Records every statement run on the pool's connections, whichever code path runs it. */
function captureStatements(pool: Pool, into: Captured[]): void {
  const wrapped = new WeakSet<PoolClient>();
  pool.on("acquire", (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const [first, second] = args;
      if (typeof first === "string") into.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === "object" && "text" in first) {
        const config = first as { text: string; values?: unknown[] };
        into.push({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) });
      }
      return query(...args);
    };
  });
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  Schema?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** Sequential scans of content tables in a plan. */
function seqScans(plan: PlanNode): string[] {
  return nodes(plan)
    .filter((n) => n.Schema === "live" && n["Node Type"] === "Seq Scan")
    .map((n) => `Seq Scan on ${n.Schema}.${n["Relation Name"]}`);
}

/**
 * A selective `ILIKE` (nameContains) must be an index condition somewhere: the trigram index.
 * (For a common substring the planner rightly walks the list's order and filters instead.)
 */
const matchesByIndex = (plan: PlanNode) => nodes(plan).some((n) => /~~\*/.test(n["Index Cond"] ?? ""));

/** A filter value that matches part of the synthetic library, per filter of a type. */
function filterValues(key: string): Array<Record<string, string>> {
  const d = TYPES.get(key)!;
  const values: Array<Record<string, string>> = [];
  for (const [name, f] of Object.entries(d.filters ?? {})) {
    const field = d.fields[f.field];
    values.push({ [name]: field.kind === "enum" ? field.enum.values[field.enum.values.length - 1] : "calf" });
  }
  for (const l of linkFilters(d)) {
    const far = TYPES.get(l.direction === "out" ? l.link.target : l.link.source)!;
    values.push({ [l.name]: `${SYNTHETIC_SLUG_PREFIX}${far.table.replace(/_/g, "-")}-2` });
  }
  return values;
}

describe("list queries over a large library use indexes", () => {
  let app: TestApp;
  const captured: Captured[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    const writer = new Client({ connectionString: app.logins.editor });
    await writer.connect();
    await seedSynthetic(writer, CONDITIONS).finally(() => writer.end());
    const owner = new Client({ connectionString: app.databaseUrl });
    await owner.connect();
    await vacuumAnalyzeContent(owner).finally(() => owner.end());
    captureStatements((app.delivery.driver as PostgresDriver).master as Pool, captured);
    captureStatements((app.editor.driver as PostgresDriver).master as Pool, captured);
  }, 120_000);
  afterAll(() => app?.close());

  test.each(DEFINITIONS.map((d) => [d.listQuery, d]))("%s: every filter, nameContains, totalCount and a deep cursor", async (_name, d) => {
    const deep = encodeCursor(d.key, { sortKey: "M", id: "00000000-0000-0000-0000-000000000000" });
    const variants: Array<{ filter?: Record<string, string>; after?: string; locale?: string }> = [
      {},
      { after: deep },
      { filter: { nameContains: RARE } },
      { filter: { nameContains: RARE }, locale: "es-MX" },
      { filter: { nameContains: "tendon" } },
      { locale: "es" },
      ...filterValues(d.key).flatMap((filter) => [{ filter }, { filter, after: deep }]),
    ];
    const statements: Array<Captured & { rare: boolean }> = [];
    for (const v of variants) {
      captured.length = 0;
      const data = dataOf(
        await app.gql(
          `query($first: Int, $after: String, $filter: ${d.name}Filter, $locale: String) {
            list: ${d.listQuery}(first: $first, after: $after, filter: $filter, locale: $locale) {
              totalCount totalCountIsExact pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
          { first: 20, ...v },
        ),
      );
      const { totalCount, totalCountIsExact } = data.list;
      const fieldFilter = Object.keys(v.filter ?? {}).every((name) => name in (d.filters ?? {}));
      if (fieldFilter) {
        // The whole list, or one filter on a document column: the count kept per list and
        // filter value (migration ListCounts), exact at any size and read from its own table.
        expect(totalCountIsExact).toBe(true);
        expect(captured.some((c) => /\blist_count\b/.test(c.text))).toBe(true);
        if (d.key === "condition" && !v.filter) expect(totalCount).toBeGreaterThan(EXACT_COUNT_LIMIT);
      } else if (totalCountIsExact) {
        // Else exact up to the bound; beyond it an estimate that says so, never below what was counted.
        expect(totalCount).toBeLessThanOrEqual(EXACT_COUNT_LIMIT);
      } else expect(totalCount).toBeGreaterThan(EXACT_COUNT_LIMIT);
      if (v.filter?.nameContains === RARE) expect(totalCountIsExact).toBe(true);
      const rare = v.filter?.nameContains === RARE;
      statements.push(...captured.filter((c) => /^\s*SELECT/i.test(c.text)).map((c) => ({ ...c, rare })));
    }
    // Each variant ran SQL (its page and count, in one statement or more): nothing goes unexplained.
    expect(statements.length).toBeGreaterThanOrEqual(variants.length);

    const owner = new Client({ connectionString: app.databaseUrl });
    await owner.connect();
    try {
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM live.${d.table}_translation`);
      const large = rows[0].n >= TRIGRAM_FROM_ROWS;
      const problems: string[] = [];
      await owner.query("SET enable_seqscan = off");
      for (const s of statements) {
        const [{ "QUERY PLAN": plan }] = (await owner.query(`EXPLAIN (VERBOSE, FORMAT JSON) ${s.text}`, s.values)).rows as Array<{
          "QUERY PLAN": Array<{ Plan: PlanNode }>;
        }>;
        const scans = seqScans(plan[0].Plan);
        if (s.rare && large && !matchesByIndex(plan[0].Plan)) scans.push("ILIKE without an index");
        if (scans.length) problems.push(`${scans.join(", ")} in: ${s.text.replace(/\s+/g, " ")}`);
      }
      expect(problems).toEqual([]);
    } finally {
      await owner.end();
    }
  });

  /**
   * Every scan of a GIN index reads its pending list whole (keys waiting to be merged, up to
   * 4 MB by default): content's GIN indexes (name trigrams, search vectors) keep a short one
   * (migration GinPendingListLimit), so a bulk load or weeks of saves cannot slow every
   * nameContains and search until the next VACUUM.
   */
  test("every GIN index of a content table keeps a short pending list", async () => {
    const owner = new Client({ connectionString: app.databaseUrl });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ name: string; options: string[] | null }>(
        `SELECT n.nspname || '.' || c.relname AS name, c.reloptions AS options
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
         WHERE c.relkind = 'i' AND a.amname = 'gin' AND n.nspname IN ('live', 'draft') ORDER BY 1`,
      );
      // The name trigrams of every type, in both schemas, and the search vectors, at least.
      expect(rows.length).toBeGreaterThanOrEqual(2 * DEFINITIONS.length);
      const long = rows.filter((r) => !(r.options ?? []).includes(`gin_pending_list_limit=${GIN_PENDING_LIST_KB}`));
      expect(long.map((r) => r.name)).toEqual([]);
    } finally {
      await owner.end();
    }
  });

  test("an estimated totalCount asks the planner once a minute, not on every request", async () => {
    const query = `{ conditions(first: 3, filter: { nameContains: "synthetic" }) { totalCount totalCountIsExact } }`;
    const explains = () => captured.filter((c) => /^\s*EXPLAIN/i.test(c.text)).length;
    captured.length = 0;
    const first = dataOf(await app.gql(query)).conditions;
    expect(first.totalCountIsExact).toBe(false);
    expect(explains()).toBe(1);
    captured.length = 0;
    expect(dataOf(await app.gql(query)).conditions).toEqual(first);
    // The bounded count still runs; the estimate comes from the last minute's.
    expect(captured.length).toBeGreaterThan(0);
    expect(explains()).toBe(0);
  });

  /**
   * A list page is a prepared statement: after five executions PostgreSQL keeps its generic
   * plan unless that plan looks dearer than planning each execution afresh. A bound `LIMIT $n`
   * (costed as a tenth of the table) or a self-join of the sort row and the served row in the
   * default locale made it look dearer, so every page paid for planning, more so as the
   * library grew. Each list's page, unfiltered and with each enum filter, must keep its plan.
   * (Link filters kept theirs before: their EXISTS costs the same for any slug.)
   */
  test("list pages keep their generic plan", async () => {
    const pages: Array<Captured & { label: string }> = [];
    for (const d of DEFINITIONS) {
      // A body region (a value in an array) is selective or not depending on the value, which
      // only a plan made for the value can see: such filters are planned per execution.
      const enums = Object.entries(d.filters ?? {})
        .filter(([, f]) => d.fields[f.field].kind === "enum")
        .map(([name]) => filterValues(d.key).find((v) => name in v)!);
      for (const filter of [undefined, ...enums]) {
        captured.length = 0;
        dataOf(
          await app.gql(`query($filter: ${d.name}Filter) { list: ${d.listQuery}(first: 20, filter: $filter) { edges { node { id } } } }`, {
            filter,
          }),
        );
        const page = captured.filter((c) => /^\s*SELECT/i.test(c.text));
        expect(page).toHaveLength(1);
        pages.push({ ...page[0], label: `${d.listQuery}(${JSON.stringify(filter ?? {})})` });
      }
    }
    const delivery = new Client({ connectionString: app.logins.delivery });
    await delivery.connect();
    try {
      const replanned: string[] = [];
      for (const [i, page] of pages.entries()) {
        for (let run = 0; run < 8; run++) await delivery.query({ name: `page_${i}`, text: page.text, values: page.values });
        const { rows } = await delivery.query<{ generic: number }>(
          `SELECT generic_plans::int AS generic FROM pg_prepared_statements WHERE name = $1`,
          [`page_${i}`],
        );
        if (rows[0].generic === 0) replanned.push(page.label);
      }
      expect(replanned).toEqual([]);
    } finally {
      await delivery.end();
    }
  });

  /**
   * A page that asks for ids and translated fields reads only the list's index: the document
   * table, whose index lookups grow with the library, is joined only for a document field.
   */
  test("a list page of ids and texts reads no document table; one with a document field does", async () => {
    const owner = new Client({ connectionString: app.databaseUrl });
    await owner.connect();
    try {
      const tablesRead = async (d: (typeof DEFINITIONS)[number], node: string, filter?: Record<string, string>) => {
        captured.length = 0;
        const list = dataOf(
          await app.gql(
            `query($filter: ${d.name}Filter) { list: ${d.listQuery}(first: 20, filter: $filter) { edges { node { ${node} } } } }`,
            {
              filter,
            },
          ),
        ).list;
        expect(list.edges.length).toBeGreaterThan(0);
        const [page] = captured.filter((c) => /^\s*SELECT/i.test(c.text));
        const [{ "QUERY PLAN": plan }] = (await owner.query(`EXPLAIN (FORMAT JSON) ${page.text}`, page.values)).rows as Array<{
          "QUERY PLAN": Array<{ Plan: PlanNode }>;
        }>;
        return new Set(nodes(plan[0].Plan).flatMap((n) => (n["Relation Name"] ? [n["Relation Name"]] : [])));
      };
      for (const d of DEFINITIONS) {
        const document = d.table;
        const textField = d.listQuery === "conditions" ? "name" : "slug";
        const enumFilter = Object.entries(d.filters ?? {}).find(([, f]) => d.fields[f.field].kind === "enum");
        for (const filter of [undefined, enumFilter && filterValues(d.key).find((v) => enumFilter[0] in v)]) {
          const read = await tablesRead(d, `id slug ${textField}`, filter);
          expect({ list: d.listQuery, filter, read: [...read] }).toEqual({
            list: d.listQuery,
            filter,
            read: [`${d.table}_translation`],
          });
          expect(await tablesRead(d, "id version", filter)).toContain(document);
        }
      }
    } finally {
      await owner.end();
    }
  });

  /**
   * Editorial work lists read a page of drafts of every type in one of three orders: each order
   * must be an index of every draft table, merged (Merge Append) and cut at the page's end,
   * never a sort of every draft.
   */
  test.each(["UPDATED_DESC", "REVIEW_DUE_ASC", "PUBLISHED_DESC"])(
    "editorial work list %s walks an index of every draft table",
    async (orderBy) => {
      const token = await signIn(app, "EDITOR");
      captured.length = 0;
      const first = dataOf(
        await app.gql(
          `query($orderBy: EditorialItemOrder) { editorialItems(first: 20, orderBy: $orderBy) { pageInfo { endCursor } edges { node { id } } } }`,
          { orderBy },
          { token },
        ),
      ).editorialItems;
      expect(first.edges).toHaveLength(20);
      const pages = captured.filter((c) => /^\s*WITH page AS/i.test(c.text));
      expect(pages).toHaveLength(1);
      const owner = new Client({ connectionString: app.databaseUrl });
      await owner.connect();
      try {
        const [{ "QUERY PLAN": plan }] = (await owner.query(`EXPLAIN (FORMAT JSON) ${pages[0].text}`, pages[0].values)).rows as Array<{
          "QUERY PLAN": Array<{ Plan: PlanNode }>;
        }>;
        const all = nodes(plan[0].Plan);
        // The page: a Merge Append of one index scan per draft table, no Sort and no scan of a whole table.
        const merge = all.find((n) => n["Node Type"] === "Merge Append");
        expect(merge).toBeDefined();
        const scans = (merge!.Plans ?? []).map((n) => `${n["Node Type"]} ${n["Relation Name"]}`);
        expect(scans).toHaveLength(DEFINITIONS.length);
        for (const scan of scans) expect(scan).toMatch(/^Index (Only )?Scan/);
        expect(nodes(merge!).filter((n) => n["Node Type"] === "Sort" || n["Node Type"] === "Seq Scan")).toEqual([]);
      } finally {
        await owner.end();
      }
    },
  );
});
