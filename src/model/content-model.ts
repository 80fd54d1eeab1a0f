import { Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { Access, rules } from "../access/access";
import { FieldDefinition } from "./definition";
import { linkFilters } from "./graphql-types";
import { definitionOf, DEFINITIONS, LINK_INFOS, reverseOf } from "./registry";

@ObjectType({ description: "A field of a content type, for forms and tools." })
class ContentFieldModel {
  @Field()
  name: string;

  @Field({ description: "text, markdown, textList, enum or json." })
  kind: string;

  @Field({ description: "Whether the field has a value per locale." })
  localized: boolean;

  @Field()
  required: boolean;

  @Field()
  label: string;

  @Field(() => String, { nullable: true })
  help: string | null;

  @Field(() => Int, { nullable: true, description: "Longest text, or longest item of a list." })
  maxLength: number | null;

  @Field(() => Int, { nullable: true })
  maxItems: number | null;

  @Field(() => String, { nullable: true, description: "The GraphQL enum of an enum field." })
  enumName: string | null;

  @Field(() => [String], { nullable: true })
  enumValues: string[] | null;
}

@ObjectType({ description: "An attribute a link carries besides order, note and evidence." })
class LinkAttributeModel {
  @Field()
  name: string;

  @Field()
  label: string;

  @Field(() => String, { nullable: true })
  help: string | null;

  @Field(() => [String])
  values: string[];

  @Field()
  default: string;
}

@ObjectType({ description: "A link a content type owns; editors set it with setLinks(kind)." })
class LinkModel {
  @Field({ description: "The LinkKind value, e.g. CONDITION_SYMPTOMS." })
  kind: string;

  @Field({ description: "Field listing the linked items; `<singular>Links` lists the links." })
  field: string;

  @Field()
  singular: string;

  @Field({ description: "GraphQL type at the far end." })
  target: string;

  @Field()
  label: string;

  @Field(() => String, { nullable: true })
  help: string | null;

  @Field(() => [LinkAttributeModel])
  attributes: LinkAttributeModel[];

  @Field(() => String, { nullable: true, description: "Field of the far end that lists the owners." })
  reverseField: string | null;
}

@ObjectType({ description: "A filter of a type's list query." })
class FilterModel {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType({ description: "A content type as declared once: its fields, links, filters and queries." })
class ContentTypeModel {
  @Field({ description: "The ContentType value, e.g. RISK_FACTOR's key riskFactor." })
  key: string;

  @Field({ description: "GraphQL type name." })
  name: string;

  @Field()
  label: string;

  @Field(() => String, { nullable: true })
  help: string | null;

  @Field()
  description: string;

  @Field()
  schemaOrg: string;

  @Field({ description: "The field lists are ordered by and nameContains matches." })
  sortField: string;

  @Field()
  itemQuery: string;

  @Field()
  listQuery: string;

  @Field(() => [ContentFieldModel])
  fields: ContentFieldModel[];

  @Field(() => [LinkModel])
  links: LinkModel[];

  @Field(() => [FilterModel])
  filters: FilterModel[];
}

function fieldModel(name: string, f: FieldDefinition): ContentFieldModel {
  const limits =
    f.kind === "text" || f.kind === "markdown"
      ? { maxLength: f.maxLength, maxItems: null }
      : f.kind === "textList"
        ? { maxLength: f.itemMaxLength, maxItems: f.maxItems }
        : f.kind === "json"
          ? { maxLength: null, maxItems: f.maxItems }
          : { maxLength: null, maxItems: null };
  return {
    name,
    kind: f.kind,
    localized: f.localized,
    required: Boolean(f.required),
    label: f.label,
    help: f.help ?? null,
    ...limits,
    enumName: f.kind === "enum" ? f.enum.name : null,
    enumValues: f.kind === "enum" ? [...f.enum.values] : null,
  };
}

let described: ContentTypeModel[] | undefined;

function typeModels(): ContentTypeModel[] {
  return DEFINITIONS.map((d) => ({
    key: d.key,
    name: d.name,
    label: d.label,
    help: d.help ?? null,
    description: d.description,
    schemaOrg: d.schemaOrg,
    sortField: d.sortField,
    itemQuery: d.itemQuery,
    listQuery: d.listQuery,
    fields: Object.entries(d.fields).map(([name, f]) => fieldModel(name, f)),
    links: LINK_INFOS.filter((l) => l.source === d.key).map((l) => ({
      kind: l.kindName,
      field: l.definition.field,
      singular: l.definition.singular,
      target: definitionOf(l.target).name,
      label: l.definition.label,
      help: l.definition.help ?? null,
      attributes: Object.entries(l.attributes).map(([name, a]) => ({
        name,
        label: a.label,
        help: a.help ?? null,
        values: [...a.enum.values],
        default: a.default,
      })),
      reverseField: l.definition.reverse === false ? null : reverseOf(l).field,
    })),
    filters: [
      { name: "nameContains", description: `Case-insensitive substring of ${d.sortField}.` },
      ...Object.entries(d.filters ?? {}).map(([name, f]) => ({ name, description: f.description ?? null })),
      ...linkFilters(d).map((f) => ({ name: f.name, description: f.description })),
    ],
  }));
}

@Resolver()
export class ContentModelResolver {
  @Access(rules.public)
  @Query(() => [ContentTypeModel], { description: "The content model: every type with its fields, links and filters, as declared once." })
  contentModel(): ContentTypeModel[] {
    // The definitions do not change while the process runs: describe them once.
    return (described ??= typeModels());
  }
}
