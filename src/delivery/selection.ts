import {
  FieldNode,
  FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  SelectionSetNode,
} from "graphql";
import { ContentTypeDefinition } from "../model/definition";
import { definitionOf, LINK_INFOS, LinkInfo, reverseOf } from "../model/registry";

/**
 * What a request reads of one content item, worked out from the GraphQL selection set:
 * the columns it needs and the links to fetch with it. Fragments, inline fragments, aliases
 * and `@skip`/`@include` are resolved here (as graphql-parse-resolve-info does), so the plan
 * is the same whatever way the client spelled the query.
 */
export interface NodeSelection {
  type: string;
  /** Properties (document or translation columns) to fetch. */
  columns: Set<string>;
  /** A field the planner does not know asked for this item: fetch every column. */
  full: boolean;
  /** Keyed `<link key>:<direction>`. */
  links: Map<string, LinkSelection>;
}

export interface LinkSelection {
  link: LinkInfo;
  direction: "out" | "in";
  node: NodeSelection;
  /** False when a link object field is not understood: its fields then resolve through the loaders. */
  planned: boolean;
  /** The link's own columns the selection reads (`position` for `order`, `note`, `evidence`, ...). */
  attributes: Set<string>;
}

export interface SelectionSource {
  fieldNodes: readonly FieldNode[];
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

/** How each field of a content type is served: a column, a link, or nothing to fetch. */
export type FieldRole =
  | { kind: "columns"; columns: string[] }
  | { kind: "link"; link: LinkInfo; direction: "out" | "in"; needs?: string }
  | { kind: "linkObjects"; link: LinkInfo }
  | { kind: "none" };

const BASE_COLUMNS = ["id", "slug", "locale", "version", "citations", "reviewedBy", "lastReviewedAt", "nextReviewDueAt", "publishedAt"];

function rolesOf(d: ContentTypeDefinition): Map<string, FieldRole> {
  const roles = new Map<string, FieldRole>();
  for (const c of [...BASE_COLUMNS, "updatedAt"]) roles.set(c, { kind: "columns", columns: [c] });
  roles.set("reviewStatus", { kind: "columns", columns: ["lastReviewedAt", "nextReviewDueAt"] });
  roles.set("__typename", { kind: "none" });
  for (const [name, field] of Object.entries(d.fields)) {
    roles.set(name, { kind: "columns", columns: [name] });
    if (field.kind === "markdown") roles.set(`${name}Html`, { kind: "columns", columns: [name] });
  }
  for (const link of LINK_INFOS.filter((l) => l.source === d.key)) {
    roles.set(link.definition.field, { kind: "link", link, direction: "out" });
    roles.set(`${link.definition.singular}Links`, { kind: "linkObjects", link });
  }
  for (const [name, view] of Object.entries(d.views ?? {})) {
    const link = LINK_INFOS.find((l) => l.source === d.key && l.definition.field === view.link)!;
    roles.set(name, { kind: "link", link, direction: "out", needs: view.field });
  }
  for (const link of LINK_INFOS.filter((l) => l.target === d.key && l.definition.reverse !== false)) {
    roles.set(reverseOf(link).field, { kind: "link", link, direction: "in" });
  }
  return roles;
}

const ROLES = new Map<string, Map<string, FieldRole>>();
export function roleOf(type: string, field: string): FieldRole | undefined {
  let roles = ROLES.get(type);
  if (!roles) ROLES.set(type, (roles = rolesOf(definitionOf(type))));
  return roles.get(field);
}

/**
 * Fields (`Type.field`) the planner leaves to the resolvers and their DataLoaders:
 * DELIVERY_PLANNER_SKIP, a way out should a planned field ever misbehave; tests use it too.
 */
let skipped = new Set(
  (process.env.DELIVERY_PLANNER_SKIP ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean),
);
export function setSkippedFields(fields: string[]): void {
  skipped = new Set(fields);
}

export const linkTypeName = (l: LinkInfo) => l.key.charAt(0).toUpperCase() + l.key.slice(1) + "Link";
/** Fields every link object has besides its attributes and its item. */
export const LINK_OBJECT_FIELDS = new Set(["order", "note", "evidence", "__typename"]);

export function emptySelection(type: string): NodeSelection {
  return { type, columns: new Set(["id", "slug", "locale"]), full: false, links: new Map() };
}

/** Walks selection sets, flattening fragments and honouring `@skip`/`@include`. */
class Walker {
  constructor(private readonly source: SelectionSource) {}

  private included(node: FieldNode | SelectionSetNode["selections"][number]): boolean {
    if (!node.directives?.length) return true;
    const skip = getDirectiveValues(GraphQLSkipDirective, node, this.source.variableValues);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, this.source.variableValues);
    return include?.if !== false;
  }

  /** Every field of `set` that applies to an object of one of `typeNames`. */
  fields(set: SelectionSetNode | undefined, typeNames: readonly string[], out: FieldNode[] = []): FieldNode[] {
    for (const s of set?.selections ?? []) {
      if (!this.included(s)) continue;
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (!s.typeCondition || typeNames.includes(s.typeCondition.name.value)) this.fields(s.selectionSet, typeNames, out);
      } else {
        const fragment = this.source.fragments[s.name.value];
        if (fragment && typeNames.includes(fragment.typeCondition.name.value)) this.fields(fragment.selectionSet, typeNames, out);
      }
    }
    return out;
  }

  /** Adds what `set` asks of an item of `target.type` to `target`. */
  node(set: SelectionSetNode | undefined, target: NodeSelection): void {
    const d = definitionOf(target.type);
    for (const field of this.fields(set, [d.name, "Node"])) {
      const role = roleOf(target.type, field.name.value);
      if (role && skipped.size && skipped.has(`${d.name}.${field.name.value}`)) {
        if (role.kind === "link") this.link(target, role.link, role.direction).planned = false;
        else if (role.kind === "linkObjects") this.link(target, role.link, "out").planned = false;
        else target.full = true;
        continue;
      }
      if (!role) {
        target.full = true;
        continue;
      }
      if (role.kind === "columns") for (const c of role.columns) target.columns.add(c);
      else if (role.kind === "link") {
        const link = this.link(target, role.link, role.direction);
        if (role.needs) link.node.columns.add(role.needs);
        this.node(field.selectionSet, link.node);
      } else if (role.kind === "linkObjects") {
        const link = this.link(target, role.link, "out");
        for (const f of this.fields(field.selectionSet, [linkTypeName(role.link)])) {
          const name = f.name.value;
          if (name === role.link.target) this.node(f.selectionSet, link.node);
          else if (name === "order") link.attributes.add("position");
          else if (name in role.link.attributes || (LINK_OBJECT_FIELDS.has(name) && name !== "__typename")) link.attributes.add(name);
          else if (name !== "__typename") link.planned = false;
        }
      }
    }
  }

  private link(target: NodeSelection, link: LinkInfo, direction: "out" | "in"): LinkSelection {
    const key = `${link.key}:${direction}`;
    let found = target.links.get(key);
    const far = direction === "out" ? link.target : link.source;
    if (!found) target.links.set(key, (found = { link, direction, node: emptySelection(far), planned: true, attributes: new Set() }));
    return found;
  }
}

/** What the field being resolved (an item of `type`) asks for. */
export function selectionOf(type: string, source: SelectionSource): NodeSelection {
  const selection = emptySelection(type);
  const walker = new Walker(source);
  for (const fieldNode of source.fieldNodes) walker.node(fieldNode.selectionSet, selection);
  return selection;
}

/** What a list query (`conditions { edges { node { ... } } }`) asks of each item. */
export function connectionSelectionOf(type: string, source: SelectionSource): NodeSelection {
  const d = definitionOf(type);
  const selection = emptySelection(type);
  const walker = new Walker(source);
  for (const fieldNode of source.fieldNodes) {
    for (const edges of walker.fields(fieldNode.selectionSet, [`${d.name}Connection`])) {
      if (edges.name.value !== "edges") continue;
      for (const node of walker.fields(edges.selectionSet, [`${d.name}Edge`])) {
        if (node.name.value === "node") walker.node(node.selectionSet, selection);
      }
    }
  }
  return selection;
}

/** Whether the selection's shape depends on variables (through `@skip`/`@include`). */
export function usesDirectives(source: SelectionSource): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.directives?.length) return true;
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        if (seen.has(s.name.value)) return false;
        seen.add(s.name.value);
        return visit(source.fragments[s.name.value]?.selectionSet);
      }
      return visit(s.selectionSet);
    });
  return source.fieldNodes.some((f) => (f.directives?.length ?? 0) > 0 || visit(f.selectionSet));
}
