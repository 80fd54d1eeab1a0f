import { Arg, Ctx, Field, ID, InterfaceType, Query, Resolver } from "type-graphql";
import { Access, rules } from "../access/access";
import { assertUuid, BadUserInputError } from "../common/errors";
import { localeChain } from "../common/locale";
import { NodeRow } from "../content/content.loaders";
import { RequestContext } from "../server/context";
import { definitionOf, DEFINITIONS } from "./registry";

/** Relay's global object identification: every content item, found by its id alone. */
@InterfaceType("Node", {
  description: "An object with a global id (Relay). Content ids are UUIDs, unique across all types.",
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class NodeInterface {
  @Field(() => ID)
  id: string;
}

const MAX_NODES = 100;

/** Which type each id belongs to in the graph the request reads: one statement for all ids. */
async function typesOf(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
  const union = DEFINITIONS.map(
    (d) => `SELECT id, '${d.key}' AS type FROM ${ctx.content.sql.documentTable(d.key)} WHERE id = ANY($1::uuid[])`,
  ).join(" UNION ALL ");
  const rows = await ctx.content.run<{ id: string; type: string }>(union, [ids]);
  return new Map(rows.map((r) => [r.id, r.type]));
}

async function load(ctx: RequestContext, ids: string[], locale: string | null): Promise<Array<(NodeRow & { __typename: string }) | null>> {
  ids.forEach((id, i) => assertUuid(id, ids.length === 1 ? "id" : `ids[${i}]`));
  const chain = localeChain(locale, ctx.defaultLocale);
  const types = await typesOf(ctx, ids);
  return Promise.all(
    ids.map(async (id) => {
      const type = types.get(id);
      const node = type ? await ctx.loaders.node(type, chain).load(id) : null;
      return node ? { ...node, __typename: definitionOf(type!).name } : null;
    }),
  );
}

@Resolver()
export class NodeResolver {
  @Access(rules.public)
  @Query(() => NodeInterface, { nullable: true, description: "Any published item by its id, or null." })
  async node(
    @Arg("id", () => ID) id: string,
    @Arg("locale", () => String, { nullable: true }) locale: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return (await load(ctx, [id], locale))[0];
  }

  @Access(rules.public)
  @Query(() => [NodeInterface], {
    nullable: "items",
    description: `Published items by id, in the order asked (null where none); at most ${MAX_NODES}.`,
  })
  async nodes(
    @Arg("ids", () => [ID]) ids: string[],
    @Arg("locale", () => String, { nullable: true }) locale: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    if (ids.length > MAX_NODES) throw new BadUserInputError(`At most ${MAX_NODES} ids.`, "ids");
    return load(ctx, ids, locale);
  }
}
