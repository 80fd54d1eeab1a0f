import { DataSource, EntityMetadata } from "typeorm";
import { CONTENT_TYPES, ContentTypeKey, LINKS, LinkDirection, LinkKey } from "./content-types";

/** Collects positional parameters while a statement is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Builds the SQL fragments shared by every content query from the TypeORM metadata, so the
 * column lists never drift from the entities. Table names carry the DataSource's schema:
 * a delivery DataSource can only ever name `live` tables.
 */
export class ContentSql {
  constructor(private readonly dataSource: DataSource) {}

  private meta(entity: Function): EntityMetadata {
    return this.dataSource.getMetadata(entity);
  }

  table(entity: Function): string {
    const m = this.meta(entity);
    return m.schema ? `${quote(m.schema)}.${quote(m.tableName)}` : quote(m.tableName);
  }

  documentTable(type: ContentTypeKey): string {
    return this.table(CONTENT_TYPES[type].document);
  }

  translationTable(type: ContentTypeKey): string {
    return this.table(CONTENT_TYPES[type].translation);
  }

  /** A list's name in `list_count` (migration ListCounts): its document table's, e.g. `red_flag`. */
  listName(type: ContentTypeKey): string {
    return this.meta(CONTENT_TYPES[type].document).tableName;
  }

  /** The counts kept per list and filter value, in the schema of the type's tables. */
  listCountTable(type: ContentTypeKey): string {
    const schema = this.meta(CONTENT_TYPES[type].document).schema;
    return schema ? `${quote(schema)}.list_count` : "list_count";
  }

  /**
   * Whether the translation table stores its search vector (`search_vector`, migration
   * SearchVectors): live tables do; draft tables (preview) compute it.
   */
  storesSearchVector(type: ContentTypeKey): boolean {
    return this.meta(CONTENT_TYPES[type].translation).schema === "live";
  }

  /** The translation's column that points at its document, e.g. `condition_id`. */
  translationOwner(type: ContentTypeKey): string {
    const owner = this.meta(CONTENT_TYPES[type].translation).primaryColumns.find((c) => c.propertyName !== "locale");
    if (!owner) throw new Error(`translation of ${type} has no owner column`);
    return quote(owner.databaseName);
  }

  sortColumn(type: ContentTypeKey): string {
    const column = this.meta(CONTENT_TYPES[type].translation).findColumnWithPropertyName(CONTENT_TYPES[type].sortField);
    if (!column) throw new Error(`${type} has no column ${CONTENT_TYPES[type].sortField}`);
    return quote(column.databaseName);
  }

  /** Select list for a node: document columns from `e`, the served translation's from `t`. */
  nodeColumns(type: ContentTypeKey, e = "e", t = "t"): string {
    const doc = this.meta(CONTENT_TYPES[type].document).columns.map((c) => `${e}.${quote(c.databaseName)} AS ${quote(c.propertyName)}`);
    const owner = this.translationOwner(type);
    const text = this.meta(CONTENT_TYPES[type].translation)
      .columns.filter((c) => quote(c.databaseName) !== owner)
      .map((c) => `${t}.${quote(c.databaseName)} AS ${quote(c.propertyName)}`);
    return [...doc, ...text].join(", ");
  }

  /**
   * Every column a node is served with, by property: on the document (`e`) or the served
   * translation (`t`). Timestamps are flagged: JSON renders them differently from rows.
   */
  nodeColumnList(type: ContentTypeKey): Array<{ property: string; column: string; on: "e" | "t"; timestamp: boolean }> {
    const owner = this.translationOwner(type);
    const of = (entity: Function, on: "e" | "t") =>
      this.meta(entity)
        .columns.filter((c) => on === "e" || quote(c.databaseName) !== owner)
        .map((c) => ({ property: c.propertyName, column: quote(c.databaseName), on, timestamp: c.type === "timestamptz" }));
    return [...of(CONTENT_TYPES[type].document, "e"), ...of(CONTENT_TYPES[type].translation, "t")];
  }

  /**
   * Joins the best translation along the locale chain: the first locale of `chain` that the
   * document has. A document with none of them drops out of the result.
   */
  translationJoin(type: ContentTypeKey, chainParam: string, e = "e", t = "t", chainLength = 2): string {
    // One locale (the default, the common case): a plain join, which plans and runs cheaper.
    if (chainLength === 1) {
      return `JOIN ${this.translationTable(type)} ${t} ON ${t}.${this.translationOwner(type)} = ${e}.id AND ${t}.locale = (${chainParam}::text[])[1]`;
    }
    return `JOIN LATERAL (
      SELECT x.* FROM ${this.translationTable(type)} x
      WHERE x.${this.translationOwner(type)} = ${e}.id AND x.locale = ANY(${chainParam}::text[])
      ORDER BY array_position(${chainParam}::text[], x.locale)
      LIMIT 1
    ) ${t} ON true`;
  }

  /** Columns of a link table, and which column is on which end. */
  link(key: LinkKey) {
    const m = this.meta(LINKS[key].entity);
    const column = (property: string) => {
      const c = m.findColumnWithPropertyName(property);
      if (!c) throw new Error(`link ${key} has no ${property}`);
      return quote(c.databaseName);
    };
    const attributes = m.columns
      .filter((c) => c.propertyName !== "sourceId" && c.propertyName !== "targetId")
      .map((c) => ({ column: quote(c.databaseName), property: c.propertyName }));
    return { table: this.table(m.target as Function), source: column("sourceId"), target: column("targetId"), attributes };
  }

  /** The document type found at the far end of a link lookup. */
  static farType(key: LinkKey, direction: LinkDirection): ContentTypeKey {
    return direction === "out" ? LINKS[key].target : LINKS[key].source;
  }
}
