import { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { CONTENT_ENTITIES } from "../src/content/content-types";
import { columnOf, DEFINITIONS, LINK_INFOS } from "../src/model/registry";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "./helpers/test-app";

/** The PostgreSQL type (information_schema udt_name) a column of the entities must have. */
function udtOf(column: ColumnMetadata): string {
  const base = { text: "text", uuid: "uuid", integer: "int4", jsonb: "jsonb", timestamptz: "timestamptz" }[String(column.type)];
  if (!base)
    throw new Error(`no PostgreSQL type known for ${column.entityMetadata.tableName}.${column.databaseName} (${String(column.type)})`);
  return column.isArray ? `_${base}` : base;
}

describe("the content model: definitions, migrations and the derived API", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it.each(["live", "draft"])(
    "has in %s exactly the tables and columns the definitions derive, with their types and nullability",
    async (schema) => {
      const rows: Array<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }> = await app.writer.query(
        `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = $1`,
        [schema],
      );
      const actual = new Map(
        rows.map((r) => [`${r.table_name}.${r.column_name}`, `${r.udt_name} ${r.is_nullable === "YES" ? "NULL" : "NOT NULL"}`]),
      );
      const expected = new Map<string, string>();
      for (const entity of CONTENT_ENTITIES) {
        const meta = app.writer.getMetadata(entity);
        for (const c of meta.columns) {
          const nullable = c.isNullable && !c.isPrimary;
          expected.set(`${meta.tableName}.${c.databaseName}`, `${udtOf(c)} ${nullable ? "NULL" : "NOT NULL"}`);
        }
      }
      // A list filter on a document column also matches a copy on the translation rows (the
      // ListKeys migration), kept by triggers: the document's type, nullable.
      for (const d of DEFINITIONS) {
        for (const f of Object.values(d.filters ?? {})) {
          if (d.fields[f.field].localized) continue;
          const type = expected.get(`${d.table}.${columnOf(f.field)}`)!.split(" ")[0];
          expected.set(`${d.table}_translation.${columnOf(f.field)}`, `${type} NULL`);
        }
      }
      // Live translations store their search vector (generated; the search test checks its expression).
      if (schema === "live") for (const d of DEFINITIONS) expected.set(`${d.table}_translation.search_vector`, "tsvector NULL");
      const tables = new Set([...expected.keys()].map((k) => k.split(".")[0]));
      const inModel = new Map([...actual].filter(([k]) => tables.has(k.split(".")[0])));
      expect(Object.fromEntries(inModel)).toEqual(Object.fromEntries(expected));
      // No table of the schema is left out of the definitions, but the counts kept per list
      // (the ListCounts migration), which derive from the content tables.
      expect([...new Set(rows.map((r) => r.table_name))].sort()).toEqual([...tables, "list_count"].sort());
    },
  );

  it.each(["live", "draft"])("has in %s the keyset index of every list and the reverse index of every link", async (schema) => {
    const rows: Array<{ indexdef: string }> = await app.writer.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1`, [schema]);
    const defs = rows.map((r) => r.indexdef.replace(/"/g, ""));
    const has = (table: string, columns: string) => defs.some((d) => d.includes(` ON ${schema}.${table} USING btree (${columns})`));
    const missing = [
      ...DEFINITIONS.filter((d) => !has(`${d.table}_translation`, `locale, ${columnOf(d.sortField)}, ${d.table}_id`)).map(
        (d) => `${d.table} keyset`,
      ),
      ...LINK_INFOS.filter((l) => !has(l.table, `${l.targetColumn}, ${l.sourceColumn}`)).map((l) => `${l.table} reverse`),
      // Each list filter on a document column: its copy on the translation rows, in an index
      // that also holds the list's order (equality in the key, an array included).
      ...DEFINITIONS.flatMap((d) =>
        Object.entries(d.filters ?? {})
          .filter(([, f]) => !d.fields[f.field].localized)
          .filter(([, f]) => {
            const [column, sort, owner] = [columnOf(f.field), columnOf(d.sortField), `${d.table}_id`];
            const key = f.match === "equals" ? `locale, ${column}, ${sort}, ${owner}` : `locale, ${sort}, ${owner}) INCLUDE (${column}`;
            return !has(`${d.table}_translation`, key);
          })
          .map(([name]) => `${d.table} list filter ${name}`),
      ),
    ];
    expect(missing).toEqual([]);
  });

  it.each(["live", "draft"])("keeps in %s each list filter's copy on the translation rows in step with the document", async (schema) => {
    const q = app.writer.createQueryRunner();
    await q.startTransaction();
    try {
      for (const d of DEFINITIONS) {
        for (const f of Object.values(d.filters ?? {})) {
          const field = d.fields[f.field];
          if (field.localized) continue;
          const [doc, text, column, owner] = [
            `${schema}.${d.table}`,
            `${schema}.${d.table}_translation`,
            columnOf(f.field),
            `${d.table}_id`,
          ];
          const [{ id }] = await q.query(`SELECT ${owner} AS id FROM ${text} LIMIT 1`);
          const copies = async () =>
            (await q.query(
              `SELECT t.${column} AS copy, d.${column} AS original FROM ${text} t JOIN ${doc} d ON d.id = t.${owner} WHERE d.id = $1`,
              [id],
            )) as Array<{
              copy: unknown;
              original: unknown;
            }>;
          // A changed document value reaches every translation row.
          const value = field.kind === "enum" ? field.enum.values[field.enum.values.length - 1] : ["test-region"];
          const other = field.kind === "enum" ? field.enum.values[0] : ["other-region"];
          for (const v of [value, other]) {
            await q.query(`UPDATE ${doc} SET ${column} = $1 WHERE id = $2`, [v, id]);
            for (const c of await copies()) expect(c.copy).toEqual(v);
          }
          // A translation row written again (publishing re-inserts them) takes the document's value,
          // whatever it was given.
          // (Stored search vectors are generated: not written.)
          const rows = await q.query(`SELECT to_jsonb(t) - 'search_vector' AS row FROM ${text} t WHERE ${owner} = $1`, [id]);
          const columns = Object.keys(rows[0].row).join(", ");
          await q.query(`DELETE FROM ${text} WHERE ${owner} = $1`, [id]);
          await q.query(`INSERT INTO ${text} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${text}, $1)`, [
            JSON.stringify(rows.map((r: { row: Record<string, unknown> }) => ({ ...r.row, [column]: null }))),
          ]);
          const after = await copies();
          expect(after.length).toBe(rows.length);
          for (const c of after) expect(c.copy).toEqual(other);
        }
      }
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it("notifies every change of every live table, so that response caches on every instance hear it", async () => {
    // The kept counts change only with the translation rows they count, which notify.
    const rows: Array<{ table: string }> = await app.writer.query(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'live' AND c.relkind = 'r' AND c.relname <> 'list_count'
         AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'notify_change')`,
    );
    expect(rows.map((r) => r.table)).toEqual([]);
  });

  it.each(["live", "draft"])("keeps in %s the count of every list and of every filter value on its rows", async (schema) => {
    const rows: Array<{ table: string; name: string; args: string[] }> = await app.writer.query(
      `SELECT c.relname AS table, t.tgname AS name,
              array_remove(string_to_array(encode(t.tgargs, 'escape'), '\\000'), '') AS args
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND t.tgname LIKE 'list_count_%'`,
      [schema],
    );
    const actual = rows.map((r) => `${r.table} ${r.name} ${r.args.join(" ")}`).sort();
    const expected = DEFINITIONS.flatMap((d) => {
      const keys = Object.values(d.filters ?? {}).map((f) => `${columnOf(f.field)}:${f.match}`);
      return ["insert", "update", "delete", "truncate"].map(
        (e) => `${d.table}_translation list_count_${e} ${[d.table, ...keys].join(" ")}`,
      );
    }).sort();
    expect(actual).toEqual(expected);
  });

  it("describes every type, field and link in contentModel", async () => {
    const { contentModel } = dataOf(
      await app.gql(`{ contentModel { key name listQuery sortField fields { name kind localized required label enumValues }
        links { kind field target attributes { name values default } reverseField } filters { name } } }`),
    );
    expect(contentModel.map((t: { name: string }) => t.name).sort()).toEqual(DEFINITIONS.map((d) => d.name).sort());
    const condition = contentModel.find((t: { key: string }) => t.key === "condition");
    expect(condition.fields.find((f: { name: string }) => f.name === "name")).toMatchObject({
      kind: "text",
      localized: true,
      required: true,
      label: "Name",
    });
    expect(condition.links.find((l: { kind: string }) => l.kind === "CONDITION_TREATMENTS")).toMatchObject({
      field: "treatments",
      target: "Treatment",
      attributes: [{ name: "line", values: ["FIRST_LINE", "ADVANCED", "SPECIALIST"], default: "FIRST_LINE" }],
      reverseField: "conditions",
    });
    expect(condition.filters.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(["nameContains", "symptom", "bodyRegion", "topic"]),
    );
    const symptom = contentModel.find((t: { key: string }) => t.key === "symptom");
    expect(symptom.fields.find((f: { name: string }) => f.name === "kind")).toMatchObject({
      kind: "enum",
      enumValues: ["SYMPTOM", "SIGN"],
    });
  });

  it("serves the article's topic page with its links and their evidence, and conditions point back to it", async () => {
    const { topic } = dataOf(
      await app.gql(`{ topic(slug: "leg-and-calf-pain") { __typename id title summary introductionHtml causeKinds treatmentFraming conclusion
        conditions { slug topics { slug } } advice { slug } redFlags { slug } conditionLinks { evidence { quote } } } }`),
    );
    expect(topic).toMatchObject({ __typename: "Topic", title: "Leg and calf pain" });
    expect(topic.causeKinds).toHaveLength(4);
    expect(topic.causeKinds[3]).toMatch(/vascular problems/);
    expect(topic.introductionHtml).toMatch(/^<p>Leg and calf pain are common complaints/);
    expect(topic.conclusion).toMatch(/consult a professional/);
    expect(topic.conditions).toHaveLength(8);
    for (const c of topic.conditions) expect(c.topics).toEqual([{ slug: "leg-and-calf-pain" }]);
    expect(topic.advice).toHaveLength(13);
    expect(topic.redFlags).toHaveLength(6);
    for (const l of topic.conditionLinks) expect(l.evidence.quote).toMatch(/many possible causes/);
    const listed = dataOf(await app.gql(`{ topics(filter: { condition: "sciatica" }) { totalCount edges { node { slug } } } }`)).topics;
    expect(listed).toEqual({ totalCount: 1, edges: [{ node: { slug: "leg-and-calf-pain" } }] });
  });

  it("gives every type its single-item query and every link its reverse field", async () => {
    const data = dataOf(
      await app.gql(`{
        adviceItem(slug: "increase-exercise-gradually") { kind conditions { slug } topics { slug } }
        redFlag(slug: "sudden-severe-symptoms") { urgency conditions { slug } }
        diagnosticMethod(slug: "imaging") { conditions { slug } }
        treatment(slug: "manual-therapies") { caseExamples { slug } conditions { slug } }
      }`),
    );
    expect(data.adviceItem).toEqual({
      kind: "PREVENTION",
      conditions: [{ slug: "muscle-strain" }, { slug: "shin-splints" }],
      topics: [{ slug: "leg-and-calf-pain" }],
    });
    expect(data.redFlag.conditions).toHaveLength(8);
    expect(data.diagnosticMethod.conditions).toEqual([{ slug: "sciatica" }]);
    expect(data.treatment.caseExamples).toEqual([{ slug: "lower-back-disc-bulge" }]);
  });

  it("finds any published item by its id alone (Relay node and nodes)", async () => {
    const { condition, symptom, topic } = dataOf(
      await app.gql(`{ condition(slug: "sciatica") { id } symptom(slug: "swelling") { id } topic(slug: "leg-and-calf-pain") { id } }`),
    );
    const unknown = "00000000-0000-4000-8000-000000000000";
    const data = dataOf(
      await app.gql(
        `query($id: ID!, $ids: [ID!]!) {
          node(id: $id) { __typename id ... on Condition { name } }
          nodes(ids: $ids) { __typename id ... on Symptom { name } ... on Topic { title } }
        }`,
        { id: condition.id, ids: [symptom.id, unknown, topic.id] },
      ),
    );
    expect(data.node).toEqual({ __typename: "Condition", id: condition.id, name: "Sciatica (referred pain from the spine)" });
    expect(data.nodes).toEqual([
      { __typename: "Symptom", id: symptom.id, name: "Swelling" },
      null,
      { __typename: "Topic", id: topic.id, title: "Leg and calf pain" },
    ]);
    expectErrorCode(await app.gql(`{ node(id: "not-a-uuid") { id } }`), "BAD_USER_INPUT");
    const tooMany = Array.from({ length: 101 }, () => unknown);
    expectErrorCode(await app.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: tooMany }), "BAD_USER_INPUT");
  });
});
