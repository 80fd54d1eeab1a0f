import { Writable } from "node:stream";
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

interface ExportFile {
  format: string;
  version: number;
  schema: string;
  tables: Record<string, Array<Record<string, unknown>>>;
}

/** Line of each row in a file laid out as exportContent writes it (1-based), by table. */
function rowLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  let current: number[] | null = null;
  text.split("\n").forEach((line, i) => {
    const table = /^\s*"([a-z_]+\.[a-z_]+)": \[/.exec(line);
    if (table) lines.set(table[1], (current = []));
    else if (current && /^\s*\{/.test(line)) current.push(i + 1);
    else if (/^\s*\]/.test(line)) current = null;
  });
  return lines;
}

/** Parses and checks the file's shape; npm's banner lines before the JSON are skipped. */
export function parseExport(text: string): { file: ExportFile; where: (table: string, index: number) => string } {
  const start = text.search(/^\{/m);
  const banner = start < 0 ? text : text.slice(0, start);
  if (start < 0 || banner.split("\n").some((line) => line.trim() && !line.startsWith(">"))) {
    throw new ImportError("line 1", "not a content export (it does not start with a JSON object)");
  }
  let file: ExportFile;
  try {
    file = JSON.parse(text.slice(start)) as ExportFile;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, start + Number(position[1])).split("\n").length : undefined;
    throw new ImportError(line ? `line ${line}` : "file", `invalid JSON: ${message}`);
  }
  if (file?.format !== EXPORT_FORMAT) throw new ImportError("$.format", `expected "${EXPORT_FORMAT}"`);
  if (file.version !== EXPORT_VERSION)
    throw new ImportError("$.version", `expected ${EXPORT_VERSION}, got ${JSON.stringify(file.version)}`);
  if (file.schema !== schemaVersion()) {
    throw new ImportError("$.schema", `written by schema version ${JSON.stringify(file.schema)}; this build is at ${schemaVersion()}`);
  }
  if (!file.tables || typeof file.tables !== "object" || Array.isArray(file.tables))
    throw new ImportError("$.tables", "expected an object");
  const known = new Set(contentTables());
  const lines = rowLines(text);
  const where = (table: string, index: number) => {
    const line = lines.get(table)?.[index];
    return `$.tables["${table}"][${index}]${line ? ` (line ${line})` : ""}`;
  };
  for (const [table, rows] of Object.entries(file.tables)) {
    if (!known.has(table)) throw new ImportError(`$.tables["${table}"]`, "not a content table");
    if (!Array.isArray(rows)) throw new ImportError(`$.tables["${table}"]`, "expected an array of rows");
    rows.forEach((row, i) => {
      if (!row || typeof row !== "object" || Array.isArray(row)) throw new ImportError(where(table, i), "expected an object");
    });
  }
  return { file, where };
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

/**
 * Imports a parsed export in one transaction: all of it, or nothing. Into a database that
 * holds content only with `merge`, which adds the rows the database lacks (by primary key) and
 * keeps the rest as they are. A row the database refuses is reported with its place in the file.
 */
export async function importContent(client: Client, text: string, options: { merge: boolean }): Promise<Record<string, number>> {
  const { file, where } = parseExport(text);
  const counts: Record<string, number> = {};
  await client.query("BEGIN");
  try {
    if (!options.merge && (await holdsContent(client))) {
      throw new ImportError("database", "it already holds content; import into an empty database, or pass --merge");
    }
    for (const table of contentTables()) {
      const rows = file.tables[table] ?? [];
      if (!rows.length) continue;
      const columns = await columnsOf(client, table);
      const allowed = new Set(columns);
      rows.forEach((row, i) => {
        const unknown = Object.keys(row).find((k) => !allowed.has(k));
        if (unknown) throw new ImportError(where(table, i), `unknown column "${unknown}"`);
      });
      // The audit log numbers its own rows: imported entries get new numbers, in their order.
      const target = table === "cms.audit_log" ? columns.filter((c) => c !== "id") : columns;
      const list = target.map((c) => `"${c}"`).join(", ");
      const audit = table === "cms.audit_log";
      // Merging: rows whose key exists are kept as they are; audit entries already there (same
      // time, action and item) are not added twice.
      const keep = !options.merge
        ? ""
        : audit
          ? `WHERE NOT EXISTS (SELECT 1 FROM cms.audit_log a WHERE a.at = r.at AND a.action = r.action AND a.content_id IS NOT DISTINCT FROM r.content_id)`
          : "ON CONFLICT DO NOTHING";
      const insert = `INSERT INTO ${quoted(table)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${quoted(table)}, $1) r
        ${keep}${audit ? " ORDER BY id" : ""}`;
      await client.query("SAVEPOINT rows");
      try {
        const result = await client.query(insert, [JSON.stringify(rows)]);
        counts[table] = result.rowCount ?? 0;
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT rows");
        // Row by row, to name the one that the database refuses.
        for (const [i, row] of rows.entries()) {
          try {
            await client.query(insert, [JSON.stringify([row])]);
          } catch (rowError) {
            throw new ImportError(where(table, i), reasonOf(rowError));
          }
        }
        throw new ImportError(`$.tables["${table}"]`, reasonOf(error));
      }
    }
    await client.query("COMMIT");
    return counts;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
