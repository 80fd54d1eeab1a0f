import { Actor } from "../../access/access";
import { BadUserInputError } from "../../common/errors";
import { Status, statusAfterEdit } from "../workflow";
import { fillSlug, splitInput } from "./fields";
import { EditorialContext, EditorialView, ItemRef } from "./types";
import { write } from "./write";

/** Partial update: fields left out stay as they are; text fields go to `locale`'s translation. */
export function update(
  ctx: EditorialContext,
  actor: Actor,
  ref: ItemRef,
  input: Record<string, unknown>,
  locale = ctx.defaultLocale,
): Promise<EditorialView> {
  return write(
    ctx,
    actor,
    ref,
    "UPDATE",
    async (store, current) => {
      const status = statusAfterEdit(current.status as Status);
      const { document, text } = splitInput(store, ref.type, input);
      const exists = (await store.translations(ref.type, ref.id)).some((t) => t.locale === locale);
      if (!exists) {
        for (const key of store.requiredText(ref.type)) {
          if (text[key] === undefined) throw new BadUserInputError(`${key} is required for a new translation.`, `input.${key}`);
        }
      }
      await fillSlug(store, ref.type, ref.id, locale, text, !exists);
      if (Object.keys(text).length) await store.upsertTranslation(ref.type, ref.id, locale, text);
      const fields = Object.keys({ ...document, ...text });
      return { set: { ...document, status }, detail: { locale, fields, statusBefore: current.status, statusAfter: status } };
    },
    locale,
  );
}
