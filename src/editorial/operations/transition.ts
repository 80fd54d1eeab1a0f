import { Actor } from "../../access/access";
import { ContentTypeKey } from "../../content/content-types";
import { ContentStore } from "../content-store";
import {
  assertPublishable,
  assertSecondPerson,
  CONTENT_ACTIONS,
  overrideReason,
  reviewDates,
  Status,
  transition as nextStatus,
  WorkflowAction,
} from "../workflow";
import { EditorialContext, EditorialView, TransitionOptions } from "./types";
import { Change, ChangeFn, write } from "./write";

/** Who made the latest content change: the fact the four-eyes rule decides on. */
async function lastContentAuthor(store: ContentStore, id: string): Promise<string | null> {
  const rows: Array<{ author_id: string | null }> = await store.manager.query(
    "SELECT author_id FROM cms.revision WHERE content_id = $1 AND action = ANY($2) ORDER BY created_at DESC LIMIT 1",
    [id, CONTENT_ACTIONS],
  );
  return rows[0]?.author_id ?? null;
}

/**
 * Gathers what the workflow rules need from the store (only what `action` needs, to keep
 * steps cheap) and turns their decision into a change.
 */
export function workflowChange(
  actor: Actor,
  type: ContentTypeKey,
  action: WorkflowAction,
  options: TransitionOptions,
  defaultLocale: string,
): ChangeFn {
  return async (store, current): Promise<Change> => {
    const id = current.id as string;
    const live = (await store.isLive(type, id)) !== null;
    const next = nextStatus(action, current.status as Status, { actor, live, override: options.override });
    const reason = overrideReason(next.overridden, options.reason);
    const set: Record<string, unknown> = { status: next.status };
    const detail: Record<string, unknown> = { statusBefore: current.status, statusAfter: next.status };
    if (action === "APPROVE") {
      assertSecondPerson(actor, await lastContentAuthor(store, id));
      const dates = reviewDates(new Date(), options.nextReviewDueAt);
      Object.assign(set, { reviewedBy: actor.displayName, ...dates });
      detail.nextReviewDueAt = dates.nextReviewDueAt.toISOString();
    }
    if (action === "PUBLISH") {
      assertPublishable(
        (await store.translations(type, id)).map((t) => t.locale as string),
        defaultLocale,
      );
      set.publishedAt = new Date();
      if (next.overridden) Object.assign(detail, { override: true, reason });
    }
    if (options.comment) detail.comment = options.comment;
    return { set, detail, publish: action === "PUBLISH", unpublish: action === "UNPUBLISH" || (action === "ARCHIVE" && live) };
  };
}

/** A workflow step. `version` null (scheduled jobs) applies it to whatever version is current. */
export function transition(
  ctx: EditorialContext,
  actor: Actor,
  type: ContentTypeKey,
  id: string,
  version: number | null,
  action: WorkflowAction,
  options: TransitionOptions = {},
): Promise<EditorialView> {
  return write(ctx, actor, { type, id, version }, action, workflowChange(actor, type, action, options, ctx.defaultLocale));
}
