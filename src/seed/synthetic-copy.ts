import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** A column value: a string array is a PostgreSQL array; give jsonb as its JSON text. */
export type CopyValue = string | number | boolean | null | string[];

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const escapeText = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]);

/** An array literal, e.g. `{"lower-back","calf"}`. */
function arrayLiteral(values: string[]): string {
  return "{" + values.map((v) => `"${v.replace(/["\\]/g, (c) => "\\" + c)}"`).join(",") + "}";
}

function field(value: CopyValue): string {
  if (value === null) return "\\N";
  if (Array.isArray(value)) return escapeText(arrayLiteral(value));
  return escapeText(String(value));
}

/**
 * Streams rows into `table` with COPY ... FROM STDIN (text format), in chunks, so millions of
 * rows go in a few seconds without holding them in memory. `onRows` hears each chunk's size.
 */
export async function copyRows(
  client: Client,
  table: string,
  columns: string[],
  rows: Iterable<CopyValue[]>,
  onRows: (n: number) => void = () => undefined,
): Promise<void> {
  const chunks = function* () {
    let buffer: string[] = [];
    for (const row of rows) {
      buffer.push(row.map(field).join("\t") + "\n");
      if (buffer.length === 2000) {
        onRows(buffer.length);
        yield buffer.join("");
        buffer = [];
      }
    }
    if (buffer.length) {
      onRows(buffer.length);
      yield buffer.join("");
    }
  };
  const sink = client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks()), sink);
}
