import { Actor } from "../../access/access";
import { AppError, assertUuid } from "../../common/errors";
import { recordContentEvent } from "../../partners/webhooks/outbox";
import { recordWrite } from "../audit";
import { ContentStore } from "../content-store";
import { EditorialContext, ItemRef } from "./types";

/** Deletes the draft and its live copy; the revisions stay, so a delete is recorded with the last snapshot. */
export async function remove(ctx: EditorialContext, actor: Actor, ref: ItemRef): Promise<void> {
  await ctx.db.transaction(async (m) => {
    const store = new ContentStore(m);
    const current = await store.lock(ref.type, assertUuid(ref.id, "id"));
    if (!current) throw new AppError("NOT_FOUND", `No ${ref.type} with id ${ref.id}.`);
    if (current.version !== ref.version) {
      throw new AppError("CONFLICT", `The ${ref.type} is at version ${current.version as number}, not ${ref.version}.`, {
        currentVersion: current.version,
        yourVersion: ref.version,
      });
    }
    const snapshot = await store.snapshot(ref.type, ref.id);
    // Partners hear of it only if they could have seen it (the outbox row reads the live copy).
    await recordContentEvent(m, "DELETE", ref.type, ref.id, ctx.defaultLocale);
    await store.deleteDocument(ref.type, ref.id);
    await recordWrite(m, actor, "DELETE", snapshot, ref, ref.version, null);
  });
}
