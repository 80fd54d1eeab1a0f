import { DataSource } from "typeorm";
import { assertUuid } from "../common/errors";
import { CONTENT_TYPES, ContentTypeKey } from "../content/content-types";
import { AuditEntryEntity, RevisionEntity } from "./cms.entities";
import { ContentStore } from "./content-store";
import { EditorialView } from "./editorial.service";

/** Editorial reads: drafts with workflow state, review due dates, history and the audit log. */
export class EditorialReader {
  constructor(
    private readonly db: DataSource,
    readonly defaultLocale: string,
  ) {}

  revisions(contentId: string): Promise<RevisionEntity[]> {
    return this.db
      .getRepository(RevisionEntity)
      .find({ where: { contentId: assertUuid(contentId, "id") }, order: { createdAt: "DESC", version: "DESC" } });
  }

  revision(id: string): Promise<RevisionEntity | null> {
    return this.db.getRepository(RevisionEntity).findOneBy({ id: assertUuid(id, "id") });
  }

  auditLog(contentId: string | null, first: number, before: string | null): Promise<AuditEntryEntity[]> {
    const query = this.db.getRepository(AuditEntryEntity).createQueryBuilder("a").orderBy("a.id", "DESC").limit(first);
    if (contentId) query.andWhere("a.content_id = :contentId", { contentId: assertUuid(contentId, "contentId") });
    if (before) query.andWhere("a.id < :before", { before });
    return query.getMany();
  }

  async get(type: ContentTypeKey, id: string, locale = this.defaultLocale): Promise<EditorialView | null> {
    assertUuid(id, "id");
    return this.db.transaction(async (m) => {
      const store = new ContentStore(m);
      const snapshot = await store.snapshot(type, id);
      return snapshot ? { snapshot, liveVersion: await store.isLive(type, id), locale } : null;
    });
  }

  /** Items whose next clinical review is due before `before`, soonest first. */
  async dueForReview(before: Date, locale = this.defaultLocale): Promise<EditorialView[]> {
    const rows: Array<{ type: ContentTypeKey; id: string }> = [];
    for (const type of Object.keys(CONTENT_TYPES)) {
      const table = this.db.getMetadata(CONTENT_TYPES[type].document).tableName;
      const found: Array<{ id: string; due: Date }> = await this.db.query(
        `SELECT id, next_review_due_at AS due FROM draft."${table}" WHERE next_review_due_at < $1 AND status <> 'ARCHIVED'`,
        [before],
      );
      rows.push(...found.map((f) => ({ type, id: f.id, due: f.due })));
    }
    const views = await Promise.all(rows.map((r) => this.get(r.type, r.id, locale)));
    return (views.filter(Boolean) as EditorialView[]).sort(
      (a, b) => (a.snapshot.document.nextReviewDueAt as Date).getTime() - (b.snapshot.document.nextReviewDueAt as Date).getTime(),
    );
  }
}
