import { Actor } from "../../access/access";
import { AppError, BadUserInputError } from "../../common/errors";
import { Status, statusAfterEdit } from "../workflow";
import { EditorialContext, EditorialView, ItemRef } from "./types";
import { write } from "./write";

export function deleteTranslation(ctx: EditorialContext, actor: Actor, ref: ItemRef, locale: string): Promise<EditorialView> {
  if (locale === ctx.defaultLocale) {
    throw new BadUserInputError("The default locale's text cannot be deleted; delete the item instead.", "locale");
  }
  return write(ctx, actor, ref, "DELETE_TRANSLATION", async (store, current) => {
    if (!(await store.deleteTranslation(ref.type, ref.id, locale))) throw new AppError("NOT_FOUND", `No ${locale} translation.`);
    return { set: { status: statusAfterEdit(current.status as Status) }, detail: { locale } };
  });
}
