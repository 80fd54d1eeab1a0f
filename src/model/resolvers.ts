import { GraphQLObjectType, GraphQLSchema } from "graphql";
import { ClassType, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { markdownToSafeHtml } from "../common/markdown";
import { NodeRow } from "../content/content.loaders";
import { itemQuery, linkedNodes, linkObjects, listQuery } from "../content/content.resolver";
import { where, WhereClause } from "../content/content.service";
import { contentMutations } from "../editorial/content-mutations";
import { RequestContext } from "../server/context";
import { ContentTypeDefinition } from "./definition";
import { LINK_TYPES, linkFilters, NODE_TYPES, TYPE_GRAPHQL } from "./graphql-types";
import { columnOf, DEFINITIONS, LINK_INFOS, reverseOf } from "./registry";

type Resolve = (parent: NodeRow, ctx: RequestContext) => unknown;

/** Every derived field resolver, by `Type.field`, to run without type-graphql's wrapping. */
const PLAIN_RESOLVERS = new Map<string, Resolve>();

/**
 * type-graphql wraps each field resolver in a middleware chain with its parameter list, called
 * for every field of every item. The derived ones need only the parent and the context, so the
 * built schema calls them directly: less work per field on the delivery hot path.
 */
export function usePlainResolvers(schema: GraphQLSchema): void {
  for (const [path, resolve] of PLAIN_RESOLVERS) {
    const [type, name] = path.split(".");
    const field = (schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[name];
    if (!field) throw new Error(`derived field ${path} is missing from the schema`);
    field.resolve = (source: NodeRow, _args, ctx: RequestContext) => resolve(source, ctx);
  }
}

/** Adds `name` as a field resolver of `proto`, taking the parent and the request context. */
function addField(
  typeName: string,
  proto: Record<string, unknown>,
  name: string,
  type: () => unknown,
  description: string | undefined,
  resolve: Resolve,
  nullable = false,
) {
  proto[name] = resolve;
  PLAIN_RESOLVERS.set(`${typeName}.${name}`, resolve);
  FieldResolver(type as never, { description, nullable })(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
  Root()(proto, name, 0);
  Ctx()(proto, name, 1);
}

/** Computed fields of a type: Markdown as HTML, its links both ways, and link views. */
function fieldResolvers(d: ContentTypeDefinition): ClassType {
  const node = NODE_TYPES.get(d.key)!;
  const Fields = class {};
  Object.defineProperty(Fields, "name", { value: `${d.name}Fields` });
  const proto = Fields.prototype as Record<string, unknown>;

  for (const [name, field] of Object.entries(d.fields)) {
    if (field.kind !== "markdown") continue;
    addField(
      d.name,
      proto,
      `${name}Html`,
      () => String,
      `\`${name}\` rendered from Markdown to sanitized HTML.`,
      (p) => markdownToSafeHtml(p[name] as string | null),
      true,
    );
  }
  for (const link of LINK_INFOS.filter((l) => l.source === d.key)) {
    const { field, singular, description } = link.definition;
    const target = NODE_TYPES.get(link.target)!;
    addField(
      d.name,
      proto,
      field,
      () => [target],
      undefined,
      (p, ctx) => linkedNodes(ctx, link.key, "out", p),
    );
    addField(
      d.name,
      proto,
      `${singular}Links`,
      () => [LINK_TYPES.get(link.key)!],
      description,
      (p, ctx) => linkObjects(ctx, link.key, p, link.target),
    );
  }
  for (const [name, view] of Object.entries(d.views ?? {})) {
    const link = LINK_INFOS.find((l) => l.source === d.key && l.definition.field === view.link)!;
    addField(
      d.name,
      proto,
      name,
      () => [NODE_TYPES.get(link.target)!],
      view.description,
      (p, ctx) => {
        const only = (nodes: NodeRow[]) => nodes.filter((n) => n[view.field] === view.equals);
        const nodes = linkedNodes(ctx, link.key, "out", p);
        return nodes instanceof Promise ? nodes.then(only) : only(nodes);
      },
    );
  }
  for (const link of LINK_INFOS.filter((l) => l.target === d.key && l.definition.reverse !== false)) {
    const reverse = reverseOf(link);
    addField(
      d.name,
      proto,
      reverse.field,
      () => [NODE_TYPES.get(link.source)!],
      reverse.description,
      (p, ctx) => linkedNodes(ctx, link.key, "in", p),
    );
  }
  Resolver(() => node)(Fields);
  return Fields;
}

/** WHERE conditions of a type's list filter: field filters, then filters by linked slugs. */
function whereOf(d: ContentTypeDefinition) {
  const links = linkFilters(d);
  return (filter: Record<string, unknown>): WhereClause[] => {
    const clauses: WhereClause[] = [];
    for (const [name, f] of Object.entries(d.filters ?? {})) {
      const value = filter[name];
      if (typeof value !== "string" || !value) continue;
      const v = f.lowerCase ? value.toLowerCase() : value;
      clauses.push(f.match === "equals" ? where.equals(columnOf(f.field), v) : where.arrayContains(columnOf(f.field), v));
    }
    for (const l of links) {
      const value = filter[l.name];
      if (typeof value === "string" && value) clauses.push(where.linkedTo(l.link.key, l.direction, value));
    }
    return clauses;
  };
}

/** Every resolver class derived from the definitions. */
export function contentResolvers(): Function[] {
  return DEFINITIONS.flatMap((d) => {
    const gql = TYPE_GRAPHQL.get(d.key)!;
    const label = d.label.toLowerCase();
    return [
      itemQuery({
        type: d.key,
        name: d.itemQuery,
        node: gql.node,
        description: `A published ${label} by slug, or null when there is none.`,
      }),
      listQuery<{ nameContains?: string | null }>({
        type: d.key,
        name: d.listQuery,
        description: `Published items of type ${d.name}, ordered by ${d.sortField}.`,
        connection: gql.connection,
        filter: gql.filter as ClassType<{ nameContains?: string | null }>,
        where: whereOf(d),
      }),
      fieldResolvers(d),
      contentMutations({ type: d.key, name: d.name, input: gql.input as ClassType<object> }),
    ];
  });
}
