import { EntityManager } from "typeorm";
import { Actor } from "../../access/access";
import { AppError, assertUuid } from "../../common/errors";
import { ContentTypeKey } from "../../content/content-types";
import { recordContentEvent } from "../../partners/webhooks/outbox";
import { recordWrite } from "../audit";
import { ContentStore } from "../content-store";
import { EditorialContext, EditorialView } from "./types";

export interface Change {
  /** Document fields to set besides version and authorship. */
  set?: Record<string, unknown>;
  publish?: boolean;
  unpublish?: boolean;
  detail?: Record<string, unknown>;
}

export type ChangeFn = (store: ContentStore, current: Record<string, unknown>) => Promise<Change>;

export interface WriteRef {
  type: ContentTypeKey;
  id: string;
  /** null (scheduled jobs) applies the change to whatever version is current. */
  version: number | null;
}

export async function loadView(store: ContentStore, type: ContentTypeKey, id: string, locale: string): Promise<EditorialView> {
  const snapshot = await store.snapshot(type, id);
  if (!snapshot) throw new AppError("NOT_FOUND", `No ${type} with id ${id}.`);
  return { snapshot, liveVersion: await store.isLive(type, id), locale };
}

/**
 * Locks the item and checks the version first, so a stale version fails with CONFLICT and the
 * current version; then applies `change`, bumps the version and records one immutable revision
 * and one audit entry, all in the caller's transaction.
 */
export async function writeIn(
  m: EntityManager,
  actor: Actor,
  ref: WriteRef,
  action: string,
  change: ChangeFn,
  locale: string,
): Promise<EditorialView> {
  const store = new ContentStore(m);
  const current = await store.lock(ref.type, assertUuid(ref.id, "id"));
  if (!current) throw new AppError("NOT_FOUND", `No ${ref.type} with id ${ref.id}.`);
  const before = current.version as number;
  if (ref.version !== null && ref.version !== before) {
    const message =
      `The ${ref.type} was changed by someone else: you had version ${ref.version}, it is now at ${before}. ` +
      "Reload and apply your change again.";
    throw new AppError("CONFLICT", message, { currentVersion: before, yourVersion: ref.version });
  }
  const result = await change(store, current);
  const after = before + 1;
  await store.updateDocument(ref.type, ref.id, { ...result.set, version: after, updatedBy: actor.email, updatedAt: () => "now()" });
  // Webhook events go to the outbox in this transaction, read from the live copy.
  const liveBefore = result.publish || result.unpublish ? await store.isLive(ref.type, ref.id) : null;
  if (result.unpublish && liveBefore !== null) await recordContentEvent(m, "UNPUBLISH", ref.type, ref.id, locale);
  if (result.publish) await store.publish(ref.type, ref.id);
  if (result.unpublish) await store.unpublish(ref.type, ref.id);
  if (result.publish) await recordContentEvent(m, liveBefore === null ? "PUBLISH" : "UPDATE", ref.type, ref.id, locale);
  const view = await loadView(store, ref.type, ref.id, locale);
  await recordWrite(m, actor, action, view.snapshot, ref, before, after, result.detail);
  return view;
}

/** writeIn() in a transaction of its own. */
export function write(
  ctx: EditorialContext,
  actor: Actor,
  ref: WriteRef,
  action: string,
  change: ChangeFn,
  locale = ctx.defaultLocale,
): Promise<EditorialView> {
  return ctx.db.transaction((m) => writeIn(m, actor, ref, action, change, locale));
}
