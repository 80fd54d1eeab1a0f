import { ApolloServer, ApolloServerPlugin, PersistedQueryOptions } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { unwrapResolverError } from "@apollo/server/errors";
import type { FastifyBaseLogger } from "fastify";
import { GraphQLFormattedError } from "graphql";
import { isDatabaseUnavailable, isStatementTimeout } from "../common/db-errors";
import { PUBLIC_ERROR_CODES } from "../common/errors";
import { QueryLimits } from "../config/config";
import { RequestContext } from "./context";
import { costLimitPlugin, enforceRequestLimits, limitRules } from "./limits";
import { Metrics } from "./metrics";
import { graphqlSchema } from "./schema";

/** Seconds a client should wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/** Codes whose errors carry a request id, so a report can be matched with the server's log. */
const TRACED = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "REQUEST_TIMEOUT"]);

/** Keeps known errors, masks the rest: no stack, SQL or file path reaches a client. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(error);
  const { locations, path } = formatted;
  if (isDatabaseUnavailable(cause)) {
    return { message: "The database is unavailable; try again shortly.", locations, path, extensions: { code: "SERVICE_UNAVAILABLE" } };
  }
  if (isStatementTimeout(cause)) {
    return {
      message: "The request took too long in the database; ask for less at once.",
      locations,
      path,
      extensions: { code: "REQUEST_TIMEOUT" },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && PUBLIC_ERROR_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { message: "Internal server error", locations, path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

function isKnown(error: unknown): boolean {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return typeof code === "string" && PUBLIC_ERROR_CODES.has(code) && !isDatabaseUnavailable(error) && !isStatementTimeout(error);
}

/** A GraphQL request's metrics and its one log line, however it was answered. */
export function recordRequest(
  metrics: Metrics,
  log: FastifyBaseLogger | undefined,
  request: {
    requestId?: string;
    operationName: string | null | undefined;
    started: bigint;
    userId?: string;
    status: number;
    codes: string[];
  },
): void {
  const seconds = Number(process.hrtime.bigint() - request.started) / 1e9;
  const { requestId, operationName, userId, status, codes } = request;
  metrics.observe(operationName, status, seconds, codes);
  const durationMs = Math.round(seconds * 1e4) / 10;
  log?.info({ requestId, operationName, durationMs, userId, status, errors: codes.length ? codes : undefined }, "graphql request");
}

/** One log line per request, the detail of every unexpected error, metrics, and the 503. */
function observabilityPlugin(metrics: Metrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isKnown(error)) continue;
            const cause = unwrapResolverError(error);
            const detail = {
              requestId: contextValue.requestId,
              operationName,
              userId: contextValue.actor?.id ?? undefined,
              path: error.path,
            };
            if (isDatabaseUnavailable(cause) || isStatementTimeout(cause))
              contextValue.log?.warn({ ...detail, reason: String((cause as Error).message) }, "database unavailable or too slow");
            else contextValue.log?.error({ ...detail, err: cause }, "unexpected error");
          }
        },
        async willSendResponse({ response, errors, operationName, contextValue }) {
          if (errors?.some((e) => isDatabaseUnavailable(unwrapResolverError(e)))) {
            response.http.status = 503;
            response.http.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
          }
          const body = response.body.kind === "single" ? response.body.singleResult : response.body.initialResult;
          const codes = (body.errors ?? []).map((e) => String((e.extensions?.code as string | undefined) ?? "UNKNOWN"));
          if (body.errors?.some((e) => TRACED.has(String(e.extensions?.code)))) {
            (body as { errors?: GraphQLFormattedError[] }).errors = body.errors.map((e) =>
              TRACED.has(String(e.extensions?.code)) ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } } : e,
            );
          }
          recordRequest(metrics, contextValue.log, {
            requestId: contextValue.requestId,
            operationName,
            started,
            userId: contextValue.actor?.id ?? undefined,
            status: response.http.status ?? 200,
            codes,
          });
        },
      };
    },
  };
}

/** Apollo with the query limits, masking, logs and metrics; the HTTP layer is Fastify's. */
export async function createApollo(
  limits: QueryLimits,
  metrics: Metrics,
  extraPlugins: ApolloServerPlugin<RequestContext>[] = [],
  persistedQueries?: PersistedQueryOptions["cache"],
) {
  const schema = await graphqlSchema();
  enforceRequestLimits(schema);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: limits.introspection,
    // "Did you mean ...?" hints map the schema for anyone when introspection is off.
    hideSchemaDetailsFromClientErrors: !limits.introspection,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitRules(limits),
    // Auth is by bearer token, never cookies, so a browser cannot be tricked into a request.
    csrfPrevention: false,
    // main.ts decides when to stop (drain first, then the pools).
    stopOnTerminationSignals: false,
    // Automatic Persisted Queries: in process, or shared by every instance through Redis.
    ...(persistedQueries ? { persistedQueries: { cache: persistedQueries } } : {}),
    // Apollo's cache-control plugin walks every resolved field to compute a policy that nothing
    // here uses: the response cache and app.ts set Cache-Control themselves.
    plugins: [ApolloServerPluginCacheControlDisabled(), costLimitPlugin(schema, limits), observabilityPlugin(metrics), ...extraPlugins],
  });
  await apollo.start();
  return apollo;
}
