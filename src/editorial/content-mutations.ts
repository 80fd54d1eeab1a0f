import { Arg, ClassType, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { Access, canEdit } from "../access/access";
import { localeChain } from "../common/locale";
import { ContentTypeKey } from "../content/content-types";
import { editorialOf, RequestContext } from "../server/context";
import { toEditorialItem } from "./editorial.mapper";
import { DeletePayload, EditorialItem } from "./editorial.types";

/** Input class instance -> the fields the client actually sent. */
export function sentFields(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** `create<Type>`, `update<Type>` and `delete<Type>` for one content type. */
export function contentMutations<I extends object>(options: { type: ContentTypeKey; name: string; input: ClassType<I> }) {
  @Resolver()
  class ContentMutations {
    @Access(canEdit)
    @Mutation(() => EditorialItem, { name: `create${options.name}`, description: `Creates a ${options.name} draft in the default locale.` })
    async create(
      @Arg("input", () => options.input) input: I,
      @Arg("locale", () => String, { nullable: true }) locale: string | null,
      @Ctx() ctx: RequestContext,
    ) {
      const { editorial, actor } = editorialOf(ctx);
      const view = await editorial.create(actor, options.type, sentFields(input), localeChain(locale, ctx.defaultLocale)[0]);
      return toEditorialItem(view, ctx.defaultLocale);
    }

    @Access(canEdit)
    @Mutation(() => EditorialItem, {
      name: `update${options.name}`,
      description:
        "Partial update of the draft. Text fields go to `locale` (adding that translation when new). Approved or published items go back to IN_REVIEW.",
    })
    async update(
      @Arg("id", () => ID) id: string,
      @Arg("version", () => Int, { description: "The version you read; a stale one fails with CONFLICT." }) version: number,
      @Arg("input", () => options.input) input: I,
      @Arg("locale", () => String, { nullable: true }) locale: string | null,
      @Ctx() ctx: RequestContext,
    ) {
      const { editorial, actor } = editorialOf(ctx);
      const view = await editorial.update(
        actor,
        { type: options.type, id, version },
        sentFields(input),
        localeChain(locale, ctx.defaultLocale)[0],
      );
      return toEditorialItem(view, ctx.defaultLocale);
    }

    @Access(canEdit)
    @Mutation(() => DeletePayload, { name: `delete${options.name}`, description: "Deletes the draft and its live copy; revisions stay." })
    async remove(@Arg("id", () => ID) id: string, @Arg("version", () => Int) version: number, @Ctx() ctx: RequestContext) {
      const { editorial, actor } = editorialOf(ctx);
      await editorial.remove(actor, { type: options.type, id, version });
      return { id, deleted: true };
    }
  }
  return ContentMutations;
}
