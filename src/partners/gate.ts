import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../common/db-errors";
import { AppError } from "../common/errors";
import { ApiKeyInfo, apiKeyOf, isApiKeyToken, markApiKey } from "./api-keys";
import { Partners } from "./partners";
import type { Hit } from "./rate-limit";

/** Seconds a client waits when the counters cannot be reached. */
const UNAVAILABLE_RETRY_SECONDS = 5;

/** Paths that are no delivery: probes, metrics and the studio's files are never counted. */
const UNGATED = /^\/(healthz|readyz|metrics|studio)(\/|\?|$)/;

const REFUSED = Symbol("anonymousRefused");
const COUNTED = Symbol("counted");
type Counted = IncomingMessage & { [COUNTED]?: Hit };

/** The front (src/server/cache-front.ts) counted this request already: the gate uses that count. */
export function markCounted(raw: IncomingMessage, hit: Hit): void {
  (raw as Counted)[COUNTED] = hit;
}
type Marked = FastifyRequest & { [REFUSED]?: boolean };

export type Credential = { kind: "apiKey"; token: string } | { kind: "login" } | { kind: "none" };

/** An API key from `X-API-Key` or `Authorization: Bearer hcms_...`; other bearer tokens are logins. */
export function credentialOf(headers: FastifyRequest["headers"]): Credential {
  const header = headers["x-api-key"];
  const given = Array.isArray(header) ? header[0] : header;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  if (given !== undefined) {
    if (headers.authorization && !(bearer && isApiKeyToken(bearer) && bearer === given))
      throw new AppError("BAD_USER_INPUT", "Send one credential: an API key or a sign-in token, not both.", {
        http: { status: 400 },
      });
    return { kind: "apiKey", token: given.trim() };
  }
  if (bearer && isApiKeyToken(bearer)) return { kind: "apiKey", token: bearer };
  if (headers.authorization) return { kind: "login" };
  return { kind: "none" };
}

function send(reply: FastifyReply, request: FastifyRequest, error: AppError, retryAfter?: number): FastifyReply {
  const { http, ...extensions } = error.extensions as { http?: { status: number } };
  if (retryAfter !== undefined) void reply.header("retry-after", String(retryAfter));
  return reply
    .code(http?.status ?? 400)
    .header("cache-control", "private, no-store")
    .send({
      errors: [{ message: error.message, extensions: { ...extensions, ...(http?.status === 503 ? { requestId: request.id } : {}) } }],
    });
}

function rateLimited(what: string, limit: number, retryAfter: number): AppError {
  return new AppError("RATE_LIMITED", `${what} is limited to ${limit} requests per minute: try again in ${retryAfter} seconds.`, {
    retryAfter,
    limit,
    http: { status: 429 },
  });
}

/**
 * Checks the API key (or counts the anonymous address) of every delivery request before
 * anything else runs, the response cache included: a revoked key or a spent quota never gets
 * an answer, cached or not. Sign-in tokens (staff) are checked later by the GraphQL context.
 */
export function registerPartnerGate(fastify: FastifyInstance, partners: Partners): void {
  fastify.addHook("onRequest", async (request, reply) => {
    if (request.method === "OPTIONS" || UNGATED.test(request.url)) return;
    try {
      const credential = credentialOf(request.headers);
      if (credential.kind === "login") return;
      if (credential.kind === "apiKey") {
        const use = await partners.keys.use(credential.token);
        markApiKey(request, use.key);
        if (use.hits > use.key.requestsPerMinute)
          return send(reply, request, rateLimited("This API key", use.key.requestsPerMinute, use.resetSeconds), use.resetSeconds);
        return;
      }
      const limit = partners.settings.anonymousPerMinute;
      if (limit === 0) {
        // A POST may still sign in (a mutation); GraphQL refuses its queries (see partnerPlugin).
        if (request.method === "POST" && request.url.startsWith("/graphql")) (request as Marked)[REFUSED] = true;
        else return send(reply, request, anonymousRefused());
        return;
      }
      if (limit === null) return;
      const hit = (request.raw as Counted)[COUNTED] ?? (await partners.counter.hit(`ip:${request.ip}`));
      if (hit.hits > limit)
        return send(reply, request, rateLimited("Anonymous access from your address", limit, hit.resetSeconds), hit.resetSeconds);
    } catch (error) {
      if (error instanceof AppError) return send(reply, request, error);
      // The database or Redis is away: refuse rather than serve unchecked.
      if (isDatabaseUnavailable(error)) request.log.warn({ requestId: request.id }, "API key or rate limit check: database unavailable");
      else request.log.error({ err: error, requestId: request.id }, "API key or rate limit check failed");
      const unavailable = new AppError("SERVICE_UNAVAILABLE", "Access checks are unavailable; try again shortly.", {
        http: { status: 503 },
      });
      return send(reply, request, unavailable, UNAVAILABLE_RETRY_SECONDS);
    }
  });
}

export function anonymousRefused(): AppError {
  return new AppError("UNAUTHENTICATED", "This server serves delivery only with an API key (`X-API-Key` or `Authorization: Bearer`).", {
    http: { status: 401 },
  });
}

/** True when anonymous delivery is off and this request, without credentials, may only sign in. */
export function isAnonymousRefused(request: FastifyRequest): boolean {
  return (request as Marked)[REFUSED] === true;
}

/**
 * Whether the request gets exactly the answer an anonymous reader gets, so that it may be
 * answered from (and stored in) the shared response cache: no sign-in, no preview, and either
 * no key or a key without type restrictions. A key changes who pays, not what is answered.
 */
export function sharesAnonymousAnswers(request: FastifyRequest): boolean {
  if (isAnonymousRefused(request)) return false;
  const key: ApiKeyInfo | null = apiKeyOf(request);
  if (key) return request.headers["x-preview"] === undefined && key.allowedTypes === null;
  return hasNoCredential(request.headers);
}

/** No sign-in, no API key, no preview asked: a reader whom any cached published answer fits. */
export function hasNoCredential(headers: IncomingHttpHeaders): boolean {
  return headers.authorization === undefined && headers["x-api-key"] === undefined && headers["x-preview"] === undefined;
}
