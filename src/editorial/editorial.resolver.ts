import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Access, adminOnly, canEdit, canReadDrafts } from "../access/access";
import { AppError, BadUserInputError } from "../common/errors";
import { localeChain } from "../common/locale";
import { editorialOf, RequestContext } from "../server/context";
import { AuditEntryEntity } from "./cms.entities";
import { Snapshot } from "./content-store";
import { diffSnapshots } from "./diff";
import { evidenceOf, linkAttributes, toAuditEntry, toEditorialItem, toRevision } from "./editorial.mapper";
import {
  AuditEntry,
  ContentType,
  EditorialItem,
  EditorialItemConnection,
  EditorialItemFilter,
  EditorialItemOrder,
  ItemRefArgs,
  LinkInput,
  LinkKind,
  linkKey,
  Revision,
  RevisionDiff,
  typeKey,
} from "./editorial.types";

@Resolver()
export class EditorialResolver {
  @Access(canReadDrafts)
  @Query(() => EditorialItem, { nullable: true, description: "The draft of an item, with workflow state." })
  async editorialItem(
    @Arg("type", () => ContentType) type: ContentType,
    @Arg("id", () => ID) id: string,
    @Arg("locale", () => String, { nullable: true }) locale: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const view = await editorialOf(ctx).reader.get(typeKey(type), id, localeChain(locale, ctx.defaultLocale)[0]);
    return view && toEditorialItem(view, ctx.defaultLocale);
  }

  @Access(canReadDrafts)
  @Query(() => EditorialItemConnection, {
    description: "Work lists: drafts of any content types with their workflow state, filtered on the server and paged with keyset cursors.",
  })
  async editorialItems(
    @Arg("filter", () => EditorialItemFilter, { nullable: true }) filter: EditorialItemFilter | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size: 20 when left out, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "The `endCursor` of the previous page." }) after: string | null,
    @Arg("orderBy", () => EditorialItemOrder, { nullable: true, description: "UPDATED_DESC when left out." })
    orderBy: EditorialItemOrder | null,
    @Arg("locale", () => String, { nullable: true, description: "Locale of each item's title and text; else the default." })
    locale: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const { reader, actor } = editorialOf(ctx);
    const page = await reader.list({
      filter: { ...filter, types: filter?.types?.map(typeKey) },
      first,
      after,
      order: orderBy ?? EditorialItemOrder.UPDATED_DESC,
      locale: localeChain(locale, ctx.defaultLocale)[0],
      reader: { id: actor.id, email: actor.email },
    });
    return {
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: toEditorialItem(e.node, ctx.defaultLocale) })),
      pageInfo: page.pageInfo,
      get totalCount() {
        return page.totalCount;
      },
      get totalCountIsExact() {
        return page.totalCountIsExact;
      },
    };
  }

  @Access(canReadDrafts)
  @Query(() => [EditorialItem], { description: "Items whose next clinical review is due before `before`, soonest first." })
  async contentDueForReview(@Arg("before", () => Date) before: Date, @Ctx() ctx: RequestContext) {
    return (await editorialOf(ctx).reader.dueForReview(before)).map((v) => toEditorialItem(v, ctx.defaultLocale));
  }

  @Access(canEdit)
  @Mutation(() => EditorialItem, { description: "Replaces all links of one kind, in the given order, with their attributes." })
  async setLinks(
    @Args(() => ItemRefArgs) ref: ItemRefArgs,
    @Arg("kind", () => LinkKind) kind: LinkKind,
    @Arg("links", () => [LinkInput]) links: LinkInput[],
    @Ctx() ctx: RequestContext,
  ) {
    if (links.length > 200) throw new BadUserInputError("At most 200 links of one kind.", "links");
    const { editorial, actor } = editorialOf(ctx);
    const view = await editorial.setLinks(
      actor,
      { type: typeKey(ref.type), id: ref.id, version: ref.version },
      linkKey(kind),
      links.map((l, order) => ({ ...linkAttributes(l), targetId: l.id, order, note: l.note ?? null, evidence: evidenceOf(l.evidence) })),
    );
    return toEditorialItem(view, ctx.defaultLocale);
  }

  @Access(canEdit)
  @Mutation(() => EditorialItem, { description: "Removes one locale's text (not the default locale's)." })
  async deleteTranslation(@Args(() => ItemRefArgs) ref: ItemRefArgs, @Arg("locale") locale: string, @Ctx() ctx: RequestContext) {
    const { editorial, actor } = editorialOf(ctx);
    const view = await editorial.deleteTranslation(
      actor,
      { type: typeKey(ref.type), id: ref.id, version: ref.version },
      localeChain(locale, ctx.defaultLocale)[0],
    );
    return toEditorialItem(view, ctx.defaultLocale);
  }

  @Access(canReadDrafts)
  @Query(() => [Revision], { description: "An item's revisions, newest first." })
  async revisions(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const rows = await editorialOf(ctx).reader.revisions(id);
    return rows.map(toRevision);
  }

  @Access(canReadDrafts)
  @Query(() => Revision, { nullable: true })
  async revision(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const row = await editorialOf(ctx).reader.revision(id);
    return row && toRevision(row);
  }

  @Access(canReadDrafts)
  @Query(() => RevisionDiff, { description: "What changed from one revision of an item to another: fields and links." })
  async revisionDiff(
    @Arg("from", () => ID) from: string,
    @Arg("to", () => ID) to: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RevisionDiff> {
    const { reader } = editorialOf(ctx);
    const [a, b] = await Promise.all([reader.revision(from), reader.revision(to)]);
    if (!a || !b) throw new AppError("NOT_FOUND", `No revision ${!a ? from : to}.`);
    if (a.contentId !== b.contentId) throw new BadUserInputError("Both revisions must belong to the same item.", "to");
    return {
      from: toRevision(a),
      to: toRevision(b),
      ...diffSnapshots(a.snapshot as unknown as Snapshot, b.snapshot as unknown as Snapshot),
    };
  }

  @Access(canEdit)
  @Mutation(() => EditorialItem, { description: "Makes a revision's content (fields, translations, links) the new draft, as DRAFT." })
  async restoreRevision(
    @Arg("revisionId", () => ID) revisionId: string,
    @Arg("version", () => Int) version: number,
    @Ctx() ctx: RequestContext,
  ) {
    const { editorial, actor } = editorialOf(ctx);
    return toEditorialItem(await editorial.restoreRevision(actor, revisionId, version), ctx.defaultLocale);
  }

  @Access(adminOnly)
  @Query(() => [AuditEntry], { description: "The audit log, newest first: every write, who, when, versions before and after." })
  async auditLog(
    @Arg("contentId", () => ID, { nullable: true }) contentId: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg("before", () => ID, { nullable: true, description: "An entry id: entries older than it." }) before: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    if (first < 1 || first > 500) throw new BadUserInputError("first must be between 1 and 500.", "first");
    if (before != null && !/^\d+$/.test(before)) throw new BadUserInputError("before must be an audit entry id.", "before");
    const rows: AuditEntryEntity[] = await editorialOf(ctx).reader.auditLog(contentId, first, before);
    return rows.map(toAuditEntry);
  }
}
