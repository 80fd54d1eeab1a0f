import { ClassType } from "type-graphql";

/**
 * The vocabulary in which every content type is declared once (src/model/types/*.ts).
 * Entities, GraphQL types, inputs, filters, queries, reverse links, enums, the seed mapping,
 * the statement-count test and the `contentModel` query are all derived from these
 * declarations; a per-type file holds only what differs between types.
 */

/** An enum of a field or a link attribute: its GraphQL name, values and their meaning. */
export interface EnumDefinition {
  name: string;
  values: readonly string[];
  description?: string;
  valueDescriptions?: Record<string, string>;
}

interface FieldBase {
  /** Text that differs per locale lives in the `<type>_translation` table. */
  localized: boolean;
  /** NOT NULL without a default: create needs it, updates cannot empty it. */
  required?: boolean;
  /** For editors: the form label and a line of help. */
  label: string;
  help?: string;
  /** Served to delivery and partners; when false the field is editorial only. */
  description?: string;
  /**
   * Weight of a localized text field in full-text search: A (the sort field, always), B (other
   * names: synonyms, also matched with typos), C (summaries), D (the rest, the default).
   */
  searchWeight?: "B" | "C" | "D";
}

export type FieldDefinition =
  | (FieldBase & { kind: "text"; maxLength: number })
  | (FieldBase & { kind: "markdown"; maxLength: number })
  | (FieldBase & { kind: "textList"; maxItems: number; itemMaxLength: number; itemPattern?: { regex: RegExp; message: string } })
  | (FieldBase & { kind: "enum"; enum: EnumDefinition; default?: string })
  | (FieldBase & {
      kind: "json";
      /** GraphQL object type served, and input type accepted: a list of these. */
      objectType: () => ClassType;
      inputType: () => ClassType;
      maxItems: number;
    });

export type FieldKind = FieldDefinition["kind"];

/** An attribute of a link besides its order, note and evidence, e.g. a treatment's line. */
export interface LinkAttributeDefinition {
  enum: EnumDefinition;
  default: string;
  label: string;
  help?: string;
}

export interface LinkDefinition {
  /** The plain list field on the owning type, e.g. `symptoms`; also the seed file's list. */
  field: string;
  /** One linked item, e.g. `symptom`: names the link (`conditionSymptom`), `symptomLinks`, `CONDITION_SYMPTOMS`. */
  singular: string;
  /** The type key at the far end. */
  target: string;
  label: string;
  help?: string;
  description?: string;
  attributes?: Record<string, LinkAttributeDefinition>;
  /** Column of the far end; `<target table>_id` unless given. */
  targetColumn?: string;
  /** The owning list's filter by the far end's slug; the target's key unless given, false for none. */
  filter?: string | false;
  /** The far end's field listing the owners, and its list filter; derived unless false. */
  reverse?: { field: string; filter: string; description?: string } | false;
}

/** A field of the owning type that serves part of a link list, e.g. prevention advice. */
export interface LinkViewDefinition {
  link: string;
  field: string;
  equals: string;
  description: string;
}

/** A list filter on a document field. */
export interface FieldFilterDefinition {
  field: string;
  match: "equals" | "contains";
  description?: string;
  /** Values are lower-cased before matching (slugs). */
  lowerCase?: boolean;
}

export interface ContentTypeDefinition {
  /** Key used in code and data, e.g. `riskFactor`. */
  key: string;
  /** GraphQL type name, e.g. `RiskFactor`. */
  name: string;
  /** Table of the document; `<table>_translation` holds its text. */
  table: string;
  description: string;
  /** Single-item query (by slug) and list query names; the list name is also the seed collection. */
  itemQuery: string;
  listQuery: string;
  /** The localized text field lists are ordered by and `nameContains` matches. */
  sortField: string;
  fields: Record<string, FieldDefinition>;
  links?: LinkDefinition[];
  views?: Record<string, LinkViewDefinition>;
  filters?: Record<string, FieldFilterDefinition>;
  /** How much a search match in this type counts against other types (1 unless given). */
  searchBoost?: number;
  /** schema.org type of this content, for tools and structured data. */
  schemaOrg: string;
  label: string;
  help?: string;
}

/** Declares a content type; the identity function keeps the literal types for checking. */
export function defineContentType<const D extends ContentTypeDefinition>(definition: D): D {
  return definition;
}

export function defineEnum<const E extends EnumDefinition>(definition: E): E {
  return definition;
}
