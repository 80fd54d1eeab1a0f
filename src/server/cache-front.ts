import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import proxyAddr from "@fastify/proxy-addr";
import type { Hit, RequestCounter } from "../partners/rate-limit";
import { hasNoCredential, markCounted } from "../partners/gate";
import { FrontEntry, ResponseCache } from "./response-cache";

/**
 * Cache hits answered at the HTTP layer, before Fastify: an anonymous `GET /graphql?...` whose
 * answer is in this process's response cache is written with one `writeHead` and one `end`,
 * with the headers Fastify gave the last such hit (learnt by the cache, so helmet's, CORS and
 * Vary stay exactly Fastify's). Everything else (misses, POST, credentials, preview, a cache
 * shared through Redis, a server that is closing) goes to Fastify unchanged.
 *
 * The anonymous rate limit still applies: the address is counted here, and a request over its
 * limit goes to Fastify carrying that count, which answers 429 without counting it again.
 */
export interface FrontOptions {
  cache: ResponseCache;
  /** Anonymous requests per minute per address: null for no limit, 0 when anonymous delivery is refused. */
  anonymousPerMinute: number | null;
  counter?: RequestCounter;
  /** Fastify's trustProxy setting: the client's address is worked out as Fastify does. */
  trustProxy?: boolean | string | ((address: string, hop: number) => boolean);
  closing: () => boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The client's X-Request-Id when it is a sane one, else a new id: Fastify's and the front's. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

type Trust = (address: string, hop: number) => boolean;

function trustOf(setting: FrontOptions["trustProxy"]): Trust | null {
  if (!setting) return null;
  if (typeof setting === "function") return setting;
  if (setting === true) return () => true;
  return proxyAddr.compile(setting.split(",").map((s) => s.trim()));
}

export function cacheFront(options: FrontOptions): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const { cache, anonymousPerMinute: limit, counter } = options;
  const trust = trustOf(options.trustProxy);
  const addressOf = (req: IncomingMessage): string | undefined => {
    if (!trust) return req.socket.remoteAddress;
    const all = proxyAddr.all(req, trust);
    return all[all.length - 1];
  };

  const answer = (req: IncomingMessage, res: ServerResponse, stored: FrontEntry, learnt: string[]): void => {
    const headers = [
      ...learnt,
      "x-request-id",
      requestIdOf(req),
      "etag",
      stored.etag,
      "surrogate-key",
      stored.surrogateKey,
      "x-cache",
      "HIT",
    ];
    if (req.headers["if-none-match"] === stored.etag) {
      headers.push("content-length", "0");
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const bytes = (stored.bytes ??= Buffer.from(stored.body));
    headers.push("content-type", stored.contentType, "content-length", String(bytes.length));
    res.writeHead(200, headers);
    res.end(bytes);
  };

  /** Whether the request is one the front may answer, before looking anything up. */
  const eligible = (req: IncomingMessage): boolean =>
    req.method === "GET" && req.url !== undefined && req.url.startsWith("/graphql?") && hasNoCredential(req.headers) && !options.closing();

  const lookup = (req: IncomingMessage) => cache.peekGet(req.headers.accept, req.url!, req.headers.origin ?? "");

  return (req, res, next) => {
    // Anonymous delivery refused (limit 0): Fastify says so.
    if (limit === 0 || !eligible(req)) return next();
    if (limit === null || !counter) {
      const found = lookup(req);
      if (!found) return next();
      return answer(req, res, found.stored, found.headers);
    }
    const address = addressOf(req);
    if (address === undefined) return next();
    counter.hit(`ip:${address}`).then(
      (hit: Hit) => {
        markCounted(req, hit);
        const found = hit.hits <= limit ? lookup(req) : undefined;
        if (!found) return next();
        answer(req, res, found.stored, found.headers);
      },
      // The counter failed: Fastify counts again and answers 503 if it still fails.
      () => next(),
    );
  };
}
