import { DataSource, EntityMetadata } from "typeorm";
import { decodeCursor, encodeCursor, forwardPage, Page, pageLimit, pageSize } from "../common/connection";
import { boundedCount } from "../db/bounded-count";
import { BadUserInputError } from "../common/errors";
import { CONTENT_TYPES, ContentTypeKey, LINKS } from "../content/content-types";
import { SqlParams } from "../content/content.sql";
import { preparedRunner, SqlRunner } from "../db/sql-runner";
import { LINK_BY_KEY } from "../model/registry";
import { LinkValue, ownedLinks, Snapshot } from "./content-store";
import { EditorialView } from "./operations/types";
import { CONTENT_ACTIONS } from "./workflow";

/** The orders a work list can be read in; each is a keyset on (sort key, id). */
export type WorkListOrder = "UPDATED_DESC" | "REVIEW_DUE_ASC" | "PUBLISHED_DESC";

const ORDERS: Record<WorkListOrder, { key: string; direction: "ASC" | "DESC" }> = {
  UPDATED_DESC: { key: "e.updated_at", direction: "DESC" },
  // Items without a date sort last, so the keyset never meets a NULL.
  REVIEW_DUE_ASC: { key: "coalesce(e.next_review_due_at, 'infinity'::timestamptz)", direction: "ASC" },
  PUBLISHED_DESC: { key: "coalesce(e.published_at, '-infinity'::timestamptz)", direction: "DESC" },
};

export interface WorkListFilter {
  types?: ContentTypeKey[] | null;
  statuses?: string[] | null;
  nameContains?: string | null;
  createdBy?: string | null;
  updatedBy?: string | null;
  /** Created by the reader. */
  mine?: boolean | null;
  /** In review, and the latest content change is not the reader's (four eyes). */
  awaitingMyReview?: boolean | null;
  reviewDueBefore?: Date | null;
  /** Whether a published copy is live. */
  live?: boolean | null;
}

export interface WorkListArgs {
  filter: WorkListFilter;
  first?: number | null;
  after?: string | null;
  order: WorkListOrder;
  locale: string;
  /** Who reads: `mine` and `awaitingMyReview` are about them. */
  reader?: { id: string | null; email: string };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** timestamptz as PostgreSQL prints it (a cursor's sort key), or ±infinity. */
const SORT_KEY = /^(-?infinity|\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2})$/;

/**
 * Editorial work lists: drafts of any content types, filtered by status, name, author, four
 * eyes and review date, one keyset page in one statement (plus one for `totalCount` when asked).
 * The SQL is derived from the content definitions: a UNION ALL over the draft tables of the
 * chosen types, so a new content type is listed without code here.
 */
export class WorkLists {
  private readonly run: SqlRunner;

  constructor(private readonly db: DataSource) {
    this.run = preparedRunner(db);
  }

  private meta(entity: Function): EntityMetadata {
    return this.db.getMetadata(entity);
  }

  private table(entity: Function, schema?: string): string {
    const m = this.meta(entity);
    return `${quote(schema ?? m.schema ?? "draft")}.${quote(m.tableName)}`;
  }

  private column(entity: Function, property: string): string {
    const c = this.meta(entity).findColumnWithPropertyName(property);
    if (!c) throw new Error(`${this.meta(entity).name} has no column ${property}`);
    return quote(c.databaseName);
  }

  private owner(type: ContentTypeKey): string {
    const m = this.meta(CONTENT_TYPES[type].translation);
    return quote(m.primaryColumns.find((c) => c.propertyName !== "locale")!.databaseName);
  }

  /** Checks the filter; BAD_USER_INPUT names the offending field. */
  static check(filter: WorkListFilter): void {
    if (filter.types && filter.types.length === 0) {
      throw new BadUserInputError("`types` must name at least one content type; leave it out for all.", "filter.types");
    }
    for (const type of filter.types ?? []) {
      if (!CONTENT_TYPES[type]) throw new BadUserInputError(`Unknown content type ${type}.`, "filter.types");
    }
    if (filter.statuses && filter.statuses.length === 0) {
      throw new BadUserInputError("`statuses` must name at least one status; leave it out for any.", "filter.statuses");
    }
    if ((filter.nameContains?.length ?? 0) > 200) {
      throw new BadUserInputError("`nameContains` may be at most 200 characters.", "filter.nameContains");
    }
    for (const field of ["createdBy", "updatedBy"] as const) {
      if ((filter[field]?.length ?? 0) > 320) throw new BadUserInputError(`\`${field}\` may be at most 320 characters.`, `filter.${field}`);
    }
    if (filter.mine && filter.createdBy != null) {
      throw new BadUserInputError("Give either `mine` or `createdBy`, not both.", "filter.mine");
    }
    // PostgreSQL's dates start in 4713 BC; JavaScript's go further back.
    if (filter.reviewDueBefore && !(filter.reviewDueBefore.getUTCFullYear() > -4700)) {
      throw new BadUserInputError("`reviewDueBefore` is not a valid date.", "filter.reviewDueBefore");
    }
  }

  /** WHERE conditions over the draft document `e` of `type`; parameters are shared by every branch. */
  private conditions(type: ContentTypeKey, args: WorkListArgs, p: Record<string, () => string>): string[] {
    const f = args.filter;
    const document = CONTENT_TYPES[type].document;
    const out: string[] = [];
    if (f.statuses) out.push(`e.status = ANY(${p.statuses()}::text[])`);
    if (f.mine) out.push(`e.created_by = ${p.me()}`);
    if (f.createdBy != null) out.push(`e.created_by = ${p.createdBy()}`);
    if (f.updatedBy != null) out.push(`e.updated_by = ${p.updatedBy()}`);
    if (f.reviewDueBefore) out.push(`e.next_review_due_at < ${p.reviewDueBefore()}::timestamptz`);
    if (f.live != null) {
      out.push(`${f.live ? "" : "NOT "}EXISTS (SELECT 1 FROM ${this.table(document, "live")} v WHERE v.id = e.id)`);
    }
    if (f.nameContains) {
      const text = CONTENT_TYPES[type].translation;
      const sort = this.column(text, CONTENT_TYPES[type].sortField);
      // Any locale's name: the trigram index on the translation's sort text finds them.
      out.push(`e.id IN (SELECT n.${this.owner(type)} FROM ${this.table(text)} n WHERE n.${sort} ILIKE ${p.pattern()})`);
    }
    if (f.awaitingMyReview) {
      // Four eyes, as the sign-off decides it: whoever made the latest content change cannot
      // approve it, so it is not waiting for them.
      out.push(
        `e.status = 'IN_REVIEW'`,
        `(SELECT r.author_id FROM cms.revision r WHERE r.content_id = e.id AND r.action = ANY(${p.actions()}::text[])
          ORDER BY r.created_at DESC LIMIT 1) IS DISTINCT FROM ${p.myId()}::uuid`,
      );
    }
    return out;
  }

  private params(args: WorkListArgs, params: SqlParams): Record<string, () => string> {
    const f = args.filter;
    const once = (value: () => unknown) => {
      let placeholder: string | undefined;
      return () => (placeholder ??= params.add(value()));
    };
    return {
      statuses: once(() => f.statuses),
      me: once(() => args.reader?.email ?? null),
      myId: once(() => args.reader?.id ?? null),
      createdBy: once(() => f.createdBy),
      updatedBy: once(() => f.updatedBy),
      reviewDueBefore: once(() => f.reviewDueBefore),
      pattern: once(() => "%" + f.nameContains!.replace(/[\\%_]/g, (c) => "\\" + c) + "%"),
      actions: once(() => CONTENT_ACTIONS),
    };
  }

  private types(filter: WorkListFilter): ContentTypeKey[] {
    const chosen = new Set(filter.types ?? Object.keys(CONTENT_TYPES));
    return Object.keys(CONTENT_TYPES).filter((t) => chosen.has(t));
  }

  /** One branch per type: (type, id, sort key) of the matching drafts. */
  private branches(args: WorkListArgs, params: SqlParams, keyset?: { key: string; id: string }): string {
    const p = this.params(args, params);
    const order = ORDERS[args.order];
    let after: string | undefined;
    if (keyset) {
      const op = order.direction === "DESC" ? "<" : ">";
      after = `(${order.key}, e.id) ${op} (${params.add(keyset.key)}::timestamptz, ${params.add(keyset.id)}::uuid)`;
    }
    return this.types(args.filter)
      .map((type) => {
        const where = [...this.conditions(type, args, p), ...(after ? [after] : [])];
        return `SELECT ${params.add(type)}::text AS type, e.id, ${order.key} AS sort_key
          FROM ${this.table(CONTENT_TYPES[type].document)} e${where.length ? " WHERE " + where.join(" AND ") : ""}`;
      })
      .join("\nUNION ALL\n");
  }

  /** The whole snapshot of a listed item, as JSON: document, translations, owned links, live version. */
  private itemJson(type: ContentTypeKey): string {
    const { document, translation } = CONTENT_TYPES[type];
    const links = ownedLinks(type).map((key) => {
      const entity = LINKS[key].entity;
      return `'${key}', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.${this.column(entity, "position")}), '[]'::jsonb)
        FROM ${this.table(entity)} l WHERE l.${this.column(entity, "sourceId")} = e.id)`;
    });
    return `jsonb_build_object(
      'document', to_jsonb(e),
      'translations', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.locale), '[]'::jsonb)
        FROM ${this.table(translation)} t WHERE t.${this.owner(type)} = e.id),
      'links', ${links.length ? `jsonb_build_object(${links.join(", ")})` : "'{}'::jsonb"},
      'liveVersion', (SELECT v.version FROM ${this.table(document, "live")} v WHERE v.id = e.id))`;
  }

  async page(args: WorkListArgs): Promise<Page<EditorialView>> {
    WorkLists.check(args.filter);
    const limit = pageSize(args.first);
    const list = `editorial:${args.order}`;
    let keyset: { key: string; id: string } | undefined;
    if (args.after != null) {
      const position = decodeCursor(list, args.after);
      if (!SORT_KEY.test(position.sortKey)) throw new BadUserInputError("`after` is not a cursor of this list.", "after");
      keyset = { key: position.sortKey, id: position.id };
    }
    const order = ORDERS[args.order].direction;
    const params = new SqlParams();
    const union = this.branches(args, params, keyset);
    const types = this.types(args.filter);
    const joins = types.map(
      (type, n) => `LEFT JOIN LATERAL (SELECT ${this.itemJson(type)} AS item
        FROM ${this.table(CONTENT_TYPES[type].document)} e WHERE page.type = ${params.add(type)} AND e.id = page.id) x${n} ON true`,
    );
    const rows = await this.run<{ type: string; id: string; sort_key: string; item: ItemJson | null }>(
      `WITH page AS (
        SELECT u.type, u.id, u.sort_key FROM (${union}) u
        ORDER BY u.sort_key ${order}, u.id ${order}
        LIMIT ${pageLimit(limit)}
      )
      SELECT page.type, page.id, page.sort_key::text AS sort_key, coalesce(${types.map((_t, n) => `x${n}.item`).join(", ")}) AS item
      FROM page
      ${joins.join("\n")}
      ORDER BY page.sort_key ${order}, page.id ${order}`,
      params.values,
    );
    const hasNextPage = rows.length > limit;
    const edges = rows
      .slice(0, limit)
      .filter((r) => r.item)
      .map((r) => ({
        cursor: encodeCursor(list, { sortKey: r.sort_key, id: r.id }),
        node: { snapshot: this.snapshotOf(r.type, r.item!), liveVersion: r.item!.liveVersion, locale: args.locale },
      }));
    return forwardPage(edges, hasNextPage, () => {
      const countParams = new SqlParams();
      return boundedCount(this.run, this.branches(args, countParams), countParams);
    });
  }

  /** JSON rows (column names) as the snapshot ContentStore reads (property names, dates as Date). */
  private snapshotOf(type: ContentTypeKey, item: ItemJson): Snapshot {
    const { document, translation } = CONTENT_TYPES[type];
    const ownerProperty = this.meta(translation).primaryColumns.find((c) => c.propertyName !== "locale")!.propertyName;
    const translations = item.translations.map((t) => {
      const { [ownerProperty]: _owner, ...rest } = this.properties(translation, t);
      return rest;
    });
    const links: Snapshot["links"] = {};
    for (const key of ownedLinks(type)) {
      const attributes = Object.keys(LINK_BY_KEY.get(key)!.attributes);
      links[key] = (item.links[key] ?? []).map((json): LinkValue => {
        const row = this.properties(LINKS[key].entity, json);
        return {
          targetId: row.targetId as string,
          order: row.position as number,
          note: (row.note as string | null) ?? null,
          ...Object.fromEntries(attributes.map((a) => [a, row[a]])),
          ...(row.evidence ? { evidence: row.evidence as LinkValue["evidence"] } : {}),
        };
      });
    }
    return { type, document: this.properties(document, item.document), translations, links };
  }

  private properties(entity: Function, json: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const c of this.meta(entity).columns) {
      const value = json[c.databaseName];
      const timestamp = c.type === "timestamptz" || c.type === "timestamp" || c.type === Date;
      out[c.propertyName] = timestamp && typeof value === "string" ? new Date(value) : (value ?? null);
    }
    return out;
  }
}

interface ItemJson {
  document: Record<string, unknown>;
  translations: Array<Record<string, unknown>>;
  links: Record<string, Array<Record<string, unknown>>>;
  liveVersion: number | null;
}
