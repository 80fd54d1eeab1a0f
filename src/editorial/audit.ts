import { EntityManager } from "typeorm";
import { Actor } from "../access/access";
import { ContentTypeKey } from "../content/content-types";
import { AuditEntryEntity, RevisionEntity } from "./cms.entities";
import { Snapshot } from "./content-store";

/**
 * Records one write in the caller's transaction: an immutable revision (when there is a
 * snapshot) and an audit entry. Both tables are append-only in the database.
 */
export async function recordWrite(
  m: EntityManager,
  actor: Actor,
  action: string,
  snapshot: Snapshot | null,
  ref: { type: ContentTypeKey; id: string },
  before: number | null,
  after: number | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  if (snapshot) {
    await m.insert(RevisionEntity, {
      contentType: ref.type,
      contentId: ref.id,
      version: after ?? before ?? 0,
      action,
      snapshot: snapshot as never,
      authorId: actor.id,
      authorEmail: actor.email,
    });
  }
  await m.insert(AuditEntryEntity, {
    actorId: actor.id,
    actorEmail: actor.email,
    action,
    contentType: ref.type,
    contentId: ref.id,
    versionBefore: before,
    versionAfter: after,
    detail: detail as never,
  });
}
