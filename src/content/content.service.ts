import { DataSource } from "typeorm";
import { preparedRunner, SqlRunner } from "../db/sql-runner";
import { decodeCursor, encodeCursor, forwardPage, Page, pageLimit, pageSize } from "../common/connection";
import { boundedCount } from "../db/bounded-count";
import { BadUserInputError } from "../common/errors";
import { CONTENT_TYPES, ContentTypeKey, LINKS, LinkDirection, LinkKey } from "./content-types";
import { NodeRow, toNode } from "./content.loaders";
import { ContentSql, SqlParams } from "./content.sql";

/**
 * A WHERE condition over the list's sort row `k` (the default locale's translation, which also
 * carries the filtered document columns) and, when `readsServed`, the served translation, whose
 * alias is `served`: `t`, or `k` itself when the list is asked in the default locale.
 */
export type WhereClause = ((params: SqlParams, sql: ContentSql, served: string) => string) & {
  readsServed?: boolean;
  /** The list key and value whose rows `list_count` keeps (migration ListCounts), when the clause is one. */
  counted?: { filter: string; value: string };
};

export interface ListArgs {
  first?: number | null;
  after?: string | null;
  chain: string[];
  defaultLocale: string;
  where: WhereClause[];
  /**
   * The delivery planner's select list for each item (one JSON value per row, links included)
   * and how to read it back; `chainParam` is the placeholder of the locale chain.
   */
  plan?: (chainParam: string, served: string) => { select: string; decode: (value: unknown) => NodeRow };
}

/** Reads of the live graph shared by every content type. */
export class ContentService {
  readonly sql: ContentSql;
  readonly run: SqlRunner;

  /** `run`: where statements go, when not to `db`'s own pool (replicas, see src/db/replicas.ts). */
  constructor(db: DataSource, run?: SqlRunner) {
    this.sql = new ContentSql(db);
    this.run = run ?? preparedRunner(db);
  }

  /** The document with this slug in one of the chain's locales (the most specific wins). */
  async findBySlug(type: ContentTypeKey, slug: string, chain: string[]): Promise<NodeRow | null> {
    const rows: Record<string, unknown>[] = await this.run(
      `SELECT ${this.sql.nodeColumns(type)}
       FROM ${this.sql.translationTable(type)} s
       JOIN ${this.sql.documentTable(type)} e ON e.id = s.${this.sql.translationOwner(type)}
       ${this.sql.translationJoin(type, "$2", "e", "t", chain.length)}
       WHERE s.slug = $1 AND s.locale = ANY($2::text[])
       ORDER BY array_position($2::text[], s.locale)
       LIMIT 1`,
      [slug, chain],
    );
    return rows.length ? toNode(rows[0], chain) : null;
  }

  /**
   * One page of a list, in the order of the default locale's sort text then id. The keyset
   * condition `(sort, id) > cursor` rides the translation index, so page 50 costs what page 1
   * costs.
   */
  async list(type: ContentTypeKey, args: ListArgs): Promise<Page<NodeRow>> {
    const limit = pageSize(args.first);
    const after = args.after === null || args.after === undefined ? null : decodeCursor(type, args.after);
    const sort = this.sql.sortColumn(type);
    const owner = this.sql.translationOwner(type);

    // Asked in the default locale (the common case), the served translation is the sort row
    // `k` itself: one join, not a join of the table with itself, whose generic plan PostgreSQL
    // would cost higher than planning each page afresh (see pageLimit).
    const served = servesDefault(args) ? "k" : "t";
    const from = (params: SqlParams) => {
      const chain = params.add(args.chain);
      const conditions = args.where.map((c) => c(params, this.sql, served));
      if (served === "k") {
        // A left join: every translation has its document (a foreign key), and PostgreSQL drops
        // a left join to a unique key that nothing reads. A page that asks only for the id and
        // translated fields (the planner reads the id from `k`) then walks one index, and costs
        // the same in a library of any size; one that asks for document fields joins it.
        return {
          chain,
          text: `FROM ${this.sql.translationTable(type)} k LEFT JOIN ${this.sql.documentTable(type)} e ON e.id = k.${owner}`,
          conditions: [`k.locale = (${chain}::text[])[1]`, ...conditions],
        };
      }
      return {
        chain,
        text: `FROM ${this.sql.documentTable(type)} e JOIN ${this.sql.translationTable(type)} k ON k.${owner} = e.id AND k.locale = ${params.add(args.defaultLocale)}
          ${this.sql.translationJoin(type, chain, "e", "t", args.chain.length)}`,
        conditions,
      };
    };

    const params = new SqlParams();
    const base = from(params);
    const conditions = [...base.conditions];
    if (after) conditions.push(`(k.${sort}, k.${owner}) > (${params.add(after.sortKey)}, ${params.add(after.id)}::uuid)`);
    const planned = args.plan?.(base.chain, served);
    const rows: Record<string, unknown>[] = await this.run(
      `SELECT ${planned ? `${planned.select} AS "__node"` : this.sql.nodeColumns(type, "e", served)}, k.${sort} AS "__sortKey"
       ${base.text}
       ${conditions.length ? "WHERE " + conditions.join(" AND ") : ""}
       ORDER BY k.${sort}, k.${owner}
       LIMIT ${pageLimit(limit)}`,
      params.values,
    );

    const hasNextPage = rows.length > limit;
    const edges = rows.slice(0, limit).map(({ __sortKey, ...row }) => {
      const node = planned ? planned.decode(row.__node) : toNode(row, args.chain);
      return { cursor: encodeCursor(type, { sortKey: __sortKey as string, id: node.id }), node };
    });
    return forwardPage(edges, hasNextPage, async () => {
      // The whole list, or one list key's value: the count kept by triggers, exact at any size.
      const kept = args.where.length === 0 ? { filter: "", value: "" } : args.where.length === 1 ? args.where[0].counted : undefined;
      if (kept) {
        const [{ n }] = await this.run<{ n: number }>(
          `SELECT coalesce(sum(c.n), 0)::int AS n FROM ${this.sql.listCountTable(type)} c
           WHERE c.list = $1 AND c.locale = $2 AND c.filter = $3 AND c.value = $4`,
          [this.sql.listName(type), args.defaultLocale, kept.filter, kept.value],
        );
        return { count: n, exact: true };
      }
      const countParams = new SqlParams();
      if (args.where.some((c) => c.readsServed)) {
        const countFrom = from(countParams);
        const filtered = `SELECT 1 ${countFrom.text}
           ${countFrom.conditions.length ? "WHERE " + countFrom.conditions.join(" AND ") : ""}`;
        return boundedCount(this.run, filtered, countParams);
      }
      // A filter by a linked item, alone or with the list's field filter: a count of the sort
      // rows alone, each of which has its document (a foreign key) and a served translation,
      // since every locale chain ends with the default locale. It reads the linked item's links.
      const defaultLocale = countParams.add(args.defaultLocale);
      const conditions = args.where.map((c) => c(countParams, this.sql, "k"));
      const filtered = `SELECT 1 FROM ${this.sql.translationTable(type)} k
         WHERE ${[`k.locale = ${defaultLocale}`, ...conditions].join(" AND ")}`;
      return boundedCount(this.run, filtered, countParams);
    });
  }
}

/** Whether the locale chain is the default locale alone: the served translation is the sort row. */
const servesDefault = (args: ListArgs) => args.chain.length === 1 && args.chain[0] === args.defaultLocale;

/** Filter helpers: each returns a WHERE condition for `ContentService.list`. */
export const where = {
  /**
   * The served text's sort field contains `text`, case-insensitively. The served translation
   * is chosen per row along the locale chain, which no index can see: the `IN` pre-filter
   * (any translation matches) lets the planner start from the trigram index, and the condition
   * on the served translation keeps the result exact.
   */
  nameContains(type: ContentTypeKey, text: string): WhereClause {
    if (text.length > 200) throw new BadUserInputError("`nameContains` may be at most 200 characters.", "filter.nameContains");
    const pattern = "%" + text.replace(/[\\%_]/g, (c) => "\\" + c) + "%";
    const clause: WhereClause = (p, sql, served) => {
      const value = p.add(pattern);
      const sort = sql.sortColumn(type);
      const owner = sql.translationOwner(type);
      return `k.${owner} IN (SELECT n.${owner} FROM ${sql.translationTable(type)} n WHERE n.${sort} ILIKE ${value})
        AND ${served}.${sort} ILIKE ${value}`;
    };
    clause.readsServed = true;
    return clause;
  },

  /**
   * A document column equals a value, e.g. `category = 'SURGICAL'`. Matched on the list's
   * sort row `k`, which carries a copy of the column (migration ListKeys): one index there
   * holds the filter and the order, so a page walks it and stops.
   */
  equals(column: string, value: string): WhereClause {
    const clause: WhereClause = (p) => `k.${JSON.stringify(column)} = ${p.add(value)}`;
    clause.counted = { filter: column, value };
    return clause;
  },

  /**
   * A text-array document column contains a value, e.g. a body region; on the sort row `k`'s
   * copy, which the keyset index includes, so the order is walked without reading rows.
   */
  arrayContains(column: string, value: string): WhereClause {
    const clause: WhereClause = (p) => `${p.add(value)} = ANY(k.${JSON.stringify(column)})`;
    clause.counted = { filter: column, value };
    return clause;
  },

  /**
   * The document is linked to an item with this slug (in any locale). `direction` is seen from
   * the listed document: `out` when it owns the link (conditions by symptom). Matched on the
   * sort row's owner column, so that a count needs no other table.
   */
  linkedTo(key: LinkKey, direction: LinkDirection, slug: string): WhereClause {
    return (p, sql) => {
      const link = sql.link(key);
      const [listed, far] = direction === "out" ? [LINKS[key].source, LINKS[key].target] : [LINKS[key].target, LINKS[key].source];
      const [near, farColumn] = direction === "out" ? [link.source, link.target] : [link.target, link.source];
      return `EXISTS (
        SELECT 1 FROM ${link.table} l
        JOIN ${sql.translationTable(far)} s ON s.${sql.translationOwner(far)} = l.${farColumn}
        WHERE l.${near} = k.${sql.translationOwner(listed)} AND s.slug = ${p.add(slug)})`;
    };
  },
};

export const contentTypeNames = Object.keys(CONTENT_TYPES);
