import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getOperationAST,
  getVariableValues,
  GraphQLField,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  GraphQLString,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  parse,
  SelectionSetNode,
  specifiedRules,
  validate,
  valueFromAST,
  ValueNode,
  VariableDefinitionNode,
  visit,
} from "graphql";
import { localeChain } from "../common/locale";
import { linkedNodes, linkObjects, resolveItem } from "../content/content.resolver";
import { ContentTypeKey } from "../content/content-types";
import { NodeRow } from "../content/content.loaders";
import { QueryLimits } from "../config/config";
import { DEFINITIONS, definitionOf, LinkInfo } from "../model/registry";
import { RequestContext } from "../server/context";
import { limitRules, queryCost, readsProperty } from "../server/limits";
import { plannerEnabled } from "./planner";
import { LINK_OBJECT_FIELDS, linkTypeName, roleOf, SelectionSource } from "./selection";

/**
 * Item queries answered without GraphQL execution. A website's page query (`condition(slug) {
 * ... }` with its links) is planned into one SQL statement already (planner.ts); what remains
 * per request is graphql-js walking the selection field by field and Apollo's pipeline around
 * it, which cost more Node time than the statement costs PostgreSQL. For a document that asks
 * only for what the planner fetches (columns, links and their attributes, plain JSON objects),
 * the answer is written straight from the planned item, as graphql-js would write it: the same
 * response keys in the same order, each leaf through its type's `serialize`, link lists cut to
 * the cap, the same cache tags.
 *
 * A document is checked once (parse, validation with the query limits, cost, the shape above)
 * and kept per text. Anything else, and anything unexpected at run time (a null where the
 * schema promises a value, a link not fetched, an error of any kind), goes to Apollo as before,
 * so errors keep their one path. Readers with credentials, preview or a refused anonymous
 * quota never come here. DIRECT_ANSWERS=off turns it off; tests compare both paths byte by byte.
 */

/** Documents kept per server (a website sends a handful; the bound keeps made-up ones out). */
const MAX_DOCUMENTS = 500;

/** The request does not fit at run time: Apollo answers it. */
class NotDirect extends Error {}

type Write = (source: unknown, ctx: RequestContext) => unknown;

interface Compiled {
  document: DocumentNode;
  /**
   * What the operation may cost, worked out with the first request's variables: no field below
   * the root takes arguments, so no variable changes it (null until then).
   */
  cost: number | null;
  operationName: string | null;
  variables: readonly VariableDefinitionNode[];
  type: ContentTypeKey;
  key: string;
  slug: ValueNode;
  locale: ValueNode | undefined;
  source: SelectionSource;
  write: Write;
}

/** What a GraphQL request over HTTP carries, as Apollo reads it from a GET or a POST. */
export interface DirectRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

const ITEM_QUERIES = new Map(DEFINITIONS.map((d) => [d.itemQuery, d.key]));

/** The fields of `sets` that apply to `type`, grouped by response key in order (graphql's CollectFields). */
function collect(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  sets: readonly (SelectionSetNode | undefined)[],
  fragments: Record<string, FragmentDefinitionNode>,
): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  // As graphql's doesFragmentConditionMatch: the type itself, or an interface or union it belongs to.
  const applies = (name: string | undefined) => {
    if (!name || name === type.name) return true;
    const condition = schema.getType(name);
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, type);
  };
  const walk = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const list = out.get(key);
        if (list) list.push(s);
        else out.set(key, [s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (applies(s.typeCondition?.name.value)) walk(s.selectionSet, seen);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments[s.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) walk(fragment.selectionSet, seen);
      }
    }
  };
  for (const set of sets) walk(set, new Set());
  return out;
}

class Compiler {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {}

  private subSelections(fields: FieldNode[]): SelectionSetNode[] {
    return fields.map((f) => f.selectionSet).filter((s): s is SelectionSetNode => !!s);
  }

  /** A value of `type` read from its parent: null, lists, leaves through `serialize`, plain objects. */
  private value(type: GraphQLOutputType, fields: FieldNode[]): (value: unknown, ctx: RequestContext) => unknown {
    if (isNonNullType(type)) {
      const inner = this.value(type.ofType, fields);
      return (value, ctx) => {
        if (value === null || value === undefined) throw new NotDirect();
        return inner(value, ctx);
      };
    }
    if (isListType(type)) {
      const item = this.value(type.ofType, fields);
      return (value, ctx) => {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value)) throw new NotDirect();
        return value.map((v) => item(v, ctx));
      };
    }
    if (isLeafType(type)) {
      return (value) => {
        if (value === null || value === undefined) return null;
        const serialized = type.serialize(value);
        if (serialized === null || serialized === undefined) throw new NotDirect();
        return serialized;
      };
    }
    if (isObjectType(type)) {
      const object = this.plainObject(type, fields);
      return (value, ctx) => (value === null || value === undefined ? null : object(value, ctx));
    }
    throw new NotDirect();
  }

  /** An object whose every field is its own property (citations, codes, evidence). */
  private plainObject(type: GraphQLObjectType, fields: FieldNode[]): Write {
    return this.object(type, fields, (name, field, nodes) => {
      if (!readsProperty(field)) throw new NotDirect();
      return this.property(name, field.type, nodes);
    });
  }

  /**
   * The writer of an object of `type` for the selections of `fields`: response keys in order,
   * `__typename`, and each other field through `writer` (which throws NotDirect for what it does
   * not serve). No field below the root takes arguments here.
   */
  private object(
    type: GraphQLObjectType,
    fields: FieldNode[],
    writer: (name: string, field: GraphQLField<unknown, unknown>, nodes: FieldNode[]) => Write,
  ): Write {
    const writers: Array<[string, Write]> = [];
    for (const [key, nodes] of collect(this.schema, type, this.subSelections(fields), this.fragments)) {
      const name = nodes[0].name.value;
      if (name === "__typename") {
        writers.push([key, () => type.name]);
        continue;
      }
      const field = type.getFields()[name];
      if (!field || nodes.some((n) => n.arguments?.length)) throw new NotDirect();
      writers.push([key, writer(name, field, nodes)]);
    }
    return (source, ctx) => {
      const out: Record<string, unknown> = {};
      for (const [key, write] of writers) out[key] = write(source, ctx);
      return out;
    };
  }

  /** The parent's property `name`, as a value of `type`. */
  private property(name: string, type: GraphQLOutputType, nodes: FieldNode[]): Write {
    const value = this.value(type, nodes);
    return (source, ctx) => value((source as Record<string, unknown>)[name], ctx);
  }

  /** A content item: its columns, its links (lists of items or of link objects), `__typename`. */
  item(typeKey: string, fields: FieldNode[]): Write {
    const d = definitionOf(typeKey);
    return this.object(this.schema.getType(d.name) as GraphQLObjectType, fields, (name, field, nodes) => {
      const role = roleOf(typeKey, name);
      if (role?.kind === "columns") {
        // `bodyHtml` and the like are rendered by resolvers; the stored columns are read as they are.
        if (name.endsWith("Html") && !(name in d.fields)) throw new NotDirect();
        return this.property(name, field.type, nodes);
      }
      if (role?.kind === "link") {
        const { link, direction } = role;
        const write = this.item(direction === "out" ? link.target : link.source, nodes);
        const view = d.views?.[name];
        return (source, ctx) => {
          let items = linkedNodes(ctx, link.key, direction, source as NodeRow);
          if (items instanceof Promise) throw notFetched(items);
          if (view) items = items.filter((n) => n[view.field] === view.equals);
          return capped(items, ctx).map((n) => write(n, ctx));
        };
      }
      if (role?.kind === "linkObjects") {
        const { link } = role;
        const write = this.linkObject(link, nodes);
        return (source, ctx) => {
          const rows = linkObjects(ctx, link.key, source as NodeRow, link.target);
          if (rows instanceof Promise) throw notFetched(rows);
          return capped(rows, ctx).map((r) => write(r, ctx));
        };
      }
      throw new NotDirect();
    });
  }

  /** A link object (`treatmentLinks { order line note evidence treatment { ... } }`). */
  private linkObject(link: LinkInfo, fields: FieldNode[]): Write {
    return this.object(this.schema.getType(linkTypeName(link)) as GraphQLObjectType, fields, (name, field, nodes) => {
      if (name === link.target) {
        const write = this.item(link.target, nodes);
        return (row, ctx) => write((row as Record<string, unknown>)[name], ctx);
      }
      if (LINK_OBJECT_FIELDS.has(name) || name in link.attributes) return this.property(name, field.type, nodes);
      throw new NotDirect();
    });
  }
}

/** A link list the planner did not fetch: Apollo answers (the loader's promise must not go unheard). */
function notFetched(pending: Promise<unknown>): NotDirect {
  pending.catch(() => undefined);
  return new NotDirect();
}

/** Link lists inside an item are cut to the request's cap, as enforceRequestLimits cuts them. */
function capped<T>(list: T[], ctx: RequestContext): T[] {
  const cap = ctx.limits?.listCap;
  return cap !== undefined && list.length > cap ? list.slice(0, cap) : list;
}

function hasDirectives(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive() {
      found = true;
    },
  });
  return found;
}

/** The plan of a document, or null when Apollo must answer it. */
function compile(schema: GraphQLSchema, limits: QueryLimits, query: string, operationName: string | null): Compiled | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch {
    return null;
  }
  if (validate(schema, document, [...specifiedRules, ...limitRules(limits)]).length) return null;
  const operation = getOperationAST(document, operationName) as OperationDefinitionNode | null;
  if (!operation || operation.operation !== OperationTypeNode.QUERY || hasDirectives(document)) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const roots = collect(schema, schema.getQueryType()!, [operation.selectionSet], fragments);
  if (roots.size !== 1) return null;
  const [[key, nodes]] = roots;
  const type = ITEM_QUERIES.get(nodes[0].name.value);
  if (!type || nodes.length !== 1) return null;
  const args = new Map(nodes[0].arguments?.map((a) => [a.name.value, a.value]));
  const slug = args.get("slug");
  if (!slug || [...args.keys()].some((a) => a !== "slug" && a !== "locale")) return null;
  try {
    const write = new Compiler(schema, fragments).item(type, nodes);
    return {
      document,
      cost: null,
      operationName: operation.name?.value ?? null,
      variables: operation.variableDefinitions ?? [],
      type,
      key,
      slug,
      locale: args.get("locale"),
      source: { fieldNodes: nodes, fragments, variableValues: {} },
      write,
    };
  } catch (error) {
    if (error instanceof NotDirect) return null;
    throw error;
  }
}

/** What a direct answer reports, as Apollo's observability plugin would. */
export interface DirectAnswer {
  body: string;
  operationName: string | null;
}

export class DirectAnswers {
  private readonly documents = new Map<string, Compiled | null>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: QueryLimits,
  ) {}

  private compiled(query: string, operationName: string | null): Compiled | null {
    const key = `${operationName ?? ""}\n${query}`;
    let found = this.documents.get(key);
    if (found === undefined) {
      found = compile(this.schema, this.limits, query, operationName);
      if (this.documents.size >= MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(key, found);
    }
    return found;
  }

  /**
   * The answer's bytes, as Apollo would send them, or null for Apollo to answer. `context` is
   * the request's GraphQL context, made by the same function Apollo's requests use.
   */
  async answer(request: DirectRequest, context: () => Promise<RequestContext>): Promise<DirectAnswer | null> {
    if (!plannerEnabled()) return null;
    const compiled = this.compiled(request.query, request.operationName);
    if (!compiled) return null;
    const coerced = getVariableValues(this.schema, compiled.variables, request.variables ?? {});
    if (coerced.errors) return null;
    const variables = coerced.coerced;
    compiled.cost ??= queryCost(this.schema, this.limits, compiled.document, variables, request.operationName ?? undefined);
    // Too costly (Apollo refuses it), or not measurable: Apollo answers.
    if (compiled.cost === null || compiled.cost > this.limits.maxCost) return null;
    const slug = valueFromAST(compiled.slug, GraphQLString, variables);
    const locale = compiled.locale ? valueFromAST(compiled.locale, GraphQLString, variables) : null;
    if (typeof slug !== "string" || (locale !== null && locale !== undefined && typeof locale !== "string")) return null;
    try {
      const ctx = await context();
      if (ctx.actor || ctx.preview || ctx.apiKey || ctx.anonymousRefused) return null;
      // Past the time budget the resolvers refuse to start (REQUEST_TIMEOUT): Apollo says so.
      const outOfTime = () => ctx.limits !== undefined && Date.now() > ctx.limits.deadline;
      if (outOfTime()) return null;
      const node = await resolveItem(
        ctx,
        compiled.type,
        { ...compiled.source, variableValues: variables },
        slug,
        localeChain(locale, ctx.defaultLocale),
      );
      if (outOfTime()) return null;
      const data = { [compiled.key]: node ? compiled.write(node, ctx) : null };
      if (ctx.answer) ctx.answer.cacheable = true;
      return { body: JSON.stringify({ data }) + "\n", operationName: compiled.operationName };
    } catch {
      // Errors have one path: Apollo's (masking, codes, logs). Its answer costs a second try.
      return null;
    }
  }
}
