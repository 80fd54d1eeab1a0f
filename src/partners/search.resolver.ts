import { Arg, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from "type-graphql";
import { Access, rules } from "../access/access";
import { PageInfo, pageSize } from "../common/connection";
import { BadUserInputError } from "../common/errors";
import { localeChain } from "../common/locale";
import { ContentType } from "../editorial/editorial.types";
import { NodeInterface } from "../model/node";
import { definitionOf, DEFINITIONS } from "../model/registry";
import { RequestContext } from "../server/context";
import { checkQuery, MAX_RESULTS, searchContent } from "./search";

@ObjectType("SearchEdge", { description: "One search hit: the item, how well it matched, and where." })
class SearchEdge {
  @Field({ description: "Opaque cursor: pass it as `after` to read the next page." })
  cursor: string;

  @Field(() => NodeInterface, { description: "The published item; ask for its fields with `... on Condition { name }`." })
  node: NodeInterface;

  @Field(() => ContentType)
  type: string;

  @Field(() => Float, { description: "Relevance: higher is better; comparable within one search only." })
  rank: number;

  @Field({
    description: "Where the item matched, as HTML: the text is escaped and the matched words are in <mark>; no other markup.",
  })
  snippet: string;
}

@ObjectType("SearchConnection")
class SearchConnection {
  @Field(() => [SearchEdge])
  edges: SearchEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: `Number of hits, across all pages (at most ${MAX_RESULTS} can be paged through).` })
  totalCount: number;
}

const encodeCursor = (position: number) => Buffer.from(`search:${position}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const match = /^search:(\d{1,7})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new BadUserInputError("`after` is not a cursor of this search.", "after");
  return Number(match[1]);
}

@Resolver()
export class SearchResolver {
  @Access(rules.public)
  @Query(() => SearchConnection, {
    description:
      "Full-text search of published content, best first. `query` takes web search syntax: words, " +
      '"a phrase", -excluded, or. Names count most, then other names, summaries, the body; names also ' +
      `match with small typos. At most ${MAX_RESULTS} hits can be paged through.`,
  })
  async search(
    @Arg("query", () => String, { description: "What the reader typed; 1 to 200 characters." }) query: string,
    @Arg("types", () => [ContentType], { nullable: true, description: "Only these types; all when absent." }) types: string[] | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size: 20 by default, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("locale", () => String, { nullable: true, description: "E.g. es-MX; falls back to es, then the default locale." })
    locale: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SearchConnection> {
    const text = checkQuery(query);
    if (types && types.length === 0) throw new BadUserInputError("`types` must name at least one type, or be left out.", "types");
    const chain = localeChain(locale, ctx.defaultLocale);
    const offset = after ? decodeCursor(after) : 0;
    const limit = Math.max(0, Math.min(pageSize(first), MAX_RESULTS - offset));
    const args = { query: text, types, chain, limit, offset };
    const found = await searchContent(ctx.content, args);
    let total = found.total;
    if (!found.rows.length && offset > 0) total = (await searchContent(ctx.content, { ...args, limit: 1, offset: 0 })).total;

    const nodes = await Promise.all(found.rows.map((r) => ctx.loaders.node(r.type, chain).load(r.id)));
    const edges: SearchEdge[] = [];
    found.rows.forEach((row, i) => {
      const node = nodes[i];
      // Unpublished between the two statements: not a hit any more.
      if (!node) return;
      ctx.answer?.tags.add(node.id);
      edges.push({
        cursor: encodeCursor(offset + i + 1),
        node: { ...node, __typename: definitionOf(row.type).name } as unknown as NodeInterface,
        type: row.type,
        rank: row.rank,
        snippet: row.snippet,
      });
    });
    // A publish of any searched type may change the hits: CDNs purge by these.
    for (const t of types ?? DEFINITIONS.map((d) => d.key)) ctx.answer?.tags.add(`list:${t}`);
    return {
      edges,
      pageInfo: {
        hasNextPage: offset + found.rows.length < Math.min(total, MAX_RESULTS),
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount: total,
    };
  }
}
