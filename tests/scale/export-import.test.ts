import { Readable, Writable } from "node:stream";
import { Client } from "pg";
import { exportContent, ImportError, importContent } from "../../src/cli/content-transfer";
import { DEFINITIONS } from "../../src/model/registry";
import { seedSynthetic } from "../../src/seed/synthetic";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

/**
 * Export from a database with the article's content and a small synthetic library (a second
 * locale, drafts), import into an empty one: every delivery answer is byte-identical.
 */
const LIMITS = { maxCost: 100_000_000, maxDepth: 30, maxAliases: 100, maxTokens: 100_000 };

interface IntrospectedType {
  name: string;
  kind: string;
  fields: Array<{ name: string; args: Array<{ type: { kind: string } }>; type: TypeRef }> | null;
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

async function withEditor<T>(app: TestApp, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: app.logins.editor });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function exportOf(app: TestApp): Promise<string> {
  let text = "";
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  await withEditor(app, (client) => exportContent(client, out));
  return text;
}

/** Raw answer text of a POSTed query. */
async function answer(app: TestApp, query: string, variables: Record<string, unknown>): Promise<string> {
  const res = await fetch(app.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return `${res.status} ${await res.text()}`;
}

describe("export and import", () => {
  let source: TestApp;
  let target: TestApp;
  let exported: string;

  beforeAll(async () => {
    source = await startTestApp({ limits: LIMITS });
    await withEditor(source, (client) => seedSynthetic(client, 10));
    target = await startTestApp({ seed: false, limits: LIMITS });
    exported = await exportOf(source);
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  test("a bad row is refused with its place in the file and the reason, and nothing changes", async () => {
    const lines = exported.split("\n");
    const at = lines.findIndex((l) => l.includes('"slug":"synthetic-symptom-1"') && l.includes('"locale":"es"'));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace('"slug":"synthetic-symptom-1"', '"slug":"Not A Slug"');
    // As `npm run cms -- export > file` writes it: npm's own lines first.
    const banner = "\n> health-content-cms@0.1.0 cms\n> node dist/src/cli/cms.js export\n\n";
    // Read as a stream in uneven chunks, and written in batches of 7 rows: the refused row is
    // named from within its batch.
    const text = banner + lines.join("\n");
    const chunks = Array.from({ length: Math.ceil(text.length / 997) }, (_, i) => text.slice(i * 997, (i + 1) * 997));
    const error = await withEditor(target, (client) => importContent(client, Readable.from(chunks), { merge: false, batchRows: 7 })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(error.where).toMatch(/^\$\.tables\["draft\.symptom_translation"\]\[\d+\] \(line \d+\)$/);
    expect(error.where).toContain(`(line ${at + 1 + 4})`);
    expect(error.reason).toMatch(/check constraint/);
    const broken = await withEditor(target, (client) => importContent(client, exported.slice(0, -40), { merge: false })).catch((e) => e);
    expect(broken).toBeInstanceOf(ImportError);
    expect(broken.message).toMatch(/^line \d+: invalid JSON/);
    // Nothing was written: the database is still empty.
    const rows: Array<{ n: number }> = await target.writer.query(`SELECT count(*)::int AS n FROM draft.symptom`);
    expect(rows[0].n).toBe(0);
  });

  test("a file out of the export's layout is refused with its line and reason, and nothing changes", async () => {
    const lines = exported.split("\n");
    const lineOf = (predicate: (line: string) => boolean) => lines.findIndex(predicate);
    const edited = (edit: (lines: string[]) => void) => {
      const copy = [...lines];
      edit(copy);
      return copy.join("\n");
    };
    const refusal = async (text: string) => {
      const error = await withEditor(target, (client) => importContent(client, text, { merge: false })).catch((e) => e);
      expect(error).toBeInstanceOf(ImportError);
      return error.message as string;
    };
    const liveCondition = lineOf((l) => l.trim().startsWith('"live.condition": ['));
    const draftSymptom = lineOf((l) => l.trim().startsWith('"draft.symptom": ['));
    const firstRow = liveCondition + 1;
    expect(lines[firstRow]).toMatch(/^\s+\{.*\},$/);

    // A table the import's foreign keys need earlier, moved after one that needs it.
    const moved = edited((c) => (c[liveCondition] = c[liveCondition].replace("live.condition", "draft.condition")));
    expect(await refusal(moved)).toBe(
      `$.tables["draft.condition"] (line ${liveCondition + 1}): a second time: an export lists its tables in the order ${lines
        .filter((l) => /^ {4}"/.test(l))
        .map((l) => /"([^"]+)"/.exec(l)![1])
        .join(", ")}`,
    );
    expect(await refusal(edited((c) => (c[draftSymptom] = c[draftSymptom].replace("draft.symptom", "draft.nonsense"))))).toBe(
      `$.tables["draft.nonsense"] (line ${draftSymptom + 1}): not a content table`,
    );
    // A row without the comma that separates it from the next.
    expect(await refusal(edited((c) => (c[firstRow] = c[firstRow].replace(/,$/, ""))))).toBe(
      `line ${firstRow + 1}: invalid JSON: expected a comma after the row`,
    );
    // A row that is not an object, and one with a column the table does not have.
    expect(await refusal(edited((c) => (c[firstRow] = "      [1, 2],")))).toMatch(/^line \d+: expected a row of "live.condition"/);
    expect(await refusal(edited((c) => (c[firstRow] = c[firstRow].replace('{"id"', '{"colour":"red","id"'))))).toBe(
      `$.tables["live.condition"][0] (line ${firstRow + 1}): unknown column "colour"`,
    );
    // The same content on one line (as jq -c writes it): the import needs one row a line.
    expect(await refusal(JSON.stringify(JSON.parse(exported)))).toMatch(/^line 1: not in the layout `npm run cms -- export` writes/);
    expect(await refusal(exported + "\n{}\n")).toBe(`line ${lines.length + 1}: invalid JSON: text after the end of the export`);
    expect(await refusal(exported.replace(/"schema": "[^"]+"/, '"schema": "0-Initial"'))).toMatch(
      /^\$\.schema: written by schema version "0-Initial"; this build is at /,
    );
    const rows: Array<{ n: number }> = await target.writer.query(
      `SELECT (SELECT count(*) FROM live.condition)::int + (SELECT count(*) FROM draft.condition)::int AS n`,
    );
    expect(rows[0].n).toBe(0);
  });

  test("into an empty database every delivery answer is byte-identical", async () => {
    // Read as a stream, in batches smaller than most tables.
    await withEditor(target, (client) => importContent(client, Readable.from([exported]), { merge: false, batchRows: 50 }));
    // The contract queries: every item of every type, every field, links with their evidence.
    const { data } = await source.gql(
      `{ __schema { types { name kind fields { name args { type { kind } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`,
    );
    const types = new Map<string, IntrospectedType>((data.__schema.types as IntrospectedType[]).map((t) => [t.name, t]));
    const isNode = (name: string) => !!types.get(name)?.fields?.some((f) => f.name === "slug");
    const selection = (typeName: string, depth: number, root: boolean): string =>
      (types.get(typeName)!.fields ?? [])
        .filter((f) => f.args.every((a) => a.type.kind !== "NON_NULL"))
        .map((f) => {
          const t = named(f.type);
          if (t.kind === "SCALAR" || t.kind === "ENUM") return f.name;
          if (depth === 0 || (!root && isNode(t.name!))) return "";
          return `${f.name} { ${selection(t.name!, depth - 1, false) || "__typename"} }`;
        })
        .filter(Boolean)
        .join(" ");

    let compared = 0;
    for (const d of DEFINITIONS) {
      const slugs: string[] = [];
      let after: string | null = null;
      do {
        const page: any = dataOf(
          await source.gql(
            `query($after: String) { list: ${d.listQuery}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }`,
            {
              after,
            },
          ),
        ).list;
        slugs.push(...page.edges.map((e: { node: { slug: string } }) => e.node.slug));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(slugs.length).toBeGreaterThan(0);
      const item = `query($slug: String!, $locale: String) { item: ${d.itemQuery}(slug: $slug, locale: $locale) { ${selection(d.name, 3, true)} } }`;
      const list = `query($locale: String) { list: ${d.listQuery}(first: 100, locale: $locale) { totalCount totalCountIsExact edges { cursor node { ${selection(d.name, 0, true)} } } } }`;
      for (const locale of ["en", "es"]) {
        expect(await answer(target, list, { locale })).toBe(await answer(source, list, { locale }));
        // Part of the synthetic set has a Spanish translation; the article's content does not.
        for (const slug of locale === "en" ? slugs : slugs.filter((s) => s.startsWith("synthetic-"))) {
          const expected = await answer(source, item, { slug, locale });
          expect(expected).toMatch(/^200 \{"data":\{"item":\{/);
          expect(await answer(target, item, { slug, locale })).toBe(expected);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
    // And exporting again gives the same rows.
    const again = await exportOf(target);
    const body = (text: string) => text.slice(text.indexOf('"tables"'));
    const withoutAudit = (text: string) => body(text).replace(/"cms\.audit_log": \[[\s\S]*\]/, "");
    expect(withoutAudit(again)).toBe(withoutAudit(exported));
  });

  test("into a database that holds content only when asked to merge", async () => {
    const refused = await withEditor(target, (client) => importContent(client, exported, { merge: false })).catch((e) => e);
    expect(refused).toBeInstanceOf(ImportError);
    expect(refused.reason).toMatch(/already holds content.*--merge/);
    const merged = await withEditor(target, (client) => importContent(client, exported, { merge: true }));
    // Everything was there already: nothing added, nothing duplicated.
    expect(Object.values(merged).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
