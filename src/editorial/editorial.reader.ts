import { DataSource } from "typeorm";
import { assertUuid } from "../common/errors";
import { ContentTypeKey } from "../content/content-types";
import { MAX_PAGE_SIZE } from "../common/connection";
import { AuditEntryEntity, RevisionEntity } from "./cms.entities";
import { ContentStore } from "./content-store";
import { EditorialView } from "./editorial.service";
import { WorkListArgs, WorkLists } from "./work-lists";

/** Editorial reads: drafts with workflow state, review due dates, history and the audit log. */
export class EditorialReader {
  private readonly workLists: WorkLists;

  constructor(
    private readonly db: DataSource,
    readonly defaultLocale: string,
  ) {
    this.workLists = new WorkLists(db);
  }

  /** A page of a work list: drafts by type, status, name, author, four eyes and review date. */
  list(args: WorkListArgs) {
    return this.workLists.page(args);
  }

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

  /** Items whose next clinical review is due before `before`, soonest first (pages of the work list). */
  async dueForReview(before: Date, locale = this.defaultLocale): Promise<EditorialView[]> {
    const views: EditorialView[] = [];
    let after: string | null = null;
    do {
      const page = await this.workLists.page({
        filter: { reviewDueBefore: before, statuses: ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED"] },
        first: MAX_PAGE_SIZE,
        after,
        order: "REVIEW_DUE_ASC",
        locale,
      });
      views.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return views;
  }
}
