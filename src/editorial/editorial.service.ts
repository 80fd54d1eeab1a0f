import { DataSource, EntityManager } from "typeorm";
import { Actor } from "../access/access";
import { AppError, assertUuid, BadUserInputError } from "../common/errors";
import { CONTENT_TYPES, ContentTypeKey, LINKS, LinkKey } from "../content/content-types";
import { LINK_BY_KEY } from "../model/registry";
import { recordWrite } from "./audit";
import { RevisionEntity } from "./cms.entities";
import { ContentStore, LinkValue, ownedLinks, slugify, Snapshot } from "./content-store";
import { defaultNextReview, Status, statusAfterEdit, transition, WorkflowAction } from "./workflow";

export interface EditorialView {
  snapshot: Snapshot;
  /** Version of the live copy, null when the item is not published. */
  liveVersion: number | null;
  locale: string;
}

export interface ItemRef {
  type: ContentTypeKey;
  id: string;
  version: number;
}

export interface TransitionOptions {
  override?: boolean;
  reason?: string | null;
  nextReviewDueAt?: Date | null;
  comment?: string | null;
}

interface Change {
  /** Document fields to set besides version and authorship. */
  set?: Record<string, unknown>;
  publish?: boolean;
  unpublish?: boolean;
  detail?: Record<string, unknown>;
}

/** Writes that change what an item says (workflow steps do not). */
const CONTENT_ACTIONS = ["IMPORT", "CREATE", "UPDATE", "SET_LINKS", "DELETE_TRANSLATION", "RESTORE"];

async function lastContentAuthor(store: ContentStore, id: string): Promise<string | null> {
  const rows: Array<{ author_id: string | null }> = await store.manager.query(
    `SELECT author_id FROM cms.revision WHERE content_id = $1 AND action = ANY($2) ORDER BY created_at DESC LIMIT 1`,
    [id, CONTENT_ACTIONS],
  );
  return rows[0]?.author_id ?? null;
}

/**
 * Every editorial write: version-checked under a row lock (a stale version fails with
 * CONFLICT and the current version), then one immutable revision and one audit entry, all
 * in the same transaction as the change itself.
 */
export class EditorialService {
  constructor(
    private readonly db: DataSource,
    readonly defaultLocale: string,
  ) {}

  /** An audit entry for a write that is not a content change (e.g. scheduling). */
  async audit(actor: Actor, action: string, ref: { type: ContentTypeKey; id: string }, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction((m) => recordWrite(m, actor, action, null, ref, null, null, detail));
  }

  private async view(store: ContentStore, type: ContentTypeKey, id: string, locale = this.defaultLocale): Promise<EditorialView> {
    const snapshot = await store.snapshot(type, id);
    if (!snapshot) throw new AppError("NOT_FOUND", `No ${type} with id ${id}.`);
    return { snapshot, liveVersion: await store.isLive(type, id), locale };
  }

  /** Splits editor input into document fields and text fields, checking what is required. */
  private split(store: ContentStore, type: ContentTypeKey, input: Record<string, unknown>) {
    const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const documentProps = new Set(store.documentProperties(type));
    const textProps = new Set(store.textProperties(type));
    const document: Record<string, unknown> = {};
    const text: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(defined)) {
      if (documentProps.has(key)) document[key] = value;
      else if (textProps.has(key)) text[key] = value;
    }
    for (const [key, value] of Object.entries({ ...document, ...text })) {
      const required = store.requiredDocument(type).includes(key) || store.requiredText(type).includes(key);
      if (required && (value === null || (typeof value === "string" && !value.trim()))) {
        throw new BadUserInputError(`${key} cannot be empty.`, `input.${key}`);
      }
    }
    return { document, text };
  }

  private async fillSlug(store: ContentStore, type: ContentTypeKey, id: string | undefined, locale: string, text: Record<string, unknown>, isNew: boolean) {
    const sort = CONTENT_TYPES[type].sortField;
    if (text.slug) {
      const taken = await store.uniqueSlug(type, locale, text.slug as string, id);
      if (taken !== text.slug) throw new AppError("CONFLICT", `The slug "${text.slug}" is taken in locale ${locale}.`, { field: "input.slug" });
    } else if (isNew) {
      text.slug = await store.uniqueSlug(type, locale, slugify(String(text[sort] ?? "")), id);
    }
  }

  async create(actor: Actor, type: ContentTypeKey, input: Record<string, unknown>, locale = this.defaultLocale): Promise<EditorialView> {
    return this.db.transaction(async (m) => {
      const store = new ContentStore(m);
      const { document, text } = this.split(store, type, input);
      for (const key of store.requiredDocument(type)) if (document[key] === undefined) throw new BadUserInputError(`${key} is required.`, `input.${key}`);
      for (const key of store.requiredText(type)) if (text[key] === undefined) throw new BadUserInputError(`${key} is required.`, `input.${key}`);
      if (locale !== this.defaultLocale) throw new BadUserInputError(`Create items in the default locale (${this.defaultLocale}) first, then add translations.`, "locale");
      const generated = !text.slug;
      await this.fillSlug(store, type, undefined, locale, text, true);
      const id = await store.insertDocument(type, { ...document, status: "DRAFT", version: 1, createdBy: actor.email, updatedBy: actor.email });
      // A concurrent create may take the generated slug between our check and insert: try the next one.
      for (let attempt = 1; ; attempt++) {
        await m.query("SAVEPOINT translation");
        try {
          await store.upsertTranslation(type, id, locale, text);
          break;
        } catch (error) {
          if (!generated || attempt >= 5 || (error as AppError).extensions?.code !== "CONFLICT") throw error;
          await m.query("ROLLBACK TO SAVEPOINT translation");
          text.slug = await store.uniqueSlug(type, locale, slugify(String(text[CONTENT_TYPES[type].sortField] ?? "")), id);
        }
      }
      const view = await this.view(store, type, id, locale);
      await recordWrite(m, actor, "CREATE", view.snapshot, { type, id }, null, 1);
      return view;
    });
  }

  /** Locks, checks the version, applies `change`, bumps the version and records it all. */
  private async writeIn(m: EntityManager, actor: Actor, ref: { type: ContentTypeKey; id: string; version: number | null }, action: string, change: (store: ContentStore, current: Record<string, unknown>) => Promise<Change>, locale = this.defaultLocale): Promise<EditorialView> {
    const store = new ContentStore(m);
    const current = await store.lock(ref.type, assertUuid(ref.id, "id"));
    if (!current) throw new AppError("NOT_FOUND", `No ${ref.type} with id ${ref.id}.`);
    const before = current.version as number;
    if (ref.version !== null && ref.version !== before) {
      throw new AppError("CONFLICT", `The ${ref.type} was changed by someone else: you had version ${ref.version}, it is now at ${before}. Reload and apply your change again.`, {
        currentVersion: before,
        yourVersion: ref.version,
      });
    }
    const result = await change(store, current);
    const after = before + 1;
    await store.updateDocument(ref.type, ref.id, { ...result.set, version: after, updatedBy: actor.email, updatedAt: () => "now()" });
    if (result.publish) await store.publish(ref.type, ref.id);
    if (result.unpublish) await store.unpublish(ref.type, ref.id);
    const view = await this.view(store, ref.type, ref.id, locale);
    await recordWrite(m, actor, action, view.snapshot, ref, before, after, result.detail);
    return view;
  }

  private write(actor: Actor, ref: { type: ContentTypeKey; id: string; version: number | null }, action: string, change: (store: ContentStore, current: Record<string, unknown>) => Promise<Change>, locale?: string) {
    return this.db.transaction((m) => this.writeIn(m, actor, ref, action, change, locale));
  }

  /** Partial update: fields left out stay as they are; text fields go to `locale`'s translation. */
  update(actor: Actor, ref: ItemRef, input: Record<string, unknown>, locale = this.defaultLocale): Promise<EditorialView> {
    return this.write(actor, ref, "UPDATE", async (store, current) => {
      const status = statusAfterEdit(current.status as Status);
      const { document, text } = this.split(store, ref.type, input);
      const exists = (await store.translations(ref.type, ref.id)).some((t) => t.locale === locale);
      if (!exists) for (const key of store.requiredText(ref.type)) if (text[key] === undefined) throw new BadUserInputError(`${key} is required for a new translation.`, `input.${key}`);
      await this.fillSlug(store, ref.type, ref.id, locale, text, !exists);
      if (Object.keys(text).length) await store.upsertTranslation(ref.type, ref.id, locale, text);
      return { set: { ...document, status }, detail: { locale, fields: Object.keys({ ...document, ...text }), statusBefore: current.status, statusAfter: status } };
    }, locale);
  }

  deleteTranslation(actor: Actor, ref: ItemRef, locale: string): Promise<EditorialView> {
    if (locale === this.defaultLocale) throw new BadUserInputError("The default locale's text cannot be deleted; delete the item instead.", "locale");
    return this.write(actor, ref, "DELETE_TRANSLATION", async (store, current) => {
      if (!(await store.deleteTranslation(ref.type, ref.id, locale))) throw new AppError("NOT_FOUND", `No ${locale} translation.`);
      return { set: { status: statusAfterEdit(current.status as Status) }, detail: { locale } };
    });
  }

  setLinks(actor: Actor, ref: ItemRef, key: LinkKey, links: LinkValue[]): Promise<EditorialView> {
    if (LINKS[key].source !== ref.type) throw new BadUserInputError(`A ${ref.type} has no ${key} links.`, "kind");
    if (new Set(links.map((l) => l.targetId)).size !== links.length) throw new BadUserInputError("The same item is linked twice.", "links");
    const declared = LINK_BY_KEY.get(key)!.attributes;
    for (const [i, link] of links.entries()) {
      const extra = Object.keys(link).find((k) => !["targetId", "order", "note", "evidence"].includes(k) && !(k in declared));
      if (extra) throw new BadUserInputError(`${key} links have no ${extra}.`, `links[${i}].${extra}`);
    }
    return this.write(actor, ref, "SET_LINKS", async (store, current) => {
      await store.replaceLinks(key, ref.id, links);
      return { set: { status: statusAfterEdit(current.status as Status) }, detail: { kind: key, count: links.length } };
    });
  }

  async remove(actor: Actor, ref: ItemRef): Promise<void> {
    await this.db.transaction(async (m) => {
      const store = new ContentStore(m);
      const current = await store.lock(ref.type, assertUuid(ref.id, "id"));
      if (!current) throw new AppError("NOT_FOUND", `No ${ref.type} with id ${ref.id}.`);
      if (current.version !== ref.version) {
        throw new AppError("CONFLICT", `The ${ref.type} is at version ${current.version}, not ${ref.version}.`, { currentVersion: current.version, yourVersion: ref.version });
      }
      const snapshot = await store.snapshot(ref.type, ref.id);
      await store.deleteDocument(ref.type, ref.id);
      await recordWrite(m, actor, "DELETE", snapshot, ref, ref.version, null);
    });
  }

  private workflowChange(actor: Actor, type: ContentTypeKey, action: WorkflowAction, options: TransitionOptions) {
    return async (store: ContentStore, current: Record<string, unknown>): Promise<Change> => {
      const live = (await store.isLive(type, current.id as string)) !== null;
      const next = transition(action, current.status as Status, { actor, live, override: options.override });
      if (next.overridden && !options.reason?.trim()) throw new BadUserInputError("Give a reason for publishing without approval.", "reason");
      const set: Record<string, unknown> = { status: next.status };
      const detail: Record<string, unknown> = { statusBefore: current.status, statusAfter: next.status };
      if (action === "APPROVE") {
        // Four eyes: the clinical sign-off must come from someone other than the last author.
        const author = await lastContentAuthor(store, current.id as string);
        if (author && author === actor.id) {
          throw new AppError("FORBIDDEN", "You made the latest change to this content: another reviewer must sign it off.");
        }
        const now = new Date();
        const due = options.nextReviewDueAt ?? defaultNextReview(now);
        if (due.getTime() <= now.getTime()) throw new BadUserInputError("nextReviewDueAt must be in the future.", "nextReviewDueAt");
        Object.assign(set, { reviewedBy: actor.displayName, lastReviewedAt: now, nextReviewDueAt: due });
        detail.nextReviewDueAt = due.toISOString();
      }
      if (action === "PUBLISH") {
        const hasDefault = (await store.translations(type, current.id as string)).some((t) => t.locale === this.defaultLocale);
        if (!hasDefault) throw new BadUserInputError(`Add the ${this.defaultLocale} text before publishing.`, "locale");
        set.publishedAt = new Date();
        if (next.overridden) Object.assign(detail, { override: true, reason: options.reason ?? null });
      }
      if (options.comment) detail.comment = options.comment;
      return { set, detail, publish: action === "PUBLISH", unpublish: action === "UNPUBLISH" || (action === "ARCHIVE" && live) };
    };
  }

  /** A workflow step. `version` null (scheduled jobs) applies it to whatever version is current. */
  transition(actor: Actor, type: ContentTypeKey, id: string, version: number | null, action: WorkflowAction, options: TransitionOptions = {}): Promise<EditorialView> {
    return this.write(actor, { type, id, version }, action, this.workflowChange(actor, type, action, options));
  }

  /** Publishes several items atomically: all of them, or none when one cannot be. */
  publishRelease(actor: Actor, items: ItemRef[], options: TransitionOptions = {}): Promise<EditorialView[]> {
    return this.db.transaction((m) => this.publishReleaseIn(m, actor, items, options));
  }

  /** A release inside the caller's transaction (the seed imports and publishes in one). */
  async publishReleaseIn(m: EntityManager, actor: Actor, items: ItemRef[], options: TransitionOptions = {}): Promise<EditorialView[]> {
    if (!items.length) throw new BadUserInputError("A release needs at least one item.", "items");
    if (new Set(items.map((i) => i.id)).size !== items.length) throw new BadUserInputError("An item appears twice in the release.", "items");
    const views: EditorialView[] = [];
    for (const item of items) {
      views.push(await this.writeIn(m, actor, item, "PUBLISH", this.workflowChange(actor, item.type, "PUBLISH", options)));
    }
    return views;
  }

  /** Makes a revision's content the new draft: fields, translations and links. */
  async restoreRevision(actor: Actor, revisionId: string, version: number): Promise<EditorialView> {
    const revision = await this.db.getRepository(RevisionEntity).findOneBy({ id: assertUuid(revisionId, "revisionId") });
    if (!revision) throw new AppError("NOT_FOUND", `No revision ${revisionId}.`);
    const snapshot = revision.snapshot as unknown as Snapshot;
    const type = revision.contentType as ContentTypeKey;
    return this.write(actor, { type, id: revision.contentId, version }, "RESTORE", async (store) => {
      const document = Object.fromEntries(store.documentProperties(type).map((p) => [p, snapshot.document[p]]));
      const current = await store.translations(type, revision.contentId);
      for (const t of current) if (!snapshot.translations.some((s) => s.locale === t.locale)) await store.deleteTranslation(type, revision.contentId, t.locale as string);
      for (const { locale, ...text } of snapshot.translations) await store.upsertTranslation(type, revision.contentId, locale as string, text);
      const skipped: string[] = [];
      for (const key of ownedLinks(type)) {
        const wanted = snapshot.links[key] ?? [];
        const ids = wanted.map((l) => l.targetId);
        const known = await store.existing(LINKS[key].target, ids);
        skipped.push(...ids.filter((id) => !known.has(id)));
        await store.replaceLinks(key, revision.contentId, wanted.filter((l) => known.has(l.targetId)));
      }
      return { set: { ...document, status: "DRAFT" }, detail: { revisionId, revisionVersion: revision.version, skippedLinks: skipped } };
    });
  }
}
