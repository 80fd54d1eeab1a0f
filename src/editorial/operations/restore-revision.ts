import { Actor } from "../../access/access";
import { AppError, assertUuid } from "../../common/errors";
import { ContentTypeKey, LINKS } from "../../content/content-types";
import { RevisionEntity } from "../cms.entities";
import { ContentStore, ownedLinks, Snapshot } from "../content-store";
import { EditorialContext, EditorialView } from "./types";
import { write } from "./write";

/**
 * Restores the links a snapshot holds. Targets deleted since then are left out and reported,
 * so a restore never fails on content that no longer exists.
 */
async function restoreLinks(store: ContentStore, type: ContentTypeKey, id: string, snapshot: Snapshot): Promise<string[]> {
  const skipped: string[] = [];
  for (const key of ownedLinks(type)) {
    const wanted = snapshot.links[key] ?? [];
    const ids = wanted.map((l) => l.targetId);
    const known = await store.existing(LINKS[key].target, ids);
    skipped.push(...ids.filter((target) => !known.has(target)));
    await store.replaceLinks(
      key,
      id,
      wanted.filter((l) => known.has(l.targetId)),
    );
  }
  return skipped;
}

/** Makes a revision's content the new draft: fields, translations and links. */
export async function restoreRevision(ctx: EditorialContext, actor: Actor, revisionId: string, version: number): Promise<EditorialView> {
  const revision = await ctx.db.getRepository(RevisionEntity).findOneBy({ id: assertUuid(revisionId, "revisionId") });
  if (!revision) throw new AppError("NOT_FOUND", `No revision ${revisionId}.`);
  const snapshot = revision.snapshot as unknown as Snapshot;
  const type = revision.contentType;
  const id = revision.contentId;
  return write(ctx, actor, { type, id, version }, "RESTORE", async (store) => {
    const document = Object.fromEntries(store.documentProperties(type).map((p) => [p, snapshot.document[p]]));
    for (const t of await store.translations(type, id)) {
      if (!snapshot.translations.some((s) => s.locale === t.locale)) await store.deleteTranslation(type, id, t.locale as string);
    }
    for (const { locale, ...text } of snapshot.translations) await store.upsertTranslation(type, id, locale as string, text);
    const skippedLinks = await restoreLinks(store, type, id, snapshot);
    return { set: { ...document, status: "DRAFT" }, detail: { revisionId, revisionVersion: revision.version, skippedLinks } };
  });
}
