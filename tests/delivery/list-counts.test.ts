import { Client } from "pg";
import { columnOf, DEFINITIONS } from "../../src/model/registry";
import { removeSynthetic, seedSynthetic } from "../../src/seed/synthetic";
import { Editorial, Item } from "../helpers/editorial";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";
import { tokensByRole } from "../helpers/users";

/**
 * `totalCount` of a whole list, or of one list filter on a document column, is the count kept
 * by triggers (migration ListCounts). These tests hold it to the rows it counts after every
 * kind of write: editors' work, publishing, bulk loads, cascades, concurrent writers.
 */
describe("counts kept per list and filter", () => {
  let app: TestApp;
  let owner: Client;
  let editorial: Editorial;

  beforeAll(async () => {
    app = await startTestApp();
    owner = new Client({ connectionString: app.databaseUrl });
    await owner.connect();
    editorial = new Editorial(app, await tokensByRole(app));
  });
  afterAll(async () => {
    await owner?.end();
    await app?.close();
  });

  /** Every kept count of `schema` and the count of its rows, by list, locale, filter and value, where either is not zero. */
  async function counts(schema: "live" | "draft") {
    const kept = await owner.query<{ key: string; n: number }>(
      `SELECT concat_ws(' ', list, locale, filter, value) AS key, sum(n)::int AS n FROM ${schema}.list_count GROUP BY 1 HAVING sum(n) <> 0`,
    );
    const groups = DEFINITIONS.flatMap((d) => {
      const text = `${schema}.${d.table}_translation`;
      return [
        `SELECT '${d.table}' AS list, locale, '' AS filter, '' AS value FROM ${text}`,
        ...Object.values(d.filters ?? {}).map((f) => {
          const column = columnOf(f.field);
          return f.match === "contains"
            ? `SELECT '${d.table}', locale, '${column}', v FROM ${text}, LATERAL (SELECT DISTINCT unnest(${column}) AS v) x`
            : `SELECT '${d.table}', locale, '${column}', ${column}::text FROM ${text} WHERE ${column} IS NOT NULL`;
        }),
      ];
    });
    const actual = await owner.query<{ key: string; n: number }>(
      `SELECT concat_ws(' ', list, locale, filter, value) AS key, count(*)::int AS n FROM (${groups.join(" UNION ALL ")}) g GROUP BY 1`,
    );
    const byKey = (rows: Array<{ key: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.key, r.n]).sort());
    return { kept: byKey(kept.rows), actual: byKey(actual.rows) };
  }

  async function expectExact() {
    for (const schema of ["live", "draft"] as const) {
      const { kept, actual } = await counts(schema);
      expect({ schema, counts: kept }).toEqual({ schema, counts: actual });
    }
  }

  /** Delivery's totalCount of symptoms, all and of each kind, with the items it lists. */
  async function symptoms() {
    const data = dataOf(
      await app.gql(`{
        all: symptoms(first: 100) { totalCount totalCountIsExact edges { node { id } } }
        signs: symptoms(first: 100, filter: { kind: SIGN }) { totalCount edges { node { id } } }
        reported: symptoms(first: 100, filter: { kind: SYMPTOM }) { totalCount edges { node { id } } } }`),
    );
    for (const list of [data.all, data.signs, data.reported]) expect(list.totalCount).toBe(list.edges.length);
    expect(data.all.totalCountIsExact).toBe(true);
    return { all: data.all.totalCount as number, signs: data.signs.totalCount as number, reported: data.reported.totalCount as number };
  }

  it("counts the seeded library exactly, in live and in draft", async () => {
    await expectExact();
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM live.condition_translation WHERE locale = 'en'`);
    expect(dataOf(await app.gql(`{ conditions { totalCount totalCountIsExact } }`)).conditions).toEqual({
      totalCount: rows[0].n,
      totalCountIsExact: true,
    });
  });

  it("follows an item through drafts, publishing, a change of kind, a translation, unpublishing and deletion", async () => {
    const before = await symptoms();
    let item: Item = await editorial.create("SYMPTOM", { name: "Counted twitch", description: "Test", kind: "SYMPTOM" });
    expect(await symptoms()).toEqual(before); // a draft is not delivered
    await expectExact();

    item = await editorial.publish(item);
    expect(await symptoms()).toEqual({ ...before, all: before.all + 1, reported: before.reported + 1 });
    await expectExact();

    // A change of kind moves the live item between the filtered counts once published.
    item = await editorial.update(item, { kind: "SIGN" });
    await expectExact();
    expect(await symptoms()).toEqual({ ...before, all: before.all + 1, reported: before.reported + 1 });
    item = await editorial.publish(item);
    expect(await symptoms()).toEqual({ ...before, all: before.all + 1, signs: before.signs + 1 });

    // A Spanish translation is counted in its locale, not in the default one.
    item = await editorial.update(item, { name: "Tic contado", description: "Prueba" }, "es");
    item = await editorial.publish(item);
    expect(await symptoms()).toEqual({ ...before, all: before.all + 1, signs: before.signs + 1 });
    const es = async (schema: string) =>
      (
        await owner.query(
          `SELECT coalesce(sum(n), 0)::int AS n FROM ${schema}.list_count WHERE list = 'symptom' AND locale = 'es' AND filter = ''`,
        )
      ).rows[0].n;
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM live.symptom_translation WHERE locale = 'es'`);
    expect(await es("live")).toBe(rows[0].n);
    expect(rows[0].n).toBeGreaterThan(0);
    await expectExact();

    const dropped = dataOf(
      await editorial.send(
        "EDITOR",
        `mutation($id: ID!, $version: Int!) { deleteTranslation(type: SYMPTOM, id: $id, locale: "es", version: $version) { version } }`,
        { id: item.id, version: item.version },
      ),
    );
    item = { ...item, version: dropped.deleteTranslation.version };
    await expectExact();

    item = await editorial.step("unpublish", item, "EDITOR");
    expect(await symptoms()).toEqual(before);
    await expectExact();

    dataOf(
      await editorial.send("EDITOR", `mutation($id: ID!, $version: Int!) { deleteSymptom(id: $id, version: $version) { id } }`, {
        id: item.id,
        version: item.version,
      }),
    );
    await expectExact();
  });

  it("stays exact under concurrent writers, and keeps few rows per count", async () => {
    const before = await counts("draft");
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) => editorial.create("SYMPTOM", { name: `Concurrent count ${i}`, description: "Test" })),
    );
    expect(created.every((c) => c.id)).toBe(true);
    const after = await counts("draft");
    expect(after.kept).toEqual(after.actual);
    expect(after.kept["symptom en  "]).toBe(before.kept["symptom en  "] + 24);
    // One more write folds the committed rows of the keys it touches into one.
    await editorial.create("SYMPTOM", { name: "Counted last", description: "Test" });
    const { rows } = await owner.query(
      `SELECT count(*)::int AS n FROM draft.list_count WHERE list = 'symptom' AND locale = 'en' AND filter = ''`,
    );
    expect(rows[0].n).toBe(1);
    await expectExact();
  });

  it("lets a writer count while another transaction that counted the same list is still open", async () => {
    const [first, second] = [new Client({ connectionString: app.databaseUrl }), new Client({ connectionString: app.databaseUrl })];
    await Promise.all([first.connect(), second.connect()]);
    const add = async (client: Client, name: string) => {
      const { rows } = await client.query<{ id: string }>(`INSERT INTO draft.symptom (kind) VALUES ('SIGN') RETURNING id`);
      await client.query(`INSERT INTO draft.symptom_translation (symptom_id, locale, slug, name) VALUES ($1, 'en', $2, $3)`, [
        rows[0].id,
        name.toLowerCase().replace(/ /g, "-"),
        name,
      ]);
    };
    try {
      const before = (await counts("draft")).kept;
      // The first holds its count's advisory lock and the rows it folded until it commits.
      await first.query("BEGIN");
      await add(first, "Held open sign");
      // The second would fail rather than wait.
      await second.query("SET lock_timeout = '2s'");
      await second.query("BEGIN");
      await add(second, "Counted meanwhile sign");
      await second.query("COMMIT");
      await first.query("COMMIT");
      const after = await counts("draft");
      expect(after.kept).toEqual(after.actual);
      expect(after.kept["symptom en  "]).toBe(before["symptom en  "] + 2);
      expect(after.kept["symptom en kind SIGN"]).toBe(before["symptom en kind SIGN"] + 2);
    } finally {
      await first.query("ROLLBACK").catch(() => undefined);
      await Promise.all([first.end(), second.end()]);
    }
  });

  it("stays exact through a bulk load by COPY and its removal by cascade, and counts past a thousand exactly", async () => {
    const writer = new Client({ connectionString: app.logins.editor });
    await writer.connect();
    try {
      await seedSynthetic(writer, 1500);
      await expectExact();
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM live.condition_translation WHERE locale = 'en'`);
      expect(rows[0].n).toBeGreaterThan(1000);
      const all = dataOf(await app.gql(`{ conditions(first: 1) { totalCount totalCountIsExact } }`)).conditions;
      expect(all).toEqual({ totalCount: rows[0].n, totalCountIsExact: true });
      const calf = await owner.query(
        `SELECT count(*)::int AS n FROM live.condition_translation WHERE locale = 'en' AND 'calf' = ANY(body_regions)`,
      );
      const byRegion = dataOf(await app.gql(`{ conditions(first: 1, filter: { bodyRegion: "calf" }) { totalCount totalCountIsExact } }`));
      expect(byRegion.conditions).toEqual({ totalCount: calf.rows[0].n, totalCountIsExact: true });

      await removeSynthetic(writer);
      await expectExact();
    } finally {
      await writer.end();
    }
  });

  it("empties a list's counts when its table is truncated", async () => {
    await owner.query("BEGIN");
    try {
      await owner.query("TRUNCATE live.case_example_translation");
      const { rows } = await owner.query(`SELECT coalesce(sum(n), 0)::int AS n FROM live.list_count WHERE list = 'case_example'`);
      expect(rows[0].n).toBe(0);
      const { kept, actual } = await counts("live");
      expect(kept).toEqual(actual);
    } finally {
      await owner.query("ROLLBACK");
    }
  });

  it("lets editors and delivery read the counts, and neither write them", async () => {
    for (const login of [app.logins.editor, app.logins.delivery]) {
      const client = new Client({ connectionString: login });
      await client.connect();
      try {
        await client.query(`SELECT count(*) FROM live.list_count`);
        await expect(client.query(`UPDATE live.list_count SET n = n + 1`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`INSERT INTO live.list_count VALUES ('symptom', 'en', '', '', 5)`)).rejects.toMatchObject({
          code: "42501",
        });
      } finally {
        await client.end();
      }
    }
  });
});
