import { DataSource, EntityManager } from "typeorm";
import { Actor } from "../access/access";
import { ContentTypeKey, LinkKey } from "../content/content-types";
import { recordWrite } from "./audit";
import { LinkValue } from "./content-store";
import { create } from "./operations/create";
import { deleteTranslation } from "./operations/delete-translation";
import { publishRelease, publishReleaseIn } from "./operations/publish-release";
import { remove } from "./operations/remove";
import { restoreRevision } from "./operations/restore-revision";
import { setLinks } from "./operations/set-links";
import { transition } from "./operations/transition";
import { EditorialContext, EditorialView, ItemRef, TransitionOptions } from "./operations/types";
import { update } from "./operations/update";
import { WorkflowAction } from "./workflow";

export type { EditorialView, ItemRef, TransitionOptions } from "./operations/types";

/**
 * Every editorial write, for the resolvers, the scheduler and the seed alike. Each operation
 * lives in its own file under operations/ and its rules in workflow.ts; this class only binds
 * them to one database and default locale.
 */
export class EditorialService {
  private readonly ctx: EditorialContext;

  constructor(
    private readonly db: DataSource,
    readonly defaultLocale: string,
  ) {
    this.ctx = { db, defaultLocale };
  }

  /** An audit entry for a write that is not a content change (e.g. scheduling). */
  async audit(actor: Actor, action: string, ref: { type: ContentTypeKey; id: string }, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction((m) => recordWrite(m, actor, action, null, ref, null, null, detail));
  }

  create(actor: Actor, type: ContentTypeKey, input: Record<string, unknown>, locale = this.defaultLocale): Promise<EditorialView> {
    return create(this.ctx, actor, type, input, locale);
  }

  /** Partial update: fields left out stay as they are; text fields go to `locale`'s translation. */
  update(actor: Actor, ref: ItemRef, input: Record<string, unknown>, locale = this.defaultLocale): Promise<EditorialView> {
    return update(this.ctx, actor, ref, input, locale);
  }

  deleteTranslation(actor: Actor, ref: ItemRef, locale: string): Promise<EditorialView> {
    return deleteTranslation(this.ctx, actor, ref, locale);
  }

  setLinks(actor: Actor, ref: ItemRef, key: LinkKey, links: LinkValue[]): Promise<EditorialView> {
    return setLinks(this.ctx, actor, ref, key, links);
  }

  remove(actor: Actor, ref: ItemRef): Promise<void> {
    return remove(this.ctx, actor, ref);
  }

  /** A workflow step. `version` null (scheduled jobs) applies it to whatever version is current. */
  transition(
    actor: Actor,
    type: ContentTypeKey,
    id: string,
    version: number | null,
    action: WorkflowAction,
    options: TransitionOptions = {},
  ): Promise<EditorialView> {
    return transition(this.ctx, actor, type, id, version, action, options);
  }

  /** Publishes several items atomically: all of them, or none when one cannot be. */
  publishRelease(actor: Actor, items: ItemRef[], options: TransitionOptions = {}): Promise<EditorialView[]> {
    return publishRelease(this.ctx, actor, items, options);
  }

  /** A release inside the caller's transaction (the seed imports and publishes in one). */
  publishReleaseIn(m: EntityManager, actor: Actor, items: ItemRef[], options: TransitionOptions = {}): Promise<EditorialView[]> {
    return publishReleaseIn(m, this.defaultLocale, actor, items, options);
  }

  /** Makes a revision's content the new draft: fields, translations and links. */
  restoreRevision(actor: Actor, revisionId: string, version: number): Promise<EditorialView> {
    return restoreRevision(this.ctx, actor, revisionId, version);
  }
}
