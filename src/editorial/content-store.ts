import { EntityManager, EntityMetadata } from "typeorm";
import { AppError } from "../common/errors";
import { CONTENT_TYPES, ContentTypeKey, LINKS, LinkKey } from "../content/content-types";
import { EvidenceData } from "../content/content.entity";
import { LINK_BY_KEY } from "../model/registry";

export interface LinkValue {
  targetId: string;
  order: number;
  note: string | null;
  /** Attributes the link's definition declares, e.g. a treatment's `line`. */
  [attribute: string]: unknown;
  /** Left out when the link has none, as `line` is on links without one. */
  evidence?: EvidenceData | null;
}

/** An item with its translations and the links it owns: what a revision stores. */
export interface Snapshot {
  type: ContentTypeKey;
  document: Record<string, unknown>;
  translations: Array<Record<string, unknown>>;
  links: Partial<Record<LinkKey, LinkValue[]>>;
}

/** Document fields an editor never sets directly. */
export const SYSTEM_FIELDS = new Set([
  "id",
  "status",
  "version",
  "createdBy",
  "updatedBy",
  "createdAt",
  "updatedAt",
  "publishedAt",
  "reviewedBy",
  "lastReviewedAt",
  "nextReviewDueAt",
]);

export function ownedLinks(type: ContentTypeKey): LinkKey[] {
  return Object.keys(LINKS).filter((k) => LINKS[k].source === type);
}

const q = (name: string) => `"${name}"`;

/**
 * Reads and writes one content item of the draft graph inside a transaction, and copies it
 * to the live graph on publish. Table and column names come from the TypeORM metadata.
 */
export class ContentStore {
  constructor(private readonly m: EntityManager) {}

  get manager(): EntityManager {
    return this.m;
  }

  meta(entity: Function): EntityMetadata {
    return this.m.connection.getMetadata(entity);
  }

  /** The translation's property pointing at its document, e.g. `conditionId`. */
  owner(type: ContentTypeKey): string {
    return this.meta(CONTENT_TYPES[type].translation).primaryColumns.find((c) => c.propertyName !== "locale")!.propertyName;
  }

  documentProperties(type: ContentTypeKey): string[] {
    return this.meta(CONTENT_TYPES[type].document)
      .columns.map((c) => c.propertyName)
      .filter((p) => !SYSTEM_FIELDS.has(p));
  }

  textProperties(type: ContentTypeKey): string[] {
    const owner = this.owner(type);
    return this.meta(CONTENT_TYPES[type].translation)
      .columns.map((c) => c.propertyName)
      .filter((p) => p !== owner && p !== "locale");
  }

  /** Text properties a new translation must have (NOT NULL without a default), e.g. `name`. */
  requiredText(type: ContentTypeKey): string[] {
    const owner = this.owner(type);
    return this.meta(CONTENT_TYPES[type].translation)
      .columns.filter(
        (c) =>
          !c.isNullable && c.default === undefined && c.propertyName !== owner && c.propertyName !== "locale" && c.propertyName !== "slug",
      )
      .map((c) => c.propertyName);
  }

  requiredDocument(type: ContentTypeKey): string[] {
    return this.meta(CONTENT_TYPES[type].document)
      .columns.filter(
        (c) =>
          !c.isNullable &&
          c.default === undefined &&
          !c.isGenerated &&
          !SYSTEM_FIELDS.has(c.propertyName) &&
          !c.isCreateDate &&
          !c.isUpdateDate,
      )
      .map((c) => c.propertyName);
  }

  /** Properties that can never be null (NOT NULL, with or without a default), e.g. a symptom's `kind`. */
  notNullable(type: ContentTypeKey): Set<string> {
    const owner = this.owner(type);
    const columns = [...this.meta(CONTENT_TYPES[type].document).columns, ...this.meta(CONTENT_TYPES[type].translation).columns];
    return new Set(
      columns
        .filter((c) => !c.isNullable && !SYSTEM_FIELDS.has(c.propertyName) && c.propertyName !== owner && c.propertyName !== "locale")
        .map((c) => c.propertyName),
    );
  }

  /** Locks the draft document for the rest of the transaction. */
  async lock(type: ContentTypeKey, id: string): Promise<Record<string, unknown> | null> {
    return this.m.createQueryBuilder(CONTENT_TYPES[type].document, "d").setLock("pessimistic_write").where("d.id = :id", { id }).getOne();
  }

  async translations(type: ContentTypeKey, id: string): Promise<Array<Record<string, unknown>>> {
    const owner = this.owner(type);
    const rows = (await this.m.find(CONTENT_TYPES[type].translation, {
      where: { [owner]: id },
      order: { locale: "ASC" },
    })) as unknown as Array<Record<string, unknown>>;
    return rows.map(({ [owner]: _owner, ...rest }) => rest);
  }

  async links(key: LinkKey, sourceId: string): Promise<LinkValue[]> {
    const rows = (await this.m.find(LINKS[key].entity, { where: { sourceId }, order: { position: "ASC" } as never })) as unknown as Array<
      Record<string, unknown>
    >;
    const attributes = Object.keys(LINK_BY_KEY.get(key)!.attributes);
    return rows.map((row) => ({
      targetId: row.targetId as string,
      order: row.position as number,
      note: (row.note as string | null) ?? null,
      ...Object.fromEntries(attributes.map((a) => [a, row[a]])),
      ...(row.evidence ? { evidence: row.evidence as EvidenceData } : {}),
    }));
  }

  async snapshot(type: ContentTypeKey, id: string): Promise<Snapshot | null> {
    const document = (await this.m.findOneBy(CONTENT_TYPES[type].document, { id })) as Record<string, unknown> | null;
    if (!document) return null;
    const links: Snapshot["links"] = {};
    for (const key of ownedLinks(type)) links[key] = await this.links(key, id);
    return { type, document, translations: await this.translations(type, id), links };
  }

  async insertDocument(type: ContentTypeKey, values: Record<string, unknown>): Promise<string> {
    const result = await this.m.createQueryBuilder().insert().into(CONTENT_TYPES[type].document).values(values).returning(["id"]).execute();
    return (result.raw as Array<{ id: string }>)[0].id;
  }

  async updateDocument(type: ContentTypeKey, id: string, values: Record<string, unknown>): Promise<void> {
    if (Object.keys(values).length)
      await this.m.createQueryBuilder().update(CONTENT_TYPES[type].document).set(values).where("id = :id", { id }).execute();
  }

  async upsertTranslation(type: ContentTypeKey, id: string, locale: string, values: Record<string, unknown>): Promise<void> {
    const owner = this.owner(type);
    const entity = CONTENT_TYPES[type].translation;
    const existing = await this.m.findOneBy(entity, { [owner]: id, locale });
    try {
      if (existing) {
        if (Object.keys(values).length)
          await this.m
            .createQueryBuilder()
            .update(entity)
            .set(values)
            .where({ [owner]: id, locale })
            .execute();
      } else {
        await this.m
          .createQueryBuilder()
          .insert()
          .into(entity)
          .values({ ...values, [owner]: id, locale })
          .execute();
      }
    } catch (error) {
      if ((error as { code?: string }).code === "23505") {
        throw new AppError("CONFLICT", `The slug "${values.slug as string}" is taken in locale ${locale}.`, { field: "input.slug" });
      }
      throw error;
    }
  }

  async deleteTranslation(type: ContentTypeKey, id: string, locale: string): Promise<boolean> {
    const result = await this.m.delete(CONTENT_TYPES[type].translation, { [this.owner(type)]: id, locale });
    return (result.affected ?? 0) > 0;
  }

  /** Replaces all links of one kind; targets must exist in the draft graph. */
  async replaceLinks(key: LinkKey, sourceId: string, links: LinkValue[]): Promise<void> {
    const entity = LINKS[key].entity;
    await this.m.delete(entity, { sourceId });
    if (!links.length) return;
    const targetIds = [...new Set(links.map((l) => l.targetId))];
    const known = await this.existing(LINKS[key].target, targetIds);
    const missing = targetIds.filter((id) => !known.has(id));
    if (missing.length) throw new AppError("BAD_USER_INPUT", `No ${LINKS[key].target} with id ${missing.join(", ")}.`, { field: "links" });
    await this.m
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(
        links.map((l, i) => ({
          ...attributesOf(key, l),
          sourceId,
          targetId: l.targetId,
          position: i,
          note: l.note,
          evidence: l.evidence ?? null,
        })),
      )
      .execute();
  }

  /** Which of `ids` exist as `type` in the draft graph. */
  async existing(type: ContentTypeKey, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const found = await this.m.findBy(
      CONTENT_TYPES[type].document,
      ids.map((id) => ({ id })),
    );
    return new Set(found.map((f) => f.id));
  }

  async deleteDocument(type: ContentTypeKey, id: string): Promise<void> {
    await this.unpublish(type, id);
    await this.m.delete(CONTENT_TYPES[type].document, { id });
  }

  private table(entity: Function): string {
    return q(this.meta(entity).tableName);
  }

  async isLive(type: ContentTypeKey, id: string): Promise<number | null> {
    const rows: Array<{ version: number }> = await this.m.query(
      `SELECT version FROM live.${this.table(CONTENT_TYPES[type].document)} WHERE id = $1`,
      [id],
    );
    return rows[0]?.version ?? null;
  }

  /**
   * Replaces the live copy with the draft: document, translations and owned links, in the
   * caller's transaction. Links to items that are not live are copied too; delivery's join
   * hides them until their target is published.
   */
  async publish(type: ContentTypeKey, id: string): Promise<void> {
    const doc = this.table(CONTENT_TYPES[type].document);
    const text = this.table(CONTENT_TYPES[type].translation);
    const owner = q(this.meta(CONTENT_TYPES[type].translation).findColumnWithPropertyName(this.owner(type))!.databaseName);
    await this.m.query(`DELETE FROM live.${doc} WHERE id = $1`, [id]);
    await this.m.query(`INSERT INTO live.${doc} SELECT * FROM draft.${doc} WHERE id = $1`, [id]);
    // Authorship stays in draft (and in revisions): staff emails have no business in live.
    await this.m.query(`UPDATE live.${doc} SET created_by = NULL, updated_by = NULL WHERE id = $1`, [id]);
    try {
      await this.m.query(`INSERT INTO live.${text} SELECT * FROM draft.${text} WHERE ${owner} = $1`, [id]);
    } catch (error) {
      if ((error as { code?: string }).code === "23505") {
        throw new AppError("CONFLICT", "A published item still uses one of this item's slugs; publish or rename that one first.");
      }
      throw error;
    }
    for (const key of ownedLinks(type)) {
      const link = this.meta(LINKS[key].entity);
      const source = q(link.findColumnWithPropertyName("sourceId")!.databaseName);
      await this.m.query(`INSERT INTO live.${q(link.tableName)} SELECT * FROM draft.${q(link.tableName)} WHERE ${source} = $1`, [id]);
    }
  }

  /** Removes the live copy (its translations and owned links go with it). */
  async unpublish(type: ContentTypeKey, id: string): Promise<void> {
    await this.m.query(`DELETE FROM live.${this.table(CONTENT_TYPES[type].document)} WHERE id = $1`, [id]);
  }

  /** `base`, or `base-2`, `base-3`, ... whichever is free for this type and locale. */
  async uniqueSlug(type: ContentTypeKey, locale: string, base: string, exceptId?: string): Promise<string> {
    const text = this.table(CONTENT_TYPES[type].translation);
    const owner = q(this.meta(CONTENT_TYPES[type].translation).findColumnWithPropertyName(this.owner(type))!.databaseName);
    const rows: Array<{ slug: string }> = await this.m.query(
      `SELECT slug FROM draft.${text} WHERE locale = $1 AND (slug = $2 OR slug LIKE $2 || '-%') AND ${owner} IS DISTINCT FROM $3::uuid`,
      [locale, base, exceptId ?? null],
    );
    const taken = new Set(rows.map((r) => r.slug));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/** The attributes `key` declares, taken from a link value; the declared default when absent. */
export function attributesOf(key: LinkKey, link: Record<string, unknown>): Record<string, string> {
  const declared = LINK_BY_KEY.get(key)!.attributes;
  return Object.fromEntries(Object.entries(declared).map(([name, a]) => [name, (link[name] as string | undefined) ?? a.default]));
}

/** A URL slug from a name: lower case ASCII words joined by hyphens. */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "item";
}
