import { Actor } from "../../access/access";
import { BadUserInputError } from "../../common/errors";
import { LINKS, LinkKey } from "../../content/content-types";
import { LINK_BY_KEY } from "../../model/registry";
import { LinkValue } from "../content-store";
import { Status, statusAfterEdit } from "../workflow";
import { EditorialContext, EditorialView, ItemRef } from "./types";
import { write } from "./write";

/** Properties every link has; the others must be attributes its definition declares. */
const COMMON = ["targetId", "order", "note", "evidence"];

/** Replaces all of an item's links of one kind. */
export function setLinks(ctx: EditorialContext, actor: Actor, ref: ItemRef, key: LinkKey, links: LinkValue[]): Promise<EditorialView> {
  if (LINKS[key].source !== ref.type) throw new BadUserInputError(`A ${ref.type} has no ${key} links.`, "kind");
  if (new Set(links.map((l) => l.targetId)).size !== links.length) throw new BadUserInputError("The same item is linked twice.", "links");
  const declared = LINK_BY_KEY.get(key)!.attributes;
  for (const [i, link] of links.entries()) {
    const extra = Object.keys(link).find((k) => !COMMON.includes(k) && !(k in declared));
    if (extra) throw new BadUserInputError(`${key} links have no ${extra}.`, `links[${i}].${extra}`);
  }
  return write(ctx, actor, ref, "SET_LINKS", async (store, current) => {
    await store.replaceLinks(key, ref.id, links);
    return { set: { status: statusAfterEdit(current.status as Status) }, detail: { kind: key, count: links.length } };
  });
}
