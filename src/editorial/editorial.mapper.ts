import { CONTENT_TYPES } from "../content/content-types";
import { EvidenceData } from "../content/content.entity";
import { EvidenceInput } from "../content/content.input";
import { reviewStatusOf } from "../content/content.type";
import { LINK_INFOS } from "../model/registry";
import { AuditEntryEntity, RevisionEntity } from "./cms.entities";
import { Snapshot } from "./content-store";
import { EditorialView } from "./editorial.service";
import { AuditEntry, ContentStatus, EditorialItem, Revision } from "./editorial.types";

function titleOf(snapshot: Snapshot, text: Record<string, unknown> | undefined): string {
  return String((text?.[CONTENT_TYPES[snapshot.type].sortField] as string | undefined) ?? "");
}

/** The editors' view of an item, with text in the requested locale (else the default one). */
export function toEditorialItem(view: EditorialView, defaultLocale: string): EditorialItem {
  const { snapshot } = view;
  const d = snapshot.document;
  const text =
    snapshot.translations.find((t) => t.locale === view.locale) ??
    snapshot.translations.find((t) => t.locale === defaultLocale) ??
    snapshot.translations[0];
  return {
    id: d.id as string,
    type: snapshot.type,
    status: d.status as ContentStatus,
    version: d.version as number,
    slug: (text?.slug as string) ?? "",
    title: titleOf(snapshot, text),
    locale: (text?.locale as string) ?? view.locale,
    live: view.liveVersion !== null,
    liveVersion: view.liveVersion,
    reviewedBy: (d.reviewedBy as string) ?? null,
    lastReviewedAt: (d.lastReviewedAt as Date) ?? null,
    nextReviewDueAt: (d.nextReviewDueAt as Date) ?? null,
    reviewStatus: reviewStatusOf(d.lastReviewedAt as Date | null, d.nextReviewDueAt as Date | null),
    publishedAt: (d.publishedAt as Date) ?? null,
    createdBy: (d.createdBy as string) ?? null,
    updatedBy: (d.updatedBy as string) ?? null,
    updatedAt: d.updatedAt as Date,
    translations: snapshot.translations.map((t) => ({ locale: t.locale as string, slug: t.slug as string, title: titleOf(snapshot, t) })),
    content: { ...d, ...(text ?? {}) },
    links: snapshot.links,
  };
}

export function toRevision(r: RevisionEntity): Revision {
  return {
    id: r.id,
    type: r.contentType,
    contentId: r.contentId,
    version: r.version,
    action: r.action,
    authorEmail: r.authorEmail,
    createdAt: r.createdAt,
    snapshot: r.snapshot,
  };
}

export function toAuditEntry(a: AuditEntryEntity): AuditEntry {
  return {
    id: String(a.id),
    at: a.at,
    actorEmail: a.actorEmail,
    action: a.action,
    type: a.contentType ?? null,
    contentId: a.contentId,
    versionBefore: a.versionBefore,
    versionAfter: a.versionAfter,
    detail: a.detail,
  };
}

/** Link evidence as stored: the quote as written and every citation field, absent ones null. */
export function evidenceOf(input: EvidenceInput | null | undefined): EvidenceData | null {
  if (!input) return null;
  const c = input.citation;
  return {
    quote: input.quote,
    citation: {
      title: c.title,
      url: c.url ?? null,
      publisher: c.publisher ?? null,
      doi: c.doi ?? null,
      pmid: c.pmid ?? null,
      evidenceLevel: c.evidenceLevel ?? null,
      note: c.note ?? null,
    },
  };
}

const ATTRIBUTES = new Set(LINK_INFOS.flatMap((l) => Object.keys(l.attributes)));

/** The link attributes (e.g. `line`) an editor sent; which link may have which is checked in setLinks. */
export function linkAttributes(input: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => ATTRIBUTES.has(k) && typeof v === "string")) as Record<string, string>;
}
