import { LINK_ENTITIES, TYPE_ENTITIES } from "../model/entities";
import { DEFINITIONS, LINK_INFOS } from "../model/registry";

/**
 * Tables of each content type and link, derived from the definitions in src/model/types.
 * The generic mechanisms (lists, loaders, editorial store, seeding) read these.
 */
export interface ContentTypeDef {
  document: Function;
  translation: Function;
  /** The translated text field lists are ordered by, and `nameContains` matches. */
  sortField: string;
}

/** A content type's key, e.g. `riskFactor`. */
export type ContentTypeKey = string;
/** A link's key, e.g. `conditionSymptom`. */
export type LinkKey = string;

export interface LinkDef {
  entity: Function;
  source: ContentTypeKey;
  target: ContentTypeKey;
}

export const CONTENT_TYPES: Record<ContentTypeKey, ContentTypeDef> = Object.fromEntries(
  DEFINITIONS.map((d) => [d.key, { ...TYPE_ENTITIES.get(d.key)!, sortField: d.sortField }]),
);

export const LINKS: Record<LinkKey, LinkDef> = Object.fromEntries(
  LINK_INFOS.map((l) => [l.key, { entity: LINK_ENTITIES.get(l.key)!, source: l.source, target: l.target }]),
);

/** Which end of a link a lookup starts from: `out` follows source -> target, `in` the reverse. */
export type LinkDirection = "out" | "in";

export const CONTENT_ENTITIES: Function[] = [
  ...Object.values(CONTENT_TYPES).flatMap((t) => [t.document, t.translation]),
  ...Object.values(LINKS).map((l) => l.entity),
];
