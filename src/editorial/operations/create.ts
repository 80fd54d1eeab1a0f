import { Actor } from "../../access/access";
import { AppError, BadUserInputError } from "../../common/errors";
import { ContentTypeKey } from "../../content/content-types";
import { recordWrite } from "../audit";
import { ContentStore } from "../content-store";
import { fillSlug, generatedSlug, splitInput } from "./fields";
import { EditorialContext, EditorialView } from "./types";
import { loadView } from "./write";

/** A new DRAFT at version 1, written in the default locale first. */
export function create(
  ctx: EditorialContext,
  actor: Actor,
  type: ContentTypeKey,
  input: Record<string, unknown>,
  locale = ctx.defaultLocale,
): Promise<EditorialView> {
  return ctx.db.transaction(async (m) => {
    const store = new ContentStore(m);
    const { document, text } = splitInput(store, type, input);
    for (const key of store.requiredDocument(type)) {
      if (document[key] === undefined) throw new BadUserInputError(`${key} is required.`, `input.${key}`);
    }
    for (const key of store.requiredText(type)) {
      if (text[key] === undefined) throw new BadUserInputError(`${key} is required.`, `input.${key}`);
    }
    if (locale !== ctx.defaultLocale) {
      throw new BadUserInputError(`Create items in the default locale (${ctx.defaultLocale}) first, then add translations.`, "locale");
    }
    const generated = !text.slug;
    await fillSlug(store, type, undefined, locale, text, true);
    const authorship = { createdBy: actor.email, updatedBy: actor.email };
    const id = await store.insertDocument(type, { ...document, status: "DRAFT", version: 1, ...authorship });
    // A concurrent create may take the generated slug between our check and insert: try the next one.
    for (let attempt = 1; ; attempt++) {
      await m.query("SAVEPOINT translation");
      try {
        await store.upsertTranslation(type, id, locale, text);
        break;
      } catch (error) {
        if (!generated || attempt >= 5 || (error as AppError).extensions?.code !== "CONFLICT") throw error;
        await m.query("ROLLBACK TO SAVEPOINT translation");
        text.slug = await generatedSlug(store, type, id, locale, text);
      }
    }
    const view = await loadView(store, type, id, locale);
    await recordWrite(m, actor, "CREATE", view.snapshot, { type, id }, null, 1);
    return view;
  });
}
