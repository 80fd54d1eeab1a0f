import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DataSource, EntityManager } from "typeorm";
import { projectRoot } from "../config/config";
import { CONTENT_TYPES, ContentTypeKey, LINKS, LinkKey } from "../content/content-types";
import { Actor } from "../access/access";
import { CitationData } from "../content/content.entity";
import { recordWrite } from "../editorial/audit";
import { attributesOf, ContentStore, SYSTEM_FIELDS } from "../editorial/content-store";
import { EditorialService } from "../editorial/editorial.service";
import { DEFINITIONS, LINK_INFOS } from "../model/registry";

type Item = Record<string, unknown> & { slug: string };
type LinkRef = { slug: string; note?: string | null; line?: string; evidence?: { quote: string; citation?: CitationData } };

export interface SeedFile {
  locale: string;
  /** The source every item and link rests on. */
  citation: CitationData;
  /** Who imports it, and the reason recorded for publishing it without a clinical sign-off. */
  import: { actor: string; reason: string };
  [collection: string]: unknown;
}

/**
 * The actor of an import: no user account, so it can never sign anything off (four eyes
 * compares user ids, and it has none); ADMIN only so that the audited override applies.
 */
export function importActor(data: SeedFile): Actor {
  return { id: null, email: "system:source-import", displayName: data.import.actor, role: "ADMIN" };
}

/** Which JSON collection holds which content type: its list query's name, e.g. `riskFactors`. */
const COLLECTIONS: Record<string, ContentTypeKey> = Object.fromEntries(DEFINITIONS.map((d) => [d.listQuery, d.key]));

/** Which list inside an item holds which link: the link's field, e.g. `symptoms`. */
const LINK_LISTS: Record<ContentTypeKey, Record<string, LinkKey>> = Object.fromEntries(
  DEFINITIONS.map((d) => [d.key, Object.fromEntries(LINK_INFOS.filter((l) => l.source === d.key).map((l) => [l.definition.field, l.key]))]),
);

export const DEFAULT_SEED_FILE = "seeds/content/leg-and-calf-pain.json";

/** How many items a seed file holds, over every content type. */
export function seededItemCount(data: SeedFile = readSeedFile()): number {
  return DEFINITIONS.reduce((n, d) => n + ((data[d.listQuery] as unknown[] | undefined)?.length ?? 0), 0);
}

/** A stable UUID (version 5 layout) for a seeded item, so that seeding twice finds the same rows. */
export function seedId(type: ContentTypeKey, slug: string): string {
  const hash = createHash("sha1").update(`health-cms:${type}:${slug}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function readSeedFile(file = DEFAULT_SEED_FILE): SeedFile {
  return JSON.parse(fs.readFileSync(path.resolve(projectRoot(), file), "utf8")) as SeedFile;
}

function pick(item: Item, properties: string[]): Record<string, unknown> {
  return Object.fromEntries(properties.filter((p) => p in item).map((p) => [p, item[p]]));
}

/**
 * Imports seed content the way an editor's work would go: each new item is created as a
 * draft with an IMPORT revision, then published in one release by the import actor through
 * the workflow's audited admin override, with the file's reason. No review is claimed:
 * reviewedBy and lastReviewedAt stay empty and the next review is due at import time, so
 * every imported item is NOT_REVIEWED and on the due-for-review list until a reviewer signs
 * it off. Items that already exist are left alone (INSERT ... ON CONFLICT DO NOTHING), so
 * seeding twice changes nothing and never overwrites or publishes editors' work.
 * Returns the number of rows inserted.
 */
export async function seedContent(db: DataSource, data: SeedFile = readSeedFile(), now = new Date()): Promise<number> {
  const ids = new Map<string, string>();
  for (const [collection, type] of Object.entries(COLLECTIONS)) {
    for (const item of (data[collection] as Item[] | undefined) ?? []) ids.set(`${type}:${item.slug}`, seedId(type, item.slug));
  }
  const idOf = (type: ContentTypeKey, slug: string, from: string) => {
    const id = ids.get(`${type}:${slug}`);
    if (!id) throw new Error(`seed: ${from} links to unknown ${type} "${slug}"`);
    return id;
  };
  const actor = importActor(data);

  return db.transaction(async (manager: EntityManager) => {
    let inserted = 0;
    const created: Array<{ type: ContentTypeKey; id: string }> = [];
    const insert = async (entity: Function, rows: Record<string, unknown>[]) => {
      if (!rows.length) return [];
      const result = await manager.createQueryBuilder().insert().into(entity).values(rows).orIgnore().returning("*").execute();
      inserted += (result.raw as unknown[]).length;
      return result.raw as Array<Record<string, unknown>>;
    };

    for (const [collection, type] of Object.entries(COLLECTIONS)) {
      const items = (data[collection] as Item[] | undefined) ?? [];
      const def = CONTENT_TYPES[type];
      const docMeta = manager.connection.getMetadata(def.document);
      const textMeta = manager.connection.getMetadata(def.translation);
      const owner = textMeta.primaryColumns.find((c) => c.propertyName !== "locale")!.propertyName;
      const docProps = docMeta.columns.map((c) => c.propertyName).filter((p) => !SYSTEM_FIELDS.has(p) && p !== "citations");
      const textProps = textMeta.columns.map((c) => c.propertyName).filter((p) => p !== owner && p !== "locale");
      const codeCitations = (item: Item) =>
        ((item.codes as Array<{ citation?: unknown }> | undefined) ?? []).flatMap((c) => (c.citation ? [c.citation] : []));

      const documents = await insert(
        def.document,
        items.map((item) => ({
          ...pick(item, docProps),
          id: ids.get(`${type}:${item.slug}`),
          status: "DRAFT",
          version: 1,
          citations: [data.citation, ...codeCitations(item)],
          reviewedBy: null,
          lastReviewedAt: null,
          nextReviewDueAt: now,
          createdBy: actor.email,
          updatedBy: actor.email,
        })),
      );
      created.push(...documents.map((d) => ({ type, id: d.id as string })));
      const isNew = new Set(documents.map((d) => d.id as string));
      await insert(
        def.translation,
        items
          .filter((item) => isNew.has(ids.get(`${type}:${item.slug}`)!))
          .map((item) => ({ ...pick(item, textProps), [owner]: ids.get(`${type}:${item.slug}`), locale: data.locale })),
      );
    }

    const newIds = new Set(created.map((c) => c.id));
    for (const [collection, type] of Object.entries(COLLECTIONS)) {
      for (const [list, key] of Object.entries(LINK_LISTS[type] ?? {})) {
        const items = ((data[collection] as Item[] | undefined) ?? []).filter((item) => newIds.has(ids.get(`${type}:${item.slug}`)!));
        const rows = items.flatMap((item) =>
          ((item[list] as LinkRef[] | undefined) ?? []).map((ref, position) => ({
            sourceId: ids.get(`${type}:${item.slug}`),
            targetId: idOf(LINKS[key].target, ref.slug, `${type} "${item.slug}"`),
            position,
            note: ref.note ?? null,
            evidence: ref.evidence ? { quote: ref.evidence.quote, citation: ref.evidence.citation ?? data.citation } : null,
            ...attributesOf(key, ref),
          })),
        );
        await insert(LINKS[key].entity, rows);
      }
    }

    const store = new ContentStore(manager);
    for (const item of created) {
      const snapshot = await store.snapshot(item.type, item.id);
      await recordWrite(manager, actor, "IMPORT", snapshot, item, null, 1, { source: data.citation.title });
    }
    if (created.length) {
      await new EditorialService(db, data.locale).publishReleaseIn(
        manager,
        actor,
        created.map((c) => ({ ...c, version: 1 })),
        { override: true, reason: data.import.reason },
      );
    }
    return inserted;
  });
}

/** True when the live graph holds no content at all (a fresh database). */
export async function liveGraphIsEmpty(db: DataSource): Promise<boolean> {
  const rows: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM live.condition`);
  return rows[0].n === 0;
}
