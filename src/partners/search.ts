import { BadUserInputError } from "../common/errors";
import { ContentService } from "../content/content.service";
import { DEFINITIONS, definitionOf } from "../model/registry";
import { namesSql, snippetSql, vectorSql } from "./search-sql";

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** Results a client may page through: deep pages of a ranked list are not worth their cost. */
export const MAX_RESULTS = 1000;
/**
 * A hit found by its name's trigrams only ("sciatca") ranks by its similarity times this, so
 * below any real full-text match of the same type.
 */
const TYPO_WEIGHT = 0.05;

// Private-use characters as highlight markers: escaped text cannot contain a tag of its own.
const START = "\uE000";
const STOP = "\uE001";
const HEADLINE = `StartSel="${START}", StopSel="${STOP}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

export interface SearchArgs {
  query: string;
  /** Content type keys; all when absent. */
  types?: string[] | null;
  chain: string[];
  limit: number;
  offset: number;
}

export interface SearchRow {
  type: string;
  id: string;
  locale: string;
  rank: number;
  snippet: string;
}

/** The query as the search runs it, or BAD_USER_INPUT. */
export function checkQuery(query: string): string {
  const q = query.replace(/\s+/g, " ").trim();
  if (!q) throw new BadUserInputError("`query` must not be empty.", "query");
  if (q.length > MAX_QUERY_LENGTH) throw new BadUserInputError(`\`query\` may be at most ${MAX_QUERY_LENGTH} characters.`, "query");
  return q;
}

/** A headline as safe HTML: all text escaped, the matched words in `<mark>` and nothing else. */
export function snippetHtml(headline: string | null): string {
  const escaped = (headline ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
  return escaped.replace(new RegExp(`${START}([^${START}${STOP}]*)${STOP}`, "g"), "<mark>$1</mark>").replace(/[\uE000\uE001]/g, "");
}

/**
 * Ranked full-text search over the translation tables the service reads (live for delivery),
 * in one statement: websearch syntax, weights A (name) > B (other names) > C (summary) > D
 * (body), each locale of the chain with its own language, plus typo tolerance on the names.
 * A document matching in several locales counts once, with its best rank.
 */
export async function searchContent(content: ContentService, args: SearchArgs): Promise<{ rows: SearchRow[]; total: number }> {
  const types = args.types?.length ? args.types.map(definitionOf) : DEFINITIONS;
  const values: unknown[] = [args.query, args.chain];
  const param = (value: unknown) => `$${values.push(value)}`;
  const locales = args.chain.map((l) => param(l));
  const matches = types.map((d) => {
    // Live rows store their vector (the same expression, as a generated column).
    const vector = content.sql.storesSearchVector(d.key) ? "t.search_vector" : vectorSql(d, "t.");
    const names = namesSql(d, "t.");
    // One branch per locale, so that each compares with an index expression and a constant query.
    const text = locales.map((l) => `(t.locale = ${l} AND ${vector} @@ websearch_to_tsquery(live.search_config(${l}), $1::text))`);
    const query = `websearch_to_tsquery(live.search_config(t.locale), $1::text)`;
    return `SELECT '${d.key}' AS type, t.${content.sql.translationOwner(d.key)} AS id, t.locale,
        (CASE WHEN ${vector} @@ ${query} THEN ts_rank(${vector}, ${query})
              ELSE ${TYPO_WEIGHT} * public.word_similarity($1::text, ${names}) END) * ${d.searchBoost ?? 1} AS rank
      FROM ${content.sql.translationTable(d.key)} t
      WHERE t.locale = ANY($2::text[]) AND (${text.join(" OR ")} OR (${names}) OPERATOR(public.%>) $1::text)`;
  });
  const snippets = types.map(
    (d) => `WHEN '${d.key}' THEN (SELECT ts_headline(live.search_config(x.locale), ${snippetSql(d, "x.")},
        websearch_to_tsquery(live.search_config(x.locale), $1::text), ${param(HEADLINE)})
      FROM ${content.sql.translationTable(d.key)} x
      WHERE x.${content.sql.translationOwner(d.key)} = page.id AND x.locale = page.locale)`,
  );
  const rows = await content.run<SearchRow & { total: number }>(
    `WITH matches AS (${matches.join("\nUNION ALL\n")}),
     best AS (SELECT DISTINCT ON (type, id) type, id, locale, rank FROM matches ORDER BY type, id, rank DESC),
     page AS (SELECT best.*, count(*) OVER () AS total FROM best ORDER BY rank DESC, type, id
              LIMIT ${param(args.limit)} OFFSET ${param(args.offset)})
     SELECT page.type, page.id, page.locale, page.rank::float8 AS rank, page.total::int AS total,
       CASE page.type ${snippets.join("\n")} END AS snippet
     FROM page ORDER BY page.rank DESC, page.type, page.id`,
    values,
    // Planned for the values, the tables of a small library are scanned whole, with the typo
    // match run on every row (30 to 40 ms at 10,000 conditions); the generic plan reads the
    // full-text and trigram indexes of every size (about 2 ms).
    "generic",
  );
  return {
    rows: rows.map(({ total: _total, snippet, ...row }) => ({ ...row, snippet: snippetHtml(snippet) })),
    total: rows[0]?.total ?? 0,
  };
}
