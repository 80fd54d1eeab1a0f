import { AppError, BadUserInputError } from "../../common/errors";
import { CONTENT_TYPES, ContentTypeKey } from "../../content/content-types";
import { ContentStore, slugify } from "../content-store";

/** Splits editor input into document fields and text fields, refusing blanks where a value is required. */
export function splitInput(store: ContentStore, type: ContentTypeKey, input: Record<string, unknown>) {
  const documentProps = new Set(store.documentProperties(type));
  const textProps = new Set(store.textProperties(type));
  const document: Record<string, unknown> = {};
  const text: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    // No slug means "generate one" (new translation) or "keep it" (update).
    if (key === "slug" && value === null) continue;
    if (documentProps.has(key)) document[key] = value;
    else if (textProps.has(key)) text[key] = value;
  }
  const required = new Set([...store.requiredDocument(type), ...store.requiredText(type)]);
  const notNullable = store.notNullable(type);
  for (const [key, value] of Object.entries({ ...document, ...text })) {
    if (required.has(key) && (value === null || (typeof value === "string" && !value.trim()))) {
      throw new BadUserInputError(`${key} cannot be empty.`, `input.${key}`);
    }
    // A column with a default still cannot hold null: leave the field out to keep its value.
    if (value === null && notNullable.has(key)) {
      throw new BadUserInputError(`${key} cannot be null; leave it out to keep the current value.`, `input.${key}`);
    }
  }
  return { document, text };
}

/** A slug derived from the type's sort field, unique in `locale`. */
export function generatedSlug(
  store: ContentStore,
  type: ContentTypeKey,
  id: string | undefined,
  locale: string,
  text: Record<string, unknown>,
): Promise<string> {
  return store.uniqueSlug(type, locale, slugify(String((text[CONTENT_TYPES[type].sortField] as string | undefined) ?? "")), id);
}

/** Keeps a given slug only when it is free; a new translation without one gets a generated slug. */
export async function fillSlug(
  store: ContentStore,
  type: ContentTypeKey,
  id: string | undefined,
  locale: string,
  text: Record<string, unknown>,
  isNew: boolean,
): Promise<void> {
  if (text.slug) {
    const taken = await store.uniqueSlug(type, locale, text.slug as string, id);
    if (taken !== text.slug) {
      throw new AppError("CONFLICT", `The slug "${text.slug as string}" is taken in locale ${locale}.`, { field: "input.slug" });
    }
  } else if (isNew) {
    text.slug = await generatedSlug(store, type, id, locale, text);
  }
}
