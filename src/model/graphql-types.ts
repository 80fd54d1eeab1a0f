import { ArrayMaxSize, IsEnum, IsOptional, Length, Matches, MaxLength, ValidateNested } from "class-validator";
import { ClassType, Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentInput } from "../content/content.input";
import { ContentNode } from "../content/content.type";
import { LinkBase } from "../content/link.type";
import { ContentTypeDefinition, EnumDefinition, FieldDefinition } from "./definition";
import { NodeInterface } from "./node";
import { allEnums, DEFINITIONS, LINK_INFOS, LinkInfo, reverseOf, TYPES } from "./registry";

/**
 * GraphQL types derived from the definitions: an object type, a connection, a list filter
 * and an editor input per content type, and a link object type per link.
 */

/** Each model enum as the object type-graphql registers, e.g. `{ SIGN: "SIGN", ... }`. */
export const GRAPHQL_ENUMS = new Map<string, Record<string, string>>(
  allEnums().map((e) => {
    const values = Object.fromEntries(e.values.map((v) => [v, v]));
    const valuesConfig = e.valueDescriptions
      ? Object.fromEntries(Object.entries(e.valueDescriptions).map(([k, description]) => [k, { description }]))
      : undefined;
    registerEnumType(values, { name: e.name, description: e.description, valuesConfig });
    return [e.name, values];
  }),
);
const enumType = (e: EnumDefinition) => GRAPHQL_ENUMS.get(e.name)!;

function named<T extends Function>(cls: T, name: string): T {
  Object.defineProperty(cls, "name", { value: name });
  return cls;
}

function outputField(field: FieldDefinition): { type: () => unknown; nullable: boolean } {
  switch (field.kind) {
    case "text":
    case "markdown":
      return { type: () => String, nullable: !field.required };
    case "textList":
      return { type: () => [String], nullable: false };
    case "enum":
      return { type: () => enumType(field.enum), nullable: false };
    case "json":
      return { type: () => [field.objectType()], nullable: false };
  }
}

/** The field's input type and its validation, applied to `proto[name]`. */
function inputField(proto: object, name: string, field: FieldDefinition): void {
  const description = field.kind === "markdown" ? "Markdown; stored as written, served as sanitized HTML too." : field.description;
  IsOptional()(proto, name);
  switch (field.kind) {
    case "text":
    case "markdown":
      Field(() => String, { nullable: true, description })(proto, name);
      (field.required ? Length(1, field.maxLength) : MaxLength(field.maxLength))(proto, name);
      break;
    case "textList":
      Field(() => [String], { nullable: true, description })(proto, name);
      ArrayMaxSize(field.maxItems)(proto, name);
      if (field.itemPattern) Matches(field.itemPattern.regex, { each: true, message: field.itemPattern.message })(proto, name);
      else Length(1, field.itemMaxLength, { each: true })(proto, name);
      break;
    case "enum":
      Field(() => enumType(field.enum), { nullable: true, description })(proto, name);
      IsEnum(enumType(field.enum))(proto, name);
      break;
    case "json":
      Field(() => [field.inputType()], { nullable: true, description: description ?? field.help })(proto, name);
      ArrayMaxSize(field.maxItems)(proto, name);
      ValidateNested({ each: true })(proto, name);
      break;
  }
}

export interface TypeGraphQL {
  node: ClassType;
  connection: ClassType;
  filter: ClassType;
  input: ClassType;
}

export const NODE_TYPES = new Map<string, ClassType>();

function objectType(d: ContentTypeDefinition): ClassType {
  const Node = named(class extends ContentNode {}, d.name);
  for (const [name, field] of Object.entries(d.fields)) {
    const { type, nullable } = outputField(field);
    Field(type as never, { nullable, description: field.kind === "markdown" ? "Markdown." : field.description })(Node.prototype, name);
  }
  // Plain fields read the row as it is: no type-graphql wrapper per field (see usePlainResolvers).
  ObjectType(d.name, { description: d.description, implements: NodeInterface, simpleResolvers: true })(Node);
  return Node;
}

function filterType(d: ContentTypeDefinition): ClassType {
  const Filter = named(class {}, `${d.name}Filter`);
  const noun = d.sortField === "name" ? "name" : d.sortField;
  Field(() => String, { nullable: true, description: `Case-insensitive substring of the ${noun}.` })(Filter.prototype, "nameContains");
  for (const [name, f] of Object.entries(d.filters ?? {})) {
    const field = d.fields[f.field];
    const type = field.kind === "enum" ? () => enumType(field.enum) : () => String;
    Field(type, { nullable: true, description: f.description })(Filter.prototype, name);
  }
  for (const filter of linkFilters(d)) {
    Field(() => String, { nullable: true, description: filter.description })(Filter.prototype, filter.name);
  }
  InputType(`${d.name}Filter`)(Filter);
  return Filter;
}

/** The list filters by a linked item's slug, owned links and reverse ones alike. */
export function linkFilters(
  d: ContentTypeDefinition,
): Array<{ name: string; link: LinkInfo; direction: "out" | "in"; description: string }> {
  const out = LINK_INFOS.filter((l) => l.source === d.key && l.definition.filter !== false).map((link) => ({
    name: (link.definition.filter as string | undefined) ?? link.target,
    link,
    direction: "out" as const,
    description: `Only items linked to the ${TYPES.get(link.target)!.label.toLowerCase()} with this slug.`,
  }));
  const back = LINK_INFOS.filter((l) => l.target === d.key && l.definition.reverse !== false).map((link) => ({
    name: reverseOf(link).filter,
    link,
    direction: "in" as const,
    description: `Only items linked from the ${TYPES.get(link.source)!.label.toLowerCase()} with this slug.`,
  }));
  return [...out, ...back];
}

function inputType(d: ContentTypeDefinition): ClassType {
  const Input = named(class extends ContentInput {}, `${d.name}Input`);
  for (const [name, field] of Object.entries(d.fields)) inputField(Input.prototype, name, field);
  InputType(`${d.name}Input`, {
    description: `${d.name} fields; all optional, so updates are partial. Text fields go to the mutation's locale.`,
  })(Input);
  return Input;
}

export const TYPE_GRAPHQL = new Map<string, TypeGraphQL>();
for (const d of DEFINITIONS) NODE_TYPES.set(d.key, objectType(d));
for (const d of DEFINITIONS) {
  const node = NODE_TYPES.get(d.key)!;
  TYPE_GRAPHQL.set(d.key, {
    node,
    connection: connectionType(d.name, node, { keptCounts: true }),
    filter: filterType(d),
    input: inputType(d),
  });
}

/** `ConditionTreatmentLink { order note evidence line treatment }` for every link. */
export const LINK_TYPES = new Map<string, ClassType>(
  LINK_INFOS.map((l) => {
    const name = l.key.charAt(0).toUpperCase() + l.key.slice(1) + "Link";
    const Link = named(class extends LinkBase {}, name);
    for (const [attribute, a] of Object.entries(l.attributes)) {
      Field(() => enumType(a.enum), { description: a.help })(Link.prototype, attribute);
    }
    Field(() => NODE_TYPES.get(l.target)!)(Link.prototype, l.target);
    ObjectType(name, { simpleResolvers: true })(Link);
    return [l.key, Link];
  }),
);
