import { ApolloServerPlugin } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  defaultFieldResolver,
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isLeafType,
  isListType,
  isObjectType,
  ValidationContext,
  ValidationRule,
} from "graphql";
import { ComplexityEstimator, getComplexity } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "../common/connection";
import { AppError } from "../common/errors";
import { QueryLimits } from "../config/config";
import { DEFINITIONS } from "../model/registry";
import { RequestContext } from "./context";

/** A refusal names the limit, so clients can tell "too deep" from "too costly". */
function limitError(limit: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit, ...extra, http: { status: 400 } } });
}

// graphql-armor throws from inside validate() unless told otherwise, which Apollo turns into a
// 500; reporting through the context makes it an ordinary validation error instead.
function reportTo(limit: string, max: number) {
  return {
    n: max,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) =>
        ctx?.reportError(limitError(limit, error.message.replace(/^Syntax Error: /, ""), { max })),
    ],
  };
}

/** Depth, aliases and directives: checked while Apollo validates, before anything runs. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ ...reportTo("depth", limits.maxDepth), flattenFragments: true }),
    maxAliasesRule(reportTo("aliases", limits.maxAliases)),
    maxDirectivesRule(reportTo("directives", limits.maxDirectives)),
  ];
}

const CONTENT_TYPE_NAMES = new Set(DEFINITIONS.map((d) => d.name));
/**
 * Lists of other objects (citations, codes, evidence, the content model) are small and bounded
 * by input validation (at most 50 citations, 20 codes); pricing them at the link cap would
 * refuse ordinary pages.
 */
const SMALL_LIST = 10;

/** Whether `parent.field` is a link list inside an item, which the list cap cuts. */
function isCappedList(parent: string, fieldType: unknown): boolean {
  return CONTENT_TYPE_NAMES.has(parent) && isListType(getNullableType(fieldType as never));
}

/**
 * Objects cost 1 each, leaves nothing, and a list multiplies what it holds by its size: `first`
 * (default page size) for connections, the list cap for link lists, so nesting multiplies.
 */
function costEstimator(listCap: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (isLeafType(getNamedType(field.type))) return 0;
    if (field.args.some((a) => a.name === "first")) {
      const first = typeof args.first === "number" ? Math.max(0, args.first) : DEFAULT_PAGE_SIZE;
      return 1 + first * childComplexity;
    }
    // A connection's edges are already counted by the connection's `first`.
    if (!isListType(getNullableType(field.type)) || type.name.endsWith("Connection")) return 1 + childComplexity;
    const size = CONTENT_TYPE_NAMES.has(getNamedType(field.type).name) ? listCap : SMALL_LIST;
    return size * (1 + childComplexity);
  };
}

/**
 * The cost model needs the variables (`first: $n`), so it runs once the operation is known.
 * Apollo keeps parsed documents, so costs are remembered per document and variables: a page
 * that websites send again and again is measured once.
 */
export function costLimitPlugin(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin<RequestContext> {
  const known = new WeakMap<DocumentNode, Map<string, number | null>>();
  const measure = (document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number | null => {
    const key = `${operationName ?? ""}\n${JSON.stringify(variables)}`;
    let costs = known.get(document);
    if (!costs) known.set(document, (costs = new Map<string, number | null>()));
    const hit = costs.get(key);
    if (hit !== undefined) return hit;
    const cost = queryCost(schema, limits, document, variables, operationName);
    if (costs.size < 100 && key.length < 2000) costs.set(key, cost);
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const cost = measure(document, request.variables ?? {}, operationName ?? undefined);
          if (cost === Infinity) throw limitError("cost", "The query has too many fields to evaluate.");
          if (cost !== null && cost > limits.maxCost) {
            throw limitError(
              "cost",
              `The query may return about ${cost} objects; at most ${limits.maxCost} are allowed. Ask for smaller pages (first) or fewer nested lists.`,
              { cost, max: limits.maxCost },
            );
          }
        },
      };
    },
  };
}

/** What an operation may cost (Infinity: too many fields to evaluate; null: not measurable). */
export function queryCost(
  schema: GraphQLSchema,
  limits: QueryLimits,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): number | null {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [costEstimator(limits.listCap)] });
  } catch (error) {
    if (error instanceof GraphQLError && /node limit/i.test(error.message)) return Infinity;
    // Bad variables fail the same way in execution, with graphql's own message.
    return null;
  }
}

/** Per request: when its time is up, and how long a link list may be. */
export interface RequestLimits {
  deadline: number;
  listCap: number;
}

const wrapped = new WeakSet<GraphQLSchema>();
/** Fields wrapped below that had no resolver of their own: graphql's default read of a property. */
const defaultRead = new WeakSet<object>();

/** Whether a field's value is its parent's property of the same name (graphql's default resolver). */
export function readsProperty(field: { resolve?: unknown }): boolean {
  return !field.resolve || defaultRead.has(field);
}

/**
 * Wraps every field that returns objects: once the request's time budget is spent no further
 * resolver starts (REQUEST_TIMEOUT), and link lists are cut to the cap. The schema is shared,
 * so the limits themselves come from each request's context.
 */
export function enforceRequestLimits(schema: GraphQLSchema): void {
  if (wrapped.has(schema)) return;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (isLeafType(getNamedType(field.type))) continue;
      if (!field.resolve) defaultRead.add(field);
      const resolve = field.resolve ?? defaultFieldResolver;
      const capped = isCappedList(type.name, field.type);
      field.resolve = (source, args, context: RequestContext, info) => {
        const limits = context?.limits;
        if (!limits) return resolve(source, args, context, info);
        if (Date.now() > limits.deadline)
          throw new AppError("REQUEST_TIMEOUT", "The request ran out of its time budget; ask for less at once.");
        const result = resolve(source, args, context, info);
        if (!capped) return result;
        const cut = (list: unknown) => (Array.isArray(list) && list.length > limits.listCap ? list.slice(0, limits.listCap) : list);
        return result instanceof Promise ? result.then(cut) : cut(result);
      };
    }
  }
}
