import { DataSource, EntityManager } from "typeorm";
import { Actor } from "../access/access";
import { AuditEntryEntity } from "../editorial/cms.entities";

/**
 * Account events in the append-only audit log: `contentId` is the user the event is about
 * (so `auditLog(contentId: <user id>)` lists one account's history), `type` stays null.
 * `actor` is null for the command line and for sign-in attempts, where the email tried is
 * in the detail instead.
 */
export async function auditAccount(
  db: DataSource | EntityManager,
  actor: Actor | null,
  action: string,
  subjectId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.getRepository(AuditEntryEntity).insert({
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? null,
    action,
    contentType: null,
    contentId: subjectId,
    versionBefore: null,
    versionAfter: null,
    detail: detail as never,
  });
}
