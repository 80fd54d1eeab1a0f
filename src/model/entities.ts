import { Column, ColumnOptions, Entity } from "typeorm";
import { DocumentEntity, LinkEntity, TranslationEntity } from "../content/content.entity";
import { FieldDefinition } from "./definition";
import { columnOf, DEFINITIONS, LINK_INFOS } from "./registry";

/**
 * TypeORM entities derived from the definitions: per type a document and a translation
 * entity, per link a link entity. The same classes serve `live` and `draft`: the schema
 * comes from each DataSource.
 */

function columnOptions(field: FieldDefinition): ColumnOptions {
  switch (field.kind) {
    case "text":
    case "markdown":
      return { type: "text", nullable: !field.required };
    case "textList":
      return { type: "text", array: true, default: () => "'{}'" };
    case "enum":
      return field.default ? { type: "text", default: field.default } : { type: "text" };
    case "json":
      return { type: "jsonb", default: () => "'[]'" };
  }
}

function entityClass<B extends abstract new () => object>(
  base: B,
  table: string,
  className: string,
  columns: Array<[string, ColumnOptions]>,
): Function {
  const Derived = class extends (base as unknown as new () => object) {};
  // TypeORM names entities after their class: give each derived class its own name.
  Object.defineProperty(Derived, "name", { value: className });
  for (const [property, options] of columns) Column({ name: columnOf(property), ...options })(Derived.prototype, property);
  Entity(table)(Derived);
  return Derived;
}

const pascal = (table: string) => table.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());

export interface TypeEntities {
  document: Function;
  translation: Function;
}

export const TYPE_ENTITIES = new Map<string, TypeEntities>(
  DEFINITIONS.map((d) => {
    const fields = Object.entries(d.fields);
    const document = entityClass(
      DocumentEntity,
      d.table,
      `${pascal(d.table)}Entity`,
      fields.filter(([, f]) => !f.localized).map(([name, f]) => [name, columnOptions(f)]),
    );
    const translation = entityClass(TranslationEntity, `${d.table}_translation`, `${pascal(d.table)}TranslationEntity`, [
      [`${d.key}Id`, { name: `${d.table}_id`, type: "uuid", primary: true }],
      ...fields.filter(([, f]) => f.localized).map(([name, f]) => [name, columnOptions(f)] as [string, ColumnOptions]),
    ]);
    return [d.key, { document, translation }];
  }),
);

export const LINK_ENTITIES = new Map<string, Function>(
  LINK_INFOS.map((l) => [
    l.key,
    entityClass(LinkEntity, l.table, `${pascal(l.table)}Entity`, [
      ["sourceId", { name: l.sourceColumn, type: "uuid", primary: true }],
      ["targetId", { name: l.targetColumn, type: "uuid", primary: true }],
      ...Object.entries(l.attributes).map(([name, a]) => [name, { type: "text", default: a.default }] as [string, ColumnOptions]),
    ]),
  ]),
);
