import { ApolloServerPlugin } from "@apollo/server";
import { DocumentNode, getNamedType, GraphQLSchema, isAbstractType, OperationTypeNode, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import { AppError } from "../common/errors";
import { constantCase, DEFINITIONS } from "../model/registry";
import { RequestContext } from "../server/context";
import { anonymousRefused } from "./gate";

/** GraphQL object type name -> content type key, e.g. RiskFactor -> riskFactor. */
const TYPE_KEYS = new Map(DEFINITIONS.map((d) => [d.name, d.key]));

/**
 * Content types an operation reads, found in its selections (fragments included): every field
 * whose type is a content type, and for interfaces and unions (`node`, `nodes`) every content type
 * they may return. Pure, so it is tested without a server.
 */
export function contentTypesRead(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (!type) return;
        const named = getNamedType(type);
        const candidates = isAbstractType(named) ? schema.getPossibleTypes(named) : [named];
        for (const candidate of candidates) {
          const key = TYPE_KEYS.get(candidate.name);
          if (key) found.add(key);
        }
      },
    }),
  );
  return found;
}

/**
 * Keys limited to some content types may read only those (anywhere in the query, links and
 * `node` included); anonymous queries are refused when ANON_RATE_LIMIT is 0 (sign-in stays open).
 */
export function partnerPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, schema }) {
          if (contextValue.anonymousRefused && operation?.operation !== OperationTypeNode.MUTATION) throw anonymousRefused();
          const allowed = contextValue.apiKey?.allowedTypes;
          if (!allowed) return;
          const refused = [...contentTypesRead(schema, document)].filter((type) => !allowed.includes(type));
          if (refused.length) {
            throw new AppError("FORBIDDEN", `This API key may not read ${refused.map((t) => constantCase(t)).join(", ")}.`, {
              refusedTypes: refused.map((t) => constantCase(t)),
              http: { status: 403 },
            });
          }
        },
      };
    },
  };
}
