import readline from "node:readline";
import { Readable, Writable } from "node:stream";
import { Client } from "pg";
import { MIGRATIONS } from "../../migrations";
import { DEFINITIONS, LINK_INFOS } from "../model/registry";

/**
 * Export and import of all content (`npm run cms -- export|import`): every draft and live item
 * with its translations and links (evidence and review metadata are columns of those), the
 * revisions and the audit log. Not carried: user accounts and password hashes, secrets (token
 * and login keys), scheduled jobs and the job queue. Rows travel as PostgreSQL renders them
 * (`to_jsonb`) and come back through `jsonb_populate_recordset`, so every value round-trips
 * exactly; the file names the schema version (the last migration) it was written with.
 */
export const EXPORT_FORMAT = "health-cms/content-export";
export const EXPORT_VERSION = 1;

/** Content tables in an order that satisfies every foreign key: documents, texts, links. */
export function contentTables(): string[] {
  const tables: string[] = [];
  for (const schema of ["draft", "live"]) {
    tables.push(...DEFINITIONS.map((d) => `${schema}.${d.table}`));
    tables.push(...DEFINITIONS.map((d) => `${schema}.${d.table}_translation`));
    tables.push(...LINK_INFOS.map((l) => `${schema}.${l.table}`));
  }
  return [...tables, "cms.revision", "cms.audit_log"];
}

/** Rows fetched from the cursor at once while exporting. */
const EXPORT_BATCH = 1000;

const ORDER: Record<string, string> = { "cms.revision": "created_at, id", "cms.audit_log": "id" };
const schemaVersion = () => MIGRATIONS[MIGRATIONS.length - 1].name;
const quoted = (table: string) =>
  table
    .split(".")
    .map((p) => `"${p}"`)
    .join(".");

/** The primary key's columns, in key order: rows are written in that order, so exports compare. */
async function primaryKey(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ c: string }>(
    `SELECT a.attname AS c FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [quoted(table)],
  );
  return rows.map((r) => r.c);
}

/** Writes the export, one row per line (so that an import error can name its line). */
export async function exportContent(client: Client, out: Writable): Promise<Record<string, number>> {
  const write = (text: string) => new Promise<void>((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
  const counts: Record<string, number> = {};
  // One snapshot for the whole file, however long it takes.
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, schema: schemaVersion(), exportedAt: new Date().toISOString() };
    await write(JSON.stringify(header, null, 2).replace(/\n}$/, ',\n  "tables": {\n'));
    const tables = contentTables();
    for (const [i, table] of tables.entries()) {
      const order = ORDER[table] ?? (await primaryKey(client, table)).map((c) => `t."${c}"`).join(", ");
      // Generated columns (stored search vectors) are PostgreSQL's to compute, not data.
      const generated = await client.query<{ c: string }>(
        `SELECT column_name::text AS c FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 AND is_generated <> 'NEVER'`,
        table.split("."),
      );
      const dropped = generated.rows.map((r) => client.escapeLiteral(r.c));
      const row = dropped.length ? `to_jsonb(t) - ARRAY[${dropped.join(", ")}]::text[]` : "to_jsonb(t)";
      // A cursor, so that memory holds one batch of rows, whatever the size of the library.
      await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR SELECT (${row})::text AS row FROM ${quoted(table)} t ORDER BY ${order}`);
      let count = 0;
      await write(`    ${JSON.stringify(table)}: [`);
      for (;;) {
        const { rows } = await client.query<{ row: string }>(`FETCH ${EXPORT_BATCH} FROM export_rows`);
        if (!rows.length) break;
        // Re-serialised through JSON so the file's rows read exactly as before (no spaces).
        await write((count ? ",\n" : "\n") + rows.map((r) => "      " + JSON.stringify(JSON.parse(r.row))).join(",\n"));
        count += rows.length;
      }
      await client.query("CLOSE export_rows");
      counts[table] = count;
      await write(`${count ? "\n    " : ""}]${i < tables.length - 1 ? "," : ""}\n`);
    }
    await write("  }\n}\n");
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  return counts;
}

/** A refused import: where in the file (JSON path, and line when known) and why. */
export class ImportError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}

interface ExportHeader {
  format: string;
  version: number;
  schema: string;
}

/** What reading an export gives, in the file's order. */
type ExportPart =
  | { kind: "header" }
  | { kind: "table"; table: string }
  | { kind: "row"; row: Record<string, unknown>; where: string }
  | { kind: "end of table" };

/** The lines of an export: a whole text, or a stream read a line at a time. */
function linesOf(input: string | Readable): AsyncIterable<string> | Iterable<string> {
  return typeof input === "string" ? input.split("\n") : readline.createInterface({ input, crlfDelay: Infinity });
}

/** The header lines read before `"tables"` at most: more, and this is not an export. */
const MAX_HEADER_LINES = 50;

/**
 * Reads an export a line at a time, in the layout exportContent writes (the header, then each
 * table's rows one to a line), so that memory holds one line, not the file, and each error
 * names its line. Lines of npm's banner before the JSON are skipped. Every part is checked as
 * it is read: JSON, the header, that each table is a content table, in the order of
 * contentTables (which the import's foreign keys need), and the commas between rows and
 * tables, so that a file read to its end is also valid JSON.
 */
async function* readExport(input: string | Readable): AsyncGenerator<ExportPart> {
  const order = new Map(contentTables().map((t, i) => [t, i]));
  const invalid = (line: number, reason: string) => new ImportError(`line ${line}`, `invalid JSON: ${reason}`);
  const rowCount = new Map<string, number>();
  let state: "banner" | "header" | "tables" | "rows" | "closing" | "done" = "banner";
  let header = "";
  let headerLines = 0;
  let table = "";
  let lastTable = -1;
  // The previous row or table: its line, and whether a comma followed it.
  let previous: { line: number; comma: boolean } | null = null;
  let n = 0;
  for await (const raw of linesOf(input)) {
    n++;
    const text = raw.trim();
    switch (state) {
      case "banner":
        if (text === "{") {
          state = "header";
          header = "{";
        } else if (text && !text.startsWith(">")) {
          throw new ImportError(
            `line ${n}`,
            text.startsWith("{")
              ? "not in the layout `npm run cms -- export` writes (the header on lines of its own, then one row a line)"
              : "not a content export (it does not start with a JSON object)",
          );
        }
        break;
      case "header": {
        if (text !== '"tables": {') {
          if (++headerLines > MAX_HEADER_LINES) throw new ImportError(`line ${n}`, 'not a content export (no "tables" after its header)');
          header += raw + "\n";
          break;
        }
        let parsed: ExportHeader;
        try {
          parsed = JSON.parse(header.replace(/,\s*$/, "") + "}") as ExportHeader;
        } catch (error) {
          throw invalid(n, `the header does not parse: ${(error as Error).message}`);
        }
        checkHeader(parsed);
        yield { kind: "header" };
        state = "tables";
        previous = null;
        break;
      }
      case "tables": {
        if (text === "}") {
          if (previous?.comma) throw invalid(previous.line, "a comma after the last table");
          state = "closing";
          break;
        }
        const opened = /^"([^"]*)": \[(\],?)?$/.exec(text);
        if (!opened) throw new ImportError(`line ${n}`, 'expected a table ("schema.table": [) or the end of the tables');
        if (previous && !previous.comma) throw invalid(previous.line, "expected a comma after the table");
        table = opened[1];
        const at = order.get(table);
        if (at === undefined) throw new ImportError(`$.tables["${table}"] (line ${n})`, "not a content table");
        if (at <= lastTable) {
          throw new ImportError(
            `$.tables["${table}"] (line ${n})`,
            `${rowCount.has(table) ? "a second time" : "out of order"}: an export lists its tables in the order ${contentTables().join(", ")}`,
          );
        }
        lastTable = at;
        rowCount.set(table, 0);
        if (opened[2]) {
          // An empty table, on one line.
          previous = { line: n, comma: opened[2].endsWith(",") };
          break;
        }
        yield { kind: "table", table };
        state = "rows";
        previous = null;
        break;
      }
      case "rows": {
        if (text === "]" || text === "],") {
          if (previous?.comma) throw invalid(previous.line, "a comma after the table's last row");
          yield { kind: "end of table" };
          state = "tables";
          previous = { line: n, comma: text.endsWith(",") };
          break;
        }
        if (!text.startsWith("{")) throw new ImportError(`line ${n}`, `expected a row of "${table}" (a JSON object on one line) or "]"`);
        if (previous && !previous.comma) throw invalid(previous.line, "expected a comma after the row");
        const comma = text.endsWith(",");
        let row: unknown;
        try {
          row = JSON.parse(comma ? text.slice(0, -1) : text);
        } catch (error) {
          throw invalid(n, (error as Error).message);
        }
        const index = rowCount.get(table)!;
        rowCount.set(table, index + 1);
        const where = `$.tables["${table}"][${index}] (line ${n})`;
        if (!row || typeof row !== "object" || Array.isArray(row)) throw new ImportError(where, "expected an object");
        yield { kind: "row", row: row as Record<string, unknown>, where };
        previous = { line: n, comma };
        break;
      }
      case "closing":
        if (text !== "}") throw invalid(n, "expected the closing brace of the export");
        state = "done";
        break;
      case "done":
        if (text) throw invalid(n, "text after the end of the export");
    }
  }
  if (state !== "done") {
    if (state === "banner") throw new ImportError("line 1", "not a content export (it holds no JSON object)");
    throw invalid(n, `the file ends ${state === "rows" ? `inside the rows of "${table}"` : "before the end of the export"}`);
  }
}

function checkHeader(header: ExportHeader): void {
  if (header?.format !== EXPORT_FORMAT) throw new ImportError("$.format", `expected "${EXPORT_FORMAT}"`);
  if (header.version !== EXPORT_VERSION)
    throw new ImportError("$.version", `expected ${EXPORT_VERSION}, got ${JSON.stringify(header.version)}`);
  if (header.schema !== schemaVersion()) {
    throw new ImportError("$.schema", `written by schema version ${JSON.stringify(header.schema)}; this build is at ${schemaVersion()}`);
  }
}

/** True when the database holds any content item or revision. */
async function holdsContent(client: Client): Promise<boolean> {
  const probes = [...DEFINITIONS.flatMap((d) => [`draft.${d.table}`, `live.${d.table}`]), "cms.revision"];
  const { rows } = await client.query<{ any: boolean }>(
    `SELECT ${probes.map((t) => `EXISTS (SELECT 1 FROM ${quoted(t)})`).join(" OR ")} AS any`,
  );
  return rows[0].any;
}

async function columnsOf(client: Client, table: string): Promise<string[]> {
  const [schema, name] = table.split(".");
  const { rows } = await client.query<{ c: string }>(
    `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
    [schema, name],
  );
  return rows.map((r) => r.c);
}

function reasonOf(error: unknown): string {
  const e = error as { message?: string; detail?: string; constraint?: string };
  return [e.message, e.detail].filter(Boolean).join(" (") + (e.detail ? ")" : "");
}

/** Rows sent to PostgreSQL in one statement while importing. */
const IMPORT_BATCH = 1000;

/** A table being imported: its INSERT of a batch of rows, and the columns a row may have. */
interface TableImport {
  table: string;
  columns: Set<string>;
  insert: string;
}

async function tableImport(client: Client, table: string, merge: boolean): Promise<TableImport> {
  const columns = await columnsOf(client, table);
  // The audit log numbers its own rows: imported entries get new numbers, in their order.
  const audit = table === "cms.audit_log";
  const target = audit ? columns.filter((c) => c !== "id") : columns;
  const list = target.map((c) => `"${c}"`).join(", ");
  // Merging: rows whose key exists are kept as they are; audit entries already there (same
  // time, action and item) are not added twice.
  const keep = !merge
    ? ""
    : audit
      ? `WHERE NOT EXISTS (SELECT 1 FROM cms.audit_log a WHERE a.at = r.at AND a.action = r.action AND a.content_id IS NOT DISTINCT FROM r.content_id)`
      : "ON CONFLICT DO NOTHING";
  return {
    table,
    columns: new Set(columns),
    insert: `INSERT INTO ${quoted(table)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${quoted(table)}, $1) r
      ${keep}${audit ? " ORDER BY id" : ""}`,
  };
}

/** Inserts a batch; when the database refuses it, row by row, to name the row it refuses. */
async function insertBatch(
  client: Client,
  into: TableImport,
  batch: Array<{ row: Record<string, unknown>; where: string }>,
): Promise<number> {
  await client.query("SAVEPOINT batch");
  try {
    const result = await client.query(into.insert, [JSON.stringify(batch.map((b) => b.row))]);
    await client.query("RELEASE SAVEPOINT batch");
    return result.rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT batch");
    for (const { row, where } of batch) {
      try {
        await client.query(into.insert, [JSON.stringify([row])]);
      } catch (rowError) {
        throw new ImportError(where, reasonOf(rowError));
      }
    }
    throw new ImportError(`$.tables["${into.table}"]`, reasonOf(error));
  }
}

/**
 * Imports an export in one transaction: all of it, or nothing. Into a database that holds
 * content only with `merge`, which adds the rows the database lacks (by primary key) and keeps
 * the rest as they are. The file is read a line at a time and written in batches of
 * `batchRows` rows, so memory holds a batch whatever the size of the library; a part of the
 * file that is not valid, or a row the database refuses, is reported with its place in the file.
 */
export async function importContent(
  client: Client,
  input: string | Readable,
  options: { merge: boolean; batchRows?: number },
): Promise<Record<string, number>> {
  const batchRows = Math.max(1, options.batchRows ?? IMPORT_BATCH);
  const counts: Record<string, number> = {};
  let begun = false;
  let into: TableImport | null = null;
  let batch: Array<{ row: Record<string, unknown>; where: string }> = [];
  const flush = async () => {
    if (!into || !batch.length) return;
    counts[into.table] = (counts[into.table] ?? 0) + (await insertBatch(client, into, batch));
    batch = [];
  };
  try {
    for await (const part of readExport(input)) {
      if (part.kind === "header") {
        await client.query("BEGIN");
        begun = true;
        if (!options.merge && (await holdsContent(client))) {
          throw new ImportError("database", "it already holds content; import into an empty database, or pass --merge");
        }
      } else if (part.kind === "table") {
        into = await tableImport(client, part.table, options.merge);
      } else if (part.kind === "row") {
        const unknown = Object.keys(part.row).find((k) => !into!.columns.has(k));
        if (unknown) throw new ImportError(part.where, `unknown column "${unknown}"`);
        batch.push(part);
        if (batch.length >= batchRows) await flush();
      } else {
        await flush();
        into = null;
      }
    }
    await client.query("COMMIT");
    return counts;
  } catch (error) {
    if (begun) await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
