import { ContentTypeDefinition, FieldDefinition } from "../model/definition";
import { columnOf } from "../model/registry";

/**
 * The full-text SQL of a content type, derived from its definition: which localized fields are
 * searched, with which weight, and which text a snippet is cut from. The migration that adds a
 * type's search indexes uses the same expressions (a test checks that every type's search uses
 * its indexes), so a new type is searchable with its definition and an index in its migration.
 */

type Weight = "A" | "B" | "C" | "D";
const WEIGHTS: Weight[] = ["A", "B", "C", "D"];

const searchable = (f: FieldDefinition) => f.localized && (f.kind === "text" || f.kind === "markdown" || f.kind === "textList");

/** The type's searched fields by weight: the sort field is A, others as declared (D by default). */
export function searchFields(d: ContentTypeDefinition): Record<Weight, Array<[string, FieldDefinition]>> {
  const byWeight: Record<Weight, Array<[string, FieldDefinition]>> = { A: [], B: [], C: [], D: [] };
  for (const [name, field] of Object.entries(d.fields)) {
    if (!searchable(field)) continue;
    byWeight[name === d.sortField ? "A" : (field.searchWeight ?? "D")].push([name, field]);
  }
  return byWeight;
}

/** One field as text: `coalesce(t.summary, '')`, lists joined by `live.search_text`. */
function fieldText(name: string, field: FieldDefinition, alias: string): string {
  const column = `${alias}${columnOf(name)}`;
  return field.kind === "textList" ? `live.search_text(${column})` : `coalesce(${column}, '')`;
}

function joined(fields: Array<[string, FieldDefinition]>, alias: string): string {
  return fields.map(([name, field]) => fieldText(name, field, alias)).join(` || ' ' || `);
}

/** The weighted tsvector of a translation row; `alias` is e.g. `t.` (empty in index definitions). */
export function vectorSql(d: ContentTypeDefinition, alias = ""): string {
  const fields = searchFields(d);
  return WEIGHTS.filter((w) => fields[w].length)
    .map((w) => `setweight(to_tsvector(live.search_config(${alias}locale), ${joined(fields[w], alias)}), '${w}')`)
    .join(" || ");
}

/** Names and other names (weights A and B), matched with pg_trgm for typo tolerance. */
export function namesSql(d: ContentTypeDefinition, alias = ""): string {
  const fields = searchFields(d);
  return joined([...fields.A, ...fields.B], alias);
}

/** The text a snippet is cut from: every searched field, names first; ts_headline picks the fragments that match. */
export function snippetSql(d: ContentTypeDefinition, alias = ""): string {
  const fields = searchFields(d);
  return joined([...fields.A, ...fields.B, ...fields.C, ...fields.D], alias);
}

/** The indexes a type's migration creates on its live translation table. */
export function searchIndexSql(d: ContentTypeDefinition, schema = "live"): string[] {
  const table = `${schema}.${d.table}_translation`;
  return [
    `CREATE INDEX ${d.table}_translation_search ON ${table} USING gin ((${vectorSql(d)}))`,
    `CREATE INDEX ${d.table}_translation_names_trgm ON ${table} USING gin ((${namesSql(d)}) public.gin_trgm_ops)`,
  ];
}
