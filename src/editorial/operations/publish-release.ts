import { EntityManager } from "typeorm";
import { Actor } from "../../access/access";
import { BadUserInputError } from "../../common/errors";
import { workflowChange } from "./transition";
import { EditorialContext, EditorialView, ItemRef, TransitionOptions } from "./types";
import { writeIn } from "./write";

/** Publishes several items atomically: all of them, or none when one cannot be. */
export function publishRelease(
  ctx: EditorialContext,
  actor: Actor,
  items: ItemRef[],
  options: TransitionOptions = {},
): Promise<EditorialView[]> {
  return ctx.db.transaction((m) => publishReleaseIn(m, ctx.defaultLocale, actor, items, options));
}

/** A release inside the caller's transaction (the seed imports and publishes in one). */
export async function publishReleaseIn(
  m: EntityManager,
  defaultLocale: string,
  actor: Actor,
  items: ItemRef[],
  options: TransitionOptions = {},
): Promise<EditorialView[]> {
  if (!items.length) throw new BadUserInputError("A release needs at least one item.", "items");
  if (new Set(items.map((i) => i.id)).size !== items.length) throw new BadUserInputError("An item appears twice in the release.", "items");
  const views: EditorialView[] = [];
  for (const item of items) {
    const change = workflowChange(actor, item.type, "PUBLISH", options, defaultLocale);
    views.push(await writeIn(m, actor, item, "PUBLISH", change, defaultLocale));
  }
  return views;
}
