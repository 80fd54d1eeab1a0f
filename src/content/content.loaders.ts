import DataLoader from "dataloader";
import { SqlRunner } from "../db/sql-runner";
import { ContentTypeKey, LinkDirection, LinkKey } from "./content-types";
import { ContentSql } from "./content.sql";
import { reviewStatusOf } from "./content.type";

/** A content item as served: document and translation fields, plus the chain it was read with. */
export interface NodeRow {
  id: string;
  locale: string;
  slug: string;
  /** The locale chain of the request that loaded it; nested lookups reuse it. Not in the API. */
  chain: string[];
  [field: string]: unknown;
}

export interface LinkRow {
  node: NodeRow;
  order: number;
  note: string | null;
  [attribute: string]: unknown;
}

export function toNode(row: Record<string, unknown>, chain: string[]): NodeRow {
  const reviewStatus = reviewStatusOf(row.lastReviewedAt as Date | null, row.nextReviewDueAt as Date | null);
  return { ...row, reviewStatus, chain } as unknown as NodeRow;
}

/**
 * DataLoaders for one request. Each (type or link, direction, locale chain) gets one batch
 * function issuing one statement per batch, so a condition page costs the same number of
 * statements whether it links 2 items or 200.
 */
export class ContentLoaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(
    private readonly run: SqlRunner,
    private readonly sql: ContentSql,
  ) {}

  private memo<V>(key: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.loaders.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader);
    }
    return loader;
  }

  node(type: ContentTypeKey, chain: string[]): DataLoader<string, NodeRow | null> {
    return this.memo(`node:${type}:${chain.join(",")}`, async (ids) => {
      const rows: Record<string, unknown>[] = await this.run(
        `SELECT ${this.sql.nodeColumns(type)}
         FROM ${this.sql.documentTable(type)} e
         ${this.sql.translationJoin(type, "$2", "e", "t", chain.length)}
         WHERE e.id = ANY($1::uuid[])`,
        [ids, chain],
      );
      const byId = new Map(rows.map((r) => [r.id as string, toNode(r, chain)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /**
   * The linked items of many documents at once, with the link's attributes. The far end is
   * joined against its live table, so a link to an unpublished item is simply absent.
   */
  links(key: LinkKey, direction: LinkDirection, chain: string[]): DataLoader<string, LinkRow[]> {
    return this.memo(`link:${key}:${direction}:${chain.join(",")}`, async (ids) => {
      const link = this.sql.link(key);
      const far = ContentSql.farType(key, direction);
      const [near, farColumn] = direction === "out" ? [link.source, link.target] : [link.target, link.source];
      const attributes = link.attributes.map((a) => `l.${a.column} AS ${JSON.stringify("link." + a.property)}`);
      // Outgoing links keep the editor's order; reverse lookups read best in the far side's order.
      const order = direction === "out" ? `l.position, t.${this.sql.sortColumn(far)}` : `t.${this.sql.sortColumn(far)}, e.id`;
      const rows: Record<string, unknown>[] = await this.run(
        `SELECT l.${near} AS "link.key", ${attributes.join(", ")}, ${this.sql.nodeColumns(far)}
         FROM ${link.table} l
         JOIN ${this.sql.documentTable(far)} e ON e.id = l.${farColumn}
         ${this.sql.translationJoin(far, "$2", "e", "t", chain.length)}
         WHERE l.${near} = ANY($1::uuid[])
         ORDER BY ${order}`,
        [ids, chain],
      );
      const grouped = new Map<string, LinkRow[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        const node: Record<string, unknown> = {};
        const attrs: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(row)) {
          if (name.startsWith("link.")) attrs[name.slice(5)] = value;
          else node[name] = value;
        }
        const { key: nearId, position, ...rest } = attrs;
        grouped.get(nearId as string)?.push({
          ...rest,
          order: position as number,
          note: (rest.note as string) ?? null,
          evidence: rest.evidence ?? null,
          node: toNode(node, chain),
        });
      }
      return ids.map((id) => grouped.get(id) ?? []);
    });
  }
}
