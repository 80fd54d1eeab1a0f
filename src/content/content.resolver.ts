import { GraphQLResolveInfo } from "graphql";
import { Arg, ClassType, Ctx, Info, Int, Query, Resolver } from "type-graphql";
import { Access, rules } from "../access/access";
import { localeChain } from "../common/locale";
import { planItem, planListItems, plannerEnabled, prefetchedLinks } from "../delivery/planner";
import { SelectionSource } from "../delivery/selection";
import { RequestContext } from "../server/context";
import { ContentTypeKey, LinkDirection, LinkKey } from "./content-types";
import { LinkRow, NodeRow } from "./content.loaders";
import { WhereClause, where } from "./content.service";

interface ListQueryOptions<F extends object> {
  type: ContentTypeKey;
  name: string;
  description: string;
  connection: ClassType;
  filter: ClassType<F>;
  /** Turns the filter into WHERE conditions; `nameContains` is handled here for every list. */
  where?: (filter: F) => WhereClause[];
}

/** The list query of a content type: `conditions(first, after, filter, locale)`. */
export function listQuery<F extends { nameContains?: string | null } & object>(options: ListQueryOptions<F>) {
  @Resolver()
  class ListQuery {
    @Access(rules.public)
    @Query(() => options.connection, { name: options.name, description: options.description })
    async list(
      @Arg("first", () => Int, { nullable: true, description: "Page size: 20 by default, at most 100." })
      first: number | null,
      @Arg("after", () => String, { nullable: true }) after: string | null,
      @Arg("filter", () => options.filter, { nullable: true }) filter: F | null,
      @Arg("locale", () => String, { nullable: true, description: "E.g. es-MX; falls back to es, then the default locale." })
      locale: string | null,
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ) {
      const clauses: WhereClause[] = [];
      if (filter?.nameContains) clauses.push(where.nameContains(options.type, filter.nameContains));
      if (filter && options.where) clauses.push(...options.where(filter));
      const chain = localeChain(locale, ctx.defaultLocale);
      const page = await ctx.content.list(options.type, {
        first,
        after,
        chain,
        defaultLocale: ctx.defaultLocale,
        where: clauses,
        // Each item with its links, pre-fetched in the page's statement.
        plan: plannerEnabled()
          ? (chainParam, served) => planListItems(ctx.content, options.type, info, chainParam, chain, served)
          : undefined,
      });
      if (ctx.answer) {
        ctx.answer.tags.add(`list:${options.type}`);
        for (const edge of page.edges) ctx.answer.tags.add(edge.node.id);
      }
      return page;
    }
  }
  return ListQuery;
}

/**
 * The item of `type` with this slug along the locale chain, tagged for the response cache: the
 * body of every item query, and of the answers served without execution (delivery/direct.ts).
 */
export async function resolveItem(
  ctx: RequestContext,
  type: ContentTypeKey,
  info: SelectionSource,
  slug: string,
  chain: string[],
): Promise<NodeRow | null> {
  if (plannerEnabled()) {
    // The whole selection in one statement; the links come pre-fetched on the item.
    const { node, full } = await planItem(ctx.content, type, info, slug, chain);
    if (node && full) ctx.loaders.node(type, chain).prime(node.id, node);
    if (node) ctx.answer?.tags.add(node.id);
    return node;
  }
  const node = await ctx.content.findBySlug(type, slug, chain);
  if (node) ctx.loaders.node(type, chain).prime(node.id, node);
  if (node) ctx.answer?.tags.add(node.id);
  return node;
}

/** The single-item query of a content type: `condition(slug, locale)`, null when unknown. */
export function itemQuery(options: { type: ContentTypeKey; name: string; node: ClassType; description: string }) {
  @Resolver()
  class ItemQuery {
    @Access(rules.public)
    @Query(() => options.node, { name: options.name, nullable: true, description: options.description })
    async item(
      @Arg("slug", () => String) slug: string,
      @Arg("locale", () => String, { nullable: true }) locale: string | null,
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ) {
      return resolveItem(ctx, options.type, info, slug, localeChain(locale, ctx.defaultLocale));
    }
  }
  return ItemQuery;
}

const tagAll = (ctx: RequestContext, links: LinkRow[]) => {
  if (ctx.answer) for (const l of links) ctx.answer.tags.add(l.node.id);
};

/**
 * The items linked to `parent`, in link order (published items only). Synchronous when the
 * planner fetched them with the parent: no promise per field on the hot path.
 */
export function linkedNodes(ctx: RequestContext, key: LinkKey, direction: LinkDirection, parent: NodeRow): NodeRow[] | Promise<NodeRow[]> {
  const pre = prefetchedLinks(parent, key, direction);
  if (pre) {
    tagAll(ctx, pre);
    return pre.map((l) => l.node);
  }
  return ctx.loaders
    .links(key, direction, parent.chain)
    .load(parent.id)
    .then((links) => {
      tagAll(ctx, links);
      return links.map((l) => l.node);
    });
}

/** The links of `parent` with their attributes, the linked item exposed as `field`. */
export function linkObjects(
  ctx: RequestContext,
  key: LinkKey,
  parent: NodeRow,
  field: string,
): Array<LinkRow & Record<string, unknown>> | Promise<Array<LinkRow & Record<string, unknown>>> {
  const pre = prefetchedLinks(parent, key, "out");
  if (pre) {
    // The planner already exposes the item under the target's key.
    tagAll(ctx, pre);
    return pre;
  }
  return ctx.loaders
    .links(key, "out", parent.chain)
    .load(parent.id)
    .then((links) => {
      tagAll(ctx, links);
      return links.map((l) => ({ ...l, [field]: l.node }));
    });
}
