import etag from "@fastify/etag";
import { apiKeyOf } from "../partners/api-keys";
import { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../common/db-errors";
import { AppError } from "../common/errors";
import { localeChain } from "../common/locale";
import { treatmentEmbed } from "../partners/embed";
import { partnerConfigFromEnv } from "../partners/partner-config";
import { createContext, Services } from "./context";
import { RETRY_AFTER_SECONDS } from "./graphql";

/** Origins a browser may read embeds from: a list, or "*" for any. */
export type EmbedOrigins = (request: FastifyRequest) => Promise<string[] | "*">;

export interface EmbedRouteOptions {
  /**
   * Which origins may read embeds from browsers (CORS). Defaults to CORS_ORIGINS (any origin
   * when unset); an API key's allowed origins can be plugged in here.
   */
  origins?: EmbedOrigins;
  /** max-age of the answers (the response cache's, so a CDN keeps them no longer than GraphQL answers). */
  maxAgeSeconds: number;
}

const OEMBED_WIDTH = 600;
const OEMBED_HEIGHT = 400;
const TREATMENT_PATH = /^\/(?:embed\/)?treatments\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .send({ errors: [{ message, extensions: { code } }] });
}

export function defaultEmbedOrigins(corsOrigins?: string[]): EmbedOrigins {
  const fromEnv = process.env.CORS_ORIGINS?.split(",").map((o) => o.trim());
  const origins = corsOrigins ?? fromEnv ?? "*";
  return async () => origins;
}

/**
 * A request with an API key may be read by browsers on that key's allowed origins only (none
 * when the key names none: it is then for servers); requests without a key fall back to `otherwise`.
 */
export function keyedEmbedOrigins(otherwise: EmbedOrigins): EmbedOrigins {
  return async (request) => {
    const key = apiKeyOf(request);
    return key ? key.allowedOrigins : otherwise(request);
  };
}

/** The published treatment's embed, or null (unknown slug, or not published). */
async function embedOf(services: Services, slug: string, locale: string | undefined) {
  const ctx = createContext(services);
  const chain = localeChain(locale, services.defaultLocale);
  const node = await services.content.findBySlug("treatment", slug, chain);
  return node ? { node, embed: await treatmentEmbed(ctx, partnerConfigFromEnv(), node) } : null;
}

/**
 * Partner embeds over plain HTTP: `GET /embed/treatments/:slug` (JSON, or `?format=html` for the
 * sanitized snippet) and `GET /oembed?url=...`. Published content only, computed from the live
 * graph on every request (cheap: one item and one link list), so a publish shows at once; answers
 * carry Cache-Control, an ETag (304 on If-None-Match) and Surrogate-Key like GraphQL's GET answers.
 */
export async function registerEmbedRoutes(fastify: FastifyInstance, services: Services, options: EmbedRouteOptions): Promise<void> {
  const origins = options.origins ?? defaultEmbedOrigins();
  const cacheControl = `public, max-age=${options.maxAgeSeconds}, stale-while-revalidate=${options.maxAgeSeconds * 5}`;
  // A keyed answer carries that key's CORS origins: a shared cache must not hand it to others.
  const cacheControlFor = (request: FastifyRequest) => (apiKeyOf(request) ? "private, no-store" : cacheControl);

  await fastify.register(async (scope) => {
    await scope.register(etag);
    scope.addHook("onRequest", async (request, reply) => {
      const origin = request.headers.origin;
      // A preflight carries no credentials (no API key), so it cannot be judged: it is let
      // through, and the answer to the real request decides whether the browser may read it.
      const allowed = request.method === "OPTIONS" ? (origin ? [origin] : "*") : await origins(request);
      if (allowed === "*") reply.header("access-control-allow-origin", "*");
      else {
        reply.header("vary", "origin");
        if (origin && allowed.includes(origin)) reply.header("access-control-allow-origin", origin);
      }
      reply.header("access-control-expose-headers", "etag, x-request-id");
      // Partners show these on their own pages.
      reply.header("cross-origin-resource-policy", "cross-origin");
    });
    scope.setErrorHandler((error: Error, request, reply) => {
      if (error instanceof AppError && error.extensions.code === "BAD_USER_INPUT") return fail(reply, 400, "BAD_USER_INPUT", error.message);
      if (isDatabaseUnavailable(error)) {
        reply.header("retry-after", String(RETRY_AFTER_SECONDS));
        return fail(reply, 503, "SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly.");
      }
      request.log.error({ err: error, requestId: request.id }, "embed failed");
      return reply
        .code(500)
        .header("cache-control", "no-store")
        .send({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: request.id } }] });
    });

    const preflight = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(204)
        .header("access-control-allow-methods", "GET")
        .header("access-control-allow-headers", "authorization, x-api-key, if-none-match")
        .header("access-control-max-age", "600")
        .send();
    scope.options("/embed/treatments/:slug", preflight);
    scope.options("/oembed", preflight);

    scope.get<{ Params: { slug: string }; Querystring: { format?: string; locale?: string } }>(
      "/embed/treatments/:slug",
      async (request, reply) => {
        const { format = "json", locale } = request.query;
        if (format !== "json" && format !== "html") return fail(reply, 400, "BAD_USER_INPUT", "`format` is json or html.");
        const found = await embedOf(services, request.params.slug, locale);
        if (!found) return fail(reply, 404, "NOT_FOUND", "No published treatment has this slug.");
        reply.header("cache-control", cacheControlFor(request)).header("surrogate-key", `${found.node.id} list:treatment`);
        if (format === "html") {
          // The snippet alone in a browser runs nothing; partners may frame it.
          reply.header("content-security-policy", "default-src 'none'; frame-ancestors *");
          reply.removeHeader("x-frame-options");
          return reply.type("text/html; charset=utf-8").send(found.embed.html);
        }
        return reply.send(found.embed);
      },
    );

    scope.get<{ Querystring: { url?: string; format?: string; maxwidth?: string; maxheight?: string } }>(
      "/oembed",
      async (request, reply) => {
        const { url, format = "json" } = request.query;
        if (format !== "json") return fail(reply, 501, "BAD_REQUEST", "Only format=json is served.");
        let target: URL;
        try {
          target = new URL(url ?? "");
        } catch {
          return fail(reply, 400, "BAD_USER_INPUT", "`url` must be the URL of a treatment's page or embed.");
        }
        const config = partnerConfigFromEnv();
        const site = config.publicSiteUrl ? new URL(config.publicSiteUrl) : null;
        const path = site && target.host === site.host ? target.pathname.slice(site.pathname.replace(/\/$/, "").length) : target.pathname;
        const match = TREATMENT_PATH.exec(path);
        const ours = target.host === request.host || target.host === site?.host;
        if (!match || !ours) return fail(reply, 404, "NOT_FOUND", "This URL is not a treatment served here.");
        const found = await embedOf(services, match[1], target.searchParams.get("locale") ?? undefined);
        if (!found) return fail(reply, 404, "NOT_FOUND", "No published treatment has this slug.");
        const size = (given: string | undefined, fallback: number) => {
          const n = Number(given);
          return Number.isInteger(n) && n > 0 ? Math.min(n, fallback) : fallback;
        };
        reply.header("cache-control", cacheControlFor(request)).header("surrogate-key", `${found.node.id} list:treatment`);
        return reply.send({
          version: "1.0",
          type: "rich",
          title: found.node.name,
          html: found.embed.html,
          width: size(request.query.maxwidth, OEMBED_WIDTH),
          height: size(request.query.maxheight, OEMBED_HEIGHT),
          cache_age: options.maxAgeSeconds,
          ...(config.publisherName ? { provider_name: config.publisherName } : {}),
          ...(config.publicSiteUrl ? { provider_url: config.publicSiteUrl } : {}),
        });
      },
    );
  });
}
