import { FieldModel, Item, LinkModel, linkKey, TypeModel } from "./model";

export interface Citation {
  title: string;
  url: string;
  publisher: string;
  doi: string;
  pmid: string;
  evidenceLevel: string;
  note: string;
}
export interface Code {
  system: string;
  code: string;
  citationTitle: string;
  citationUrl: string;
}
export type Value = string | string[] | Citation[] | Code[];
/** Form values by field name, plus `slug` and `citations`. */
export type Values = Record<string, Value>;

export interface LinkRow {
  targetId: string;
  title: string;
  note: string;
  quote: string;
  citation: Citation;
  attributes: Record<string, string>;
}
export type Links = Record<string, LinkRow[]>;

export const CITATION_KEYS: Array<keyof Citation> = ["title", "url", "publisher", "doi", "pmid", "evidenceLevel", "note"];

export function emptyCitation(): Citation {
  return { title: "", url: "", publisher: "", doi: "", pmid: "", evidenceLevel: "", note: "" };
}

function citationOf(raw: unknown): Citation {
  const c = (raw ?? {}) as Record<string, unknown>;
  const out = emptyCitation();
  for (const k of CITATION_KEYS) out[k] = typeof c[k] === "string" ? c[k] : "";
  return out;
}

function text(raw: unknown): string {
  return typeof raw === "string" ? raw : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : "";
}

function fieldValue(field: FieldModel, raw: unknown): Value {
  if (field.kind === "textList") return Array.isArray(raw) ? raw.map(String) : [];
  if (field.kind === "json") {
    const rows = Array.isArray(raw) ? (raw as Array<Record<string, unknown>>) : [];
    return rows.map((r) => {
      const c = citationOf(r.citation);
      return { system: text(r.system), code: text(r.code), citationTitle: c.title, citationUrl: c.url };
    });
  }
  return text(raw);
}

/** The form's values for `locale`: localized fields are empty where the item has no such translation. */
export function valuesOf(model: TypeModel, item: Item | null, locale: string): Values {
  const content = item?.content ?? {};
  const translated = !item || item.locale === locale;
  const values: Values = {};
  for (const field of model.fields) {
    values[field.name] = fieldValue(field, field.localized && !translated ? null : content[field.name]);
    // A new item starts on the first value of a required choice, as the form shows it.
    if (!item && field.kind === "enum" && field.required) values[field.name] = field.enumValues?.[0] ?? "";
  }
  values.slug = translated && item ? item.slug : "";
  values.citations = Array.isArray(content.citations) ? content.citations.map(citationOf) : [];
  return values;
}

/** What readers of `locale` get for an empty localized field: the fallback's text. */
export function fallbackOf(item: Item | null, locale: string, field: FieldModel): string | null {
  if (!item || !field.localized || item.locale === locale) return null;
  const raw = item.content[field.name];
  if (raw == null || raw === "") return null;
  return `${item.locale}: ${Array.isArray(raw) ? raw.map(text).join("; ") : text(raw)}`;
}

function blankToNull(s: string): string | null {
  return s.trim() === "" ? null : s;
}

function citationInput(c: Citation): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of CITATION_KEYS) out[k] = blankToNull(c[k]);
  return out;
}

/** The update input: only the fields that differ from `base` (a partial update). */
export function inputOf(model: TypeModel, values: Values, base: Values | null): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const changed = (name: string) => !base || JSON.stringify(values[name]) !== JSON.stringify(base[name]);
  for (const field of model.fields) {
    if (!changed(field.name)) continue;
    const v = values[field.name];
    if (field.kind === "textList") input[field.name] = (v as string[]).map((s) => s.trim()).filter(Boolean);
    else if (field.kind === "json")
      input[field.name] = (v as Code[])
        .filter((c) => c.system.trim() || c.code.trim())
        .map((c) => ({
          system: c.system.trim(),
          code: c.code.trim(),
          citation: c.citationTitle.trim() ? { title: c.citationTitle.trim(), url: blankToNull(c.citationUrl) } : null,
        }));
    // An enum left empty keeps the stored (or default) value: the API has no "no value" for it.
    else if (field.kind === "enum") {
      if (v) input[field.name] = v;
    } else input[field.name] = blankToNull(v as string);
  }
  // A new item: leave out what is empty, so that the type's defaults apply.
  if (!base) for (const key of Object.keys(input)) if (input[key] === null) delete input[key];
  if (changed("slug") && (values.slug as string).trim()) input.slug = (values.slug as string).trim();
  if (changed("citations")) input.citations = (values.citations as Citation[]).filter((c) => c.title.trim()).map(citationInput);
  return input;
}

/** The item's links of every kind the type owns, in order, with the linked items' titles. */
export function linksOf(model: TypeModel, item: Item | null, titles: Record<string, string>): Links {
  const all = (item?.links ?? {}) as Record<string, Array<Record<string, unknown>>>;
  const out: Links = {};
  for (const link of model.links) {
    const rows = [...(all[linkKey(model, link)] ?? [])].sort((a, b) => Number(a.order) - Number(b.order));
    out[link.kind] = rows.map((r) => linkRow(link, r, titles));
  }
  return out;
}

function linkRow(link: LinkModel, r: Record<string, unknown>, titles: Record<string, string>): LinkRow {
  const evidence = r.evidence as { quote?: string; citation?: unknown } | null;
  const attributes: Record<string, string> = {};
  for (const a of link.attributes) attributes[a.name] = typeof r[a.name] === "string" ? (r[a.name] as string) : a.default;
  const targetId = String(r.targetId);
  return {
    targetId,
    title: titles[targetId] ?? targetId,
    note: typeof r.note === "string" ? r.note : "",
    quote: evidence?.quote ?? "",
    citation: citationOf(evidence?.citation),
    attributes,
  };
}

/** setLinks' input for one kind. Evidence needs a quote and a citation title, or it is left out. */
export function linkInputs(rows: LinkRow[]): Array<Record<string, unknown>> {
  return rows.map((r) => ({
    id: r.targetId,
    note: blankToNull(r.note),
    evidence: r.quote.trim() && r.citation.title.trim() ? { quote: r.quote.trim(), citation: citationInput(r.citation) } : null,
    ...r.attributes,
  }));
}

/** Comparable form of links (titles are display only). */
export function linksKey(rows: LinkRow[] | undefined): string {
  return JSON.stringify((rows ?? []).map((r) => ({ ...r, title: undefined })));
}

export function display(value: Value | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return value
    .map((v) => (typeof v === "string" ? v : "title" in v ? [v.title, v.url].filter(Boolean).join(", ") : `${v.system} ${v.code}`))
    .join("\n");
}
