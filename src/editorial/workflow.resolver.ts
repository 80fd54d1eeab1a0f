import { Arg, Args, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { Access, canEdit, canReview } from "../access/access";
import { AppError } from "../common/errors";
import { editorialOf, RequestContext } from "../server/context";
import { toEditorialItem } from "./editorial.mapper";
import { EditorialView, TransitionOptions } from "./editorial.service";
import { ContentType, EditorialItem, ItemRefArgs, ItemVersionInput, ScheduledAction, typeKey } from "./editorial.types";
import { WorkflowAction } from "./workflow";

async function step(ctx: RequestContext, ref: ItemRefArgs, action: WorkflowAction, options: TransitionOptions = {}) {
  const { editorial, actor } = editorialOf(ctx);
  const view: EditorialView = await editorial.transition(actor, typeKey(ref.type), ref.id, ref.version, action, options);
  return toEditorialItem(view, ctx.defaultLocale);
}

@Resolver()
export class WorkflowResolver {
  @Access(canEdit)
  @Mutation(() => EditorialItem, { description: "DRAFT -> IN_REVIEW." })
  submitForReview(@Args(() => ItemRefArgs) ref: ItemRefArgs, @Ctx() ctx: RequestContext) {
    return step(ctx, ref, "SUBMIT");
  }

  @Access(canReview)
  @Mutation(() => EditorialItem, {
    description:
      "Clinical sign-off, IN_REVIEW -> APPROVED: sets reviewedBy, lastReviewedAt and nextReviewDueAt (three years on unless given). Not by the author of the latest content change.",
  })
  approve(
    @Args(() => ItemRefArgs) ref: ItemRefArgs,
    @Arg("nextReviewDueAt", () => Date, { nullable: true }) nextReviewDueAt: Date | null,
    @Ctx() ctx: RequestContext,
  ) {
    return step(ctx, ref, "APPROVE", { nextReviewDueAt });
  }

  @Access(canReview)
  @Mutation(() => EditorialItem, { description: "IN_REVIEW -> DRAFT, with a comment for the editor (kept in the audit log)." })
  requestChanges(
    @Args(() => ItemRefArgs) ref: ItemRefArgs,
    @Arg("comment", () => String, { nullable: true }) comment: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return step(ctx, ref, "REQUEST_CHANGES", { comment });
  }

  @Access(canEdit)
  @Mutation(() => EditorialItem, {
    description:
      "APPROVED -> PUBLISHED: copies the item, its translations and links to the live graph in one transaction. An ADMIN may publish unapproved content with override and a reason (audited).",
  })
  publish(
    @Args(() => ItemRefArgs) ref: ItemRefArgs,
    @Arg("override", () => Boolean, { nullable: true }) override: boolean | null,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return step(ctx, ref, "PUBLISH", { override: override ?? false, reason });
  }

  @Access(canEdit)
  @Mutation(() => EditorialItem, { description: "Removes the live copy; a PUBLISHED draft becomes APPROVED." })
  unpublish(@Args(() => ItemRefArgs) ref: ItemRefArgs, @Ctx() ctx: RequestContext) {
    return step(ctx, ref, "UNPUBLISH");
  }

  @Access(canEdit)
  @Mutation(() => EditorialItem, { description: "-> ARCHIVED, and off the live site." })
  archive(@Args(() => ItemRefArgs) ref: ItemRefArgs, @Ctx() ctx: RequestContext) {
    return step(ctx, ref, "ARCHIVE");
  }

  @Access(canEdit)
  @Mutation(() => [EditorialItem], { description: "Publishes all the items in one transaction, or none when one of them cannot be." })
  async publishRelease(
    @Arg("items", () => [ItemVersionInput]) items: ItemVersionInput[],
    @Arg("override", () => Boolean, { nullable: true }) override: boolean | null,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const { editorial, actor } = editorialOf(ctx);
    const views = await editorial.publishRelease(
      actor,
      items.map((i) => ({ type: typeKey(i.type), id: i.id, version: i.version })),
      { override: override ?? false, reason },
    );
    return views.map((v) => toEditorialItem(v, ctx.defaultLocale));
  }

  @Access(canEdit)
  @Mutation(() => ScheduledAction, { description: "Publishes the item at `at` (it must be APPROVED by then)." })
  schedulePublish(
    @Arg("type", () => ContentType) type: ContentType,
    @Arg("id", () => ID) id: string,
    @Arg("at", () => Date) at: Date,
    @Ctx() ctx: RequestContext,
  ) {
    return schedule(ctx, "PUBLISH", type, id, at);
  }

  @Access(canEdit)
  @Mutation(() => ScheduledAction, { description: "Unpublishes the item at `at`." })
  scheduleUnpublish(
    @Arg("type", () => ContentType) type: ContentType,
    @Arg("id", () => ID) id: string,
    @Arg("at", () => Date) at: Date,
    @Ctx() ctx: RequestContext,
  ) {
    return schedule(ctx, "UNPUBLISH", type, id, at);
  }
}

async function schedule(
  ctx: RequestContext,
  action: "PUBLISH" | "UNPUBLISH",
  type: ContentType,
  id: string,
  at: Date,
): Promise<ScheduledAction> {
  const { editorial, reader, scheduler, actor } = editorialOf(ctx);
  if (!scheduler) throw new Error("the job scheduler is not running on this server");
  if (!(await reader.get(typeKey(type), id))) throw new AppError("NOT_FOUND", `No ${typeKey(type)} with id ${id}.`);
  const jobId = await scheduler.schedule(actor, action, typeKey(type), id, at);
  await editorial.audit(actor, `SCHEDULE_${action}`, { type: typeKey(type), id }, { at: at.toISOString(), jobId });
  return { jobId, action, at };
}
