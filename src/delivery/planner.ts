import { FieldNode, GraphQLResolveInfo } from "graphql";
import { types } from "pg";
import { LinkRow, NodeRow } from "../content/content.loaders";
import { reviewStatusOf } from "../content/content.type";
import { ContentService } from "../content/content.service";
import { ContentSql } from "../content/content.sql";
import { LinkInfo } from "../model/registry";
import { connectionSelectionOf, NodeSelection, selectionOf, SelectionSource, usesDirectives } from "./selection";

/**
 * The delivery read path in one statement: an item query's whole selection (the item, its
 * links, their items and their links, ...) becomes one SQL statement that builds the answer
 * as JSON (json_agg over correlated subqueries, links in the editors' order, each item's text
 * along the locale chain), the way PostGraphile and Hasura plan a request. The pre-shaped
 * item carries its links (`PREFETCHED`); the field resolvers serve them and fall back to the
 * per-request DataLoaders for anything not planned, so correctness never rests on the planner.
 */

/** Links fetched with an item, keyed `<link key>:<direction>`. */
export const PREFETCHED = Symbol("prefetched links");

export type PlannedNode = NodeRow & { [PREFETCHED]?: Record<string, LinkRow[]> };

let enabled = process.env.DELIVERY_PLANNER !== "off";
/** DELIVERY_PLANNER=off serves through the DataLoaders alone (tests compare both paths). */
export function setPlannerEnabled(on: boolean): void {
  enabled = on;
}
export function plannerEnabled(): boolean {
  return enabled;
}

/** How to read one item's JSON array back: its columns, then one list per planned link. */
interface NodePlan {
  columns: Array<{ property: string; timestamp: boolean }>;
  links: Array<{ key: string; link: LinkInfo; direction: "out" | "in"; attributes: string[]; node: NodePlan }>;
  /** More values than json_build_array takes (100): packed as arrays of arrays. */
  chunked: boolean;
  /** Every column was fetched: the item may be handed to any resolver (and primed in loaders). */
  full: boolean;
}

/** One item's JSON expression over the document `e` and translation `t`, and how to read it. */
export interface NodeJson {
  sql: string;
  plan: NodePlan;
}

const MAX_ARGS = 100;
const parseTimestamp = types.getTypeParser(1184, "text") as (value: string) => Date;

/** json_build_array of `parts`; past 100 arguments (PostgreSQL's limit) an array of arrays, read back with flat(). */
export function pack(parts: string[]): { sql: string; chunked: boolean } {
  if (parts.length <= MAX_ARGS) return { sql: `json_build_array(${parts.join(", ")})`, chunked: false };
  const chunks: string[] = [];
  for (let i = 0; i < parts.length; i += MAX_ARGS) chunks.push(`json_build_array(${parts.slice(i, i + MAX_ARGS).join(", ")})`);
  return { sql: `json_build_array(${chunks.join(", ")})`, chunked: true };
}

class SqlBuilder {
  private aliases = 0;

  constructor(
    private readonly sql: ContentSql,
    private readonly chainParam: string,
    private readonly chainLength: number,
  ) {}

  /**
   * The JSON array of one item read from document `e` and translation `t`; its id is read from
   * `id` (by default `e.id`), so that an item whose other fields are all on `t` needs no `e`.
   */
  node(selection: NodeSelection, e: string, t: string, id = `${e}.id`): NodeJson {
    const all = this.sql.nodeColumnList(selection.type);
    const columns = selection.full ? all : all.filter((c) => selection.columns.has(c.property));
    const parts = columns.map((c) =>
      c.on === "e" && c.column === '"id"' ? id : `${c.on === "e" ? e : t}.${c.column}${c.timestamp ? "::text" : ""}`,
    );
    const links: NodePlan["links"] = [];
    for (const [key, link] of selection.links) {
      if (!link.planned) continue;
      const sub = this.links(link.link, link.direction, link.node, link.attributes, id);
      parts.push(sub.sql);
      links.push({ key, link: link.link, direction: link.direction, attributes: sub.attributes, node: sub.plan });
    }
    const packed = pack(parts);
    return {
      sql: packed.sql,
      plan: {
        columns: columns.map((c) => ({ property: c.property, timestamp: c.timestamp })),
        links,
        chunked: packed.chunked,
        full: selection.full || columns.length === all.length,
      },
    };
  }

  /**
   * A JSON list of `[attributes..., item]` of the links of the item `near`, in the loaders' order.
   * Only the link columns the selection reads are fetched: evidence, the largest, mostly is not.
   */
  private links(link: LinkInfo, direction: "out" | "in", selection: NodeSelection, wanted: Set<string>, parentId: string) {
    const n = ++this.aliases;
    const [l, e, t] = [`l${n}`, `e${n}`, `t${n}`];
    const columns = this.sql.link(link.key);
    const attributes = columns.attributes.filter((a) => wanted.has(a.property));
    const far = ContentSql.farType(link.key, direction);
    const [near, farColumn] = direction === "out" ? [columns.source, columns.target] : [columns.target, columns.source];
    const node = this.node(selection, e, t);
    const item = `json_build_array(${[...attributes.map((a) => `${l}.${a.column}`), node.sql].join(", ")})`;
    const sort = `${t}.${this.sql.sortColumn(far)}`;
    const order = direction === "out" ? `${l}."position", ${sort}` : `${sort}, ${e}.id`;
    return {
      sql: `(SELECT coalesce(json_agg(${item} ORDER BY ${order}), '[]'::json)
        FROM ${columns.table} ${l}
        JOIN ${this.sql.documentTable(far)} ${e} ON ${e}.id = ${l}.${farColumn}
        ${this.sql.translationJoin(far, this.chainParam, e, t, this.chainLength)}
        WHERE ${l}.${near} = ${parentId})`,
      attributes: attributes.map((a) => a.property),
      plan: node.plan,
    };
  }
}

/** The statement for `condition(slug)` and its kind: slug `$1`, locale chain `$2`, as findBySlug. */
function itemStatement(content: ContentService, type: string, node: NodeJson, chainLength: number): string {
  const sql = content.sql;
  return `SELECT ${node.sql} AS n
    FROM ${sql.translationTable(type)} s
    JOIN ${sql.documentTable(type)} e ON e.id = s.${sql.translationOwner(type)}
    ${sql.translationJoin(type, "$2", "e", "t", chainLength)}
    WHERE s.slug = $1 AND s.locale = ANY($2::text[])
    ORDER BY array_position($2::text[], s.locale)
    LIMIT 1`;
}

function decodeNode(plan: NodePlan, value: unknown[], chain: string[]): PlannedNode {
  const values = plan.chunked ? value.flat() : value;
  const row: Record<string, unknown> = {};
  const columns = plan.columns;
  for (let i = 0; i < columns.length; i++) {
    const v = values[i];
    row[columns[i].property] = columns[i].timestamp && typeof v === "string" ? parseTimestamp(v) : v;
  }
  // As toNode, without copying the row.
  row.reviewStatus = reviewStatusOf(row.lastReviewedAt as Date | null | undefined, row.nextReviewDueAt as Date | null | undefined);
  row.chain = chain;
  const node = row as PlannedNode;
  if (plan.links.length) {
    const prefetched: Record<string, LinkRow[]> = {};
    for (let j = 0; j < plan.links.length; j++) {
      const lp = plan.links[j];
      const list = values[columns.length + j] as unknown[][];
      prefetched[lp.key] = list.map((item) => decodeLink(lp, item, chain));
    }
    node[PREFETCHED] = prefetched;
  }
  return node;
}

function decodeLink(lp: NodePlan["links"][number], item: unknown[], chain: string[]): LinkRow {
  const node = decodeNode(lp.node, item[lp.attributes.length] as unknown[], chain);
  // The loaders' shape: `position` served as `order`, note and evidence null when absent.
  const row: LinkRow = { order: 0, note: null, evidence: null, node };
  for (let i = 0; i < lp.attributes.length; i++) {
    const name = lp.attributes[i];
    const value = item[i];
    if (name === "position") row.order = value as number;
    else row[name] = value ?? (name === "note" || name === "evidence" ? null : value);
  }
  // Link objects expose the item under the target's key (`treatmentLinks { treatment }`).
  if (lp.direction === "out") row[lp.link.target] = node;
  return row;
}

/** Plans are kept per parsed document (Apollo reuses it for a repeated query) and shape. */
const plans = new WeakMap<ContentSql, WeakMap<FieldNode, Map<string, { node: NodeJson; text?: string }>>>();
const MAX_PLANS_PER_FIELD = 16;
/** Whether a field's selection has `@skip`/`@include` anywhere: then its plan depends on the variables. */
const withDirectives = new WeakMap<FieldNode, boolean>();

/**
 * The JSON expression of what the field being resolved asks of each item (`select` reads the
 * selection: an item's, or a list's nodes). The locale chain is the statement's `chainParam`.
 */
function planFor(
  sql: ContentSql,
  info: SelectionSource,
  select: (source: SelectionSource) => NodeSelection,
  chainParam: string,
  chainLength: number,
  served = "t",
): { node: NodeJson; text?: string } {
  let byField = plans.get(sql);
  if (!byField) plans.set(sql, (byField = new WeakMap()));
  let byShape = byField.get(info.fieldNodes[0]);
  if (!byShape) byField.set(info.fieldNodes[0], (byShape = new Map<string, { node: NodeJson; text?: string }>()));
  let directives = withDirectives.get(info.fieldNodes[0]);
  if (directives === undefined) withDirectives.set(info.fieldNodes[0], (directives = usesDirectives(info)));
  const variables = directives ? JSON.stringify(info.variableValues) : "";
  const key = `${info.fieldNodes.length}:${chainParam}:${chainLength > 1}:${served}:${variables}`;
  let plan = byShape.get(key);
  if (!plan) {
    const selection = select(info);
    // Served from the sort row `k`, a list page reads the id there too: see ContentService.list.
    const id = served === "k" ? `k.${sql.translationOwner(selection.type)}` : undefined;
    plan = { node: new SqlBuilder(sql, chainParam, chainLength).node(selection, "e", served, id) };
    if (byShape.size < MAX_PLANS_PER_FIELD) byShape.set(key, plan);
  }
  return plan;
}

/** The item with this slug and everything the selection asks of it, in one statement. */
export async function planItem(
  content: ContentService,
  type: string,
  info: SelectionSource,
  slug: string,
  chain: string[],
): Promise<{ node: PlannedNode | null; full: boolean }> {
  const plan = planFor(content.sql, info, (source) => selectionOf(type, source), "$2", chain.length);
  plan.text ??= itemStatement(content, type, plan.node, chain.length);
  const rows = await content.run<{ n: unknown[] }>(plan.text, [slug, chain]);
  return { node: rows.length ? decodeNode(plan.node.plan, rows[0].n, chain) : null, full: plan.node.plan.full };
}

/**
 * What a list page selects per item, for `ContentService.list`: the item as JSON (chain as
 * `chainParam`, the page's first parameter; its served translation as `served`), read back
 * with its pre-fetched links.
 */
export function planListItems(
  content: ContentService,
  type: string,
  info: GraphQLResolveInfo,
  chainParam: string,
  chain: string[],
  served = "t",
): { select: string; decode: (value: unknown) => PlannedNode } {
  const { node } = planFor(content.sql, info, (source) => connectionSelectionOf(type, source), chainParam, chain.length, served);
  return { select: node.sql, decode: (value) => decodeNode(node.plan, value as unknown[], chain) };
}

/** The links of `parent` fetched with it, when the planner fetched them. */
export function prefetchedLinks(parent: NodeRow, key: string, direction: "out" | "in"): LinkRow[] | undefined {
  return (parent as PlannedNode)[PREFETCHED]?.[`${key}:${direction}`];
}
