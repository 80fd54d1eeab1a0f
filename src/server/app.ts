import http from "node:http";
import { HeaderMap } from "@apollo/server";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import etag from "@fastify/etag";
import helmet from "@fastify/helmet";
import underPressure from "@fastify/under-pressure";
import Fastify, { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, LogController } from "fastify";
import type { DataSource } from "typeorm";
import { Actor, canReadDrafts } from "../access/access";
import { isDatabaseUnavailable } from "../common/db-errors";
import { AppError } from "../common/errors";
import { loadConfig, QueryLimits } from "../config/config";
import { createContext, RequestContext, Services } from "./context";
import { createApollo, recordRequest, RETRY_AFTER_SECONDS } from "./graphql";
import { Metrics } from "./metrics";
import { registerProbes } from "./probes";
import { answerPlugin } from "./answer-plugin";
import { defaultEmbedOrigins, EmbedOrigins, keyedEmbedOrigins, registerEmbedRoutes } from "./embed-routes";
import { ResponseCache, ResponseCacheOptions } from "./response-cache";
import { cacheFront, requestIdOf } from "./cache-front";
import { apiKeyOf } from "../partners/api-keys";
import { credentialOf, hasNoCredential, isAnonymousRefused, registerPartnerGate } from "../partners/gate";
import { DirectAnswers, DirectRequest } from "../delivery/direct";
import { graphqlSchema } from "./schema";
import { partnerPlugin } from "../partners/partner-plugin";
import { registerStudio } from "./studio";

export { formatError } from "./graphql";

export interface App {
  server: http.Server;
  /** The request log (pino); other parts of the process can write to it too. */
  logger: FastifyBaseLogger;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface AppOptions {
  limits?: QueryLimits;
  bodyLimit?: number;
  logLevel?: string;
  /** Where pino writes (stdout unless given): tests read the log through it. */
  logStream?: { write(line: string): void };
  corsOrigins?: string[];
  /** Pools whose use /metrics reports. */
  pools?: Record<string, DataSource>;
  /** Migrations the code has and the database lacks; /readyz is not ready while there are any. */
  pendingMigrations?: () => Promise<string[]>;
  /** The response cache of published answers (RESPONSE_CACHE), or false for none. */
  responseCache?: ResponseCacheOptions | false;
  /** Origins that may read /embed and /oembed from browsers; corsOrigins (CORS_ORIGINS) unless given. */
  embedOrigins?: EmbedOrigins;
  /** Folder of the built editor studio, served at /studio (dist/studio unless given). */
  studioRoot?: string;
  /** Answer cache hits before Fastify (src/server/cache-front.ts); on unless false (tests compare both). */
  cacheFront?: boolean;
  /** Answer item queries without GraphQL execution (src/delivery/direct.ts); DIRECT_ANSWERS unless given. */
  directAnswers?: boolean;
}

/**
 * Who sent the request (Authorization: Bearer <login token>) and whether it asks for preview
 * (X-Preview: true). API keys (`hcms_...`) were checked by the partner gate already; a key with
 * the PREVIEW scope may preview, and is no actor: it can call no editorial operation.
 */
async function actorOf(services: Services, request: FastifyRequest): Promise<{ actor: Actor | null; preview: boolean }> {
  const headers = request.headers;
  let actor: Actor | null = null;
  const authorization = headers.authorization;
  const key = apiKeyOf(request);
  if (authorization && credentialOf(headers).kind === "apiKey" && !key) {
    throw new AppError("UNAUTHENTICATED", "API keys are not accepted on this server.", { http: { status: 401 } });
  }
  if (authorization && !key) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match || !services.auth)
      throw new AppError("UNAUTHENTICATED", "Send the token as `Authorization: Bearer <token>`.", { http: { status: 401 } });
    try {
      actor = await services.auth.authenticate(match[1]);
    } catch (error) {
      if (error instanceof AppError) error.extensions.http = { status: 401 };
      else if (isDatabaseUnavailable(error)) {
        const headers = new HeaderMap([["retry-after", String(RETRY_AFTER_SECONDS)]]);
        throw new AppError("SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly.", { http: { status: 503, headers } });
      }
      throw error;
    }
  }
  const preview = /^(1|true)$/i.test(String(headers["x-preview"] ?? ""));
  if (preview && key) {
    if (!key.scopes.includes("PREVIEW"))
      throw new AppError("FORBIDDEN", "This API key reads published content only: it has no PREVIEW scope.", { http: { status: 403 } });
  } else if (preview) {
    const decision = canReadDrafts(actor);
    if (decision !== "ALLOW") {
      throw new AppError(decision, "Preview shows drafts: sign in as an editor, reviewer or admin.", {
        http: { status: decision === "UNAUTHENTICATED" ? 401 : 403 },
      });
    }
  }
  return { actor, preview };
}

/** Errors Fastify raises before GraphQL runs (body too large, bad JSON, overload), in GraphQL's shape. */
function requestErrorBody(error: FastifyError): { status: number; code: string; message: string } {
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, code: "PAYLOAD_TOO_LARGE", message: "The request body is too large." };
  if (status === 503) return { status, code: "SERVICE_UNAVAILABLE", message: "The server is overloaded; try again shortly." };
  if (status >= 400 && status < 500)
    return {
      status,
      code: "BAD_REQUEST",
      message:
        error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || /JSON/i.test(error.message) ? "Request body is not valid JSON." : error.message,
    };
  return { status: 500, code: "INTERNAL_SERVER_ERROR", message: "Internal server error" };
}

/** Accept headers Apollo answers with `application/json; charset=utf-8`. */
const PLAIN_JSON_ACCEPT = new Set([undefined, "*/*", "application/json"]);

/**
 * The GraphQL request in an anonymous GET or POST, as Apollo reads it, when it may be answered
 * directly (src/delivery/direct.ts); null for anything else (keys, tokens, preview, persisted
 * queries, other media types), which Apollo answers.
 */
function directRequestOf(request: FastifyRequest): DirectRequest | null {
  if (!hasNoCredential(request.headers) || !PLAIN_JSON_ACCEPT.has(request.headers.accept)) return null;
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (request.method === "POST") {
    const body = request.body;
    if (!isRecord(body) || typeof body.query !== "string" || (body.extensions !== undefined && body.extensions !== null)) return null;
    const { operationName = null, variables = null } = body;
    if ((operationName !== null && typeof operationName !== "string") || (variables !== null && !isRecord(variables))) return null;
    return { query: body.query, operationName, variables };
  }
  if (request.method !== "GET" || request.headers["content-type"] !== undefined) return null;
  const params = new URLSearchParams(request.url.slice(request.url.indexOf("?") + 1));
  const once = (name: string) => {
    const all = params.getAll(name);
    return all.length === 1 ? all[0] : all.length === 0 ? null : undefined;
  };
  const query = once("query");
  const operationName = once("operationName");
  const variablesText = once("variables");
  if (typeof query !== "string" || operationName === undefined || variablesText === undefined || params.has("extensions")) return null;
  let variables: unknown = null;
  try {
    if (variablesText !== null) variables = JSON.parse(variablesText);
  } catch {
    return null;
  }
  if (variables !== null && !isRecord(variables)) return null;
  return { query, operationName, variables };
}

/** Believe X-Forwarded-For for the nearest `hops` proxies. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

/** The HTTP server: GraphQL at /graphql (GET and POST), probes and metrics beside it. */
export async function createApp(services: Services, options: AppOptions = {}): Promise<App> {
  const config = loadConfig();
  const limits = options.limits ?? config.limits;
  const metrics = new Metrics(options.pools);
  // The client's address through the proxies TRUST_PROXY names: for Fastify and the front alike.
  const trustProxy = typeof config.trustProxy === "number" ? trustHops(config.trustProxy) : config.trustProxy;
  // Set once the response cache exists: cache hits are answered before Fastify sees them.
  let front: ReturnType<typeof cacheFront> | null = null;
  const fastify = Fastify({
    serverFactory: (handler, init) => {
      const settings = init as {
        keepAliveTimeout: number;
        requestTimeout: number;
        connectionTimeout: number;
        maxRequestsPerSocket?: number;
      };
      const server = http.createServer((req, res) => (front ? front(req, res, () => handler(req, res)) : handler(req, res)));
      // What Fastify sets on a server of its own.
      server.keepAliveTimeout = settings.keepAliveTimeout;
      server.requestTimeout = settings.requestTimeout;
      server.setTimeout(settings.connectionTimeout);
      if (settings.maxRequestsPerSocket) server.maxRequestsPerSocket = settings.maxRequestsPerSocket;
      return server;
    },
    logger: { level: options.logLevel ?? config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // The GraphQL plugin logs one line per request with its operation name instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? config.bodyLimit,
    // Behind a load balancer every request would otherwise come from its address, and the
    // per-address sign-in limits would throttle everyone at once.
    trustProxy,
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  const cacheOptions = options.responseCache ?? config.responseCache;
  const cache = cacheOptions
    ? new ResponseCache(cacheOptions, services.liveChanges, { registry: metrics.registry, log: fastify.log })
    : null;
  const apollo = await createApollo(limits, metrics, [partnerPlugin(), ...(cache ? [answerPlugin(cache)] : [])], cache?.persistedQueries);

  let closing = false;
  fastify.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    // A kept-alive connection would otherwise hold close() until its idle timeout.
    if (closing) reply.header("connection", "close");
  });
  // JSON only, so no inline script to protect; Apollo's landing page loads its own scripts.
  await fastify.register(helmet, { contentSecurityPolicy: false, global: true });
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, code, message } = requestErrorBody(error);
    if (status >= 500) request.log.error({ err: error, requestId: request.id }, "request failed");
    if (status === 503) reply.header("retry-after", String(RETRY_AFTER_SECONDS));
    const extensions = status >= 500 ? { code, requestId: request.id } : { code };
    void reply.code(status).send({ errors: [{ message, extensions }] });
  });
  fastify.setNotFoundHandler(
    (_request, reply) => void reply.code(404).send({ error: "Not found. GraphQL is served at /graphql, the editor studio at /studio." }),
  );
  registerProbes(fastify, services, metrics, options.pendingMigrations);
  // Keys and quotas first: before the response cache or an embed answers anything.
  if (services.partners) registerPartnerGate(fastify, services.partners);
  await registerEmbedRoutes(fastify, services, {
    origins: options.embedOrigins ?? keyedEmbedOrigins(defaultEmbedOrigins(options.corsOrigins)),
    maxAgeSeconds: cacheOptions ? cacheOptions.maxAgeSeconds : 60,
  });
  // The studio sets a strict CSP of its own; the JSON routes need none.
  await registerStudio(fastify, options.studioRoot);

  // One context per request: a request the direct path hands to Apollo keeps its time budget.
  const contexts = new WeakMap<FastifyRequest, Promise<RequestContext>>();
  const context = (request: FastifyRequest, reply: FastifyReply): Promise<RequestContext> => {
    let made = contexts.get(request);
    if (!made) contexts.set(request, (made = makeContext(request, reply)));
    return made;
  };
  const makeContext = async (request: FastifyRequest, _reply: FastifyReply): Promise<RequestContext> => {
    const { actor, preview } = await actorOf(services, request);
    // Sign-in throttling per address: the client's, through proxies named by TRUST_PROXY.
    const ctx = createContext(services, actor, preview, request.ip);
    ctx.requestId = request.id;
    ctx.log = request.log;
    ctx.limits = { deadline: Date.now() + limits.timeoutMs, listCap: limits.listCap };
    ctx.apiKey = apiKeyOf(request);
    ctx.anonymousRefused = isAnonymousRefused(request);
    if (cache) ctx.answer = ResponseCache.info(request);
    return ctx;
  };
  const apolloHandler = fastifyApolloHandler(apollo, { context });
  const direct = (options.directAnswers ?? config.directAnswers) ? new DirectAnswers(await graphqlSchema(), limits) : null;
  // Item queries the planner serves whole are answered without execution; the rest by Apollo.
  const handler: typeof apolloHandler = async function (this: FastifyInstance, request, reply) {
    const params = direct && directRequestOf(request);
    if (params) {
      const started = process.hrtime.bigint();
      const answer = await direct.answer(params, () => context(request, reply));
      if (answer) {
        recordRequest(metrics, request.log, {
          requestId: request.id,
          operationName: answer.operationName,
          started,
          status: 200,
          codes: [],
        });
        metrics.directAnswers.inc();
        void reply.code(200).header("content-type", "application/json; charset=utf-8");
        return answer.body;
      }
    }
    return apolloHandler.call(this, request, reply);
  };

  await fastify.register(async (graphql) => {
    await graphql.register(underPressure, {
      maxEventLoopDelay: 1000,
      retryAfter: RETRY_AFTER_SECONDS,
      pressureHandler: (request, reply) => {
        void reply
          .code(503)
          .header("retry-after", String(RETRY_AFTER_SECONDS))
          .send({
            errors: [
              {
                message: "The server is overloaded; try again shortly.",
                extensions: { code: "SERVICE_UNAVAILABLE", requestId: request.id },
              },
            ],
          });
      },
    });
    await graphql.register(cors, {
      origin: options.corsOrigins ?? (process.env.CORS_ORIGINS ? process.env.CORS_ORIGINS.split(",").map((o) => o.trim()) : "*"),
      methods: ["GET", "POST"],
      allowedHeaders: ["content-type", "authorization", "x-api-key", "x-preview", "x-request-id", "apollo-require-preflight"],
      exposedHeaders: ["x-request-id", "retry-after", "etag"],
      maxAge: 600,
    });
    graphql.addHook("onSend", async (request, reply) => {
      // Answers for signed-in users (editorial data, previews) must not sit in shared caches.
      if (request.headers.authorization || request.headers["x-preview"]) reply.header("cache-control", "private, no-store");
      // Without the response cache nothing below says it; no answer is cacheable by default.
      else if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    });
    // Before the routes, so that a hit is answered before GraphQL parses anything.
    cache?.register(graphql);
    graphql.addHook("onSend", async (request, reply) => {
      // A keyed answer may come from this server's cache, but no shared cache may hand it to
      // someone without the key (it would bypass quotas, and anonymous refusal).
      if (apiKeyOf(request)) reply.header("cache-control", "private, no-store");
    });
    graphql.post("/graphql", handler);
    await graphql.register(async (cacheable) => {
      // GET is what CDNs and browsers cache, so only GET answers carry an ETag.
      await cacheable.register(etag);
      cacheable.get("/graphql", handler);
    });
  });
  await fastify.ready();
  if (cache && options.cacheFront !== false) {
    front = cacheFront({
      cache,
      anonymousPerMinute: services.partners ? services.partners.settings.anonymousPerMinute : null,
      counter: services.partners?.counter,
      trustProxy,
      closing: () => closing,
    });
  }

  return {
    server: fastify.server,
    logger: fastify.log,
    listen: async (port, host) => {
      await fastify.listen({ port, host });
      const address = fastify.server.address() as { port: number };
      return `http://localhost:${address.port}/graphql`;
    },
    // Fastify stops accepting and lets requests in flight finish (answering 503 to new ones on
    // kept-alive connections); connections are closed as they fall idle. Then Apollo stops.
    close: async () => {
      closing = true;
      const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
      try {
        await fastify.close();
      } finally {
        clearInterval(sweep);
      }
      await apollo.stop();
      await cache?.close();
    },
  };
}
