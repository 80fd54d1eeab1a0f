import { createHash } from "node:crypto";
import { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { LiveChanges } from "./live-changes";
import { sharesAnonymousAnswers } from "../partners/gate";

/** What a request learns about its own answer while GraphQL runs it. */
export interface AnswerInfo {
  /** A query (not a mutation) answered without errors: it may be stored. */
  cacheable: boolean;
  /** Item ids and `list:<type>` of the lists the answer contains, for CDN purges (`Surrogate-Key`). */
  tags: Set<string>;
}

interface Stored {
  body: string;
  etag: string;
  contentType: string;
  surrogateKey: string;
  storedAt: number;
}

export interface ResponseCacheOptions {
  maxEntries: number;
  /** How long an answer is kept, and the max-age clients and CDNs get. */
  maxAgeSeconds: number;
}

const INFO = Symbol("answerInfo");
const KEY = Symbol("cacheKey");
const HIT = Symbol("cacheHit");
type Marked = FastifyRequest & { [INFO]?: AnswerInfo; [KEY]?: { key: string; generation: number }; [HIT]?: boolean };

/** At most this many item tags in one header; beyond it the list tags still name the types. */
const MAX_TAGS = 64;

/**
 * Published answers as bytes, answered before GraphQL runs. Only anonymous, non-preview
 * requests are looked up or stored, so drafts and signed-in answers never enter it. Any
 * change of the live graph (heard from every instance through LiveChanges) empties it, and an
 * answer computed while a change happened is not stored.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Stored>();
  private generation = 0;
  /** False while changes may go unheard (no listening connection): nothing is stored or served. */
  private trusted: boolean;

  constructor(
    private readonly options: ResponseCacheOptions,
    changes?: LiveChanges,
  ) {
    this.trusted = changes ? changes.listening : true;
    changes?.on("change", () => this.invalidate());
    changes?.on("unsure", () => {
      this.trusted = false;
      this.invalidate();
    });
    changes?.on("listening", () => {
      this.trusted = true;
    });
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer's info object, set on the request so that GraphQL's context can fill it. */
  static info(request: FastifyRequest): AnswerInfo {
    const marked = request as Marked;
    return (marked[INFO] ??= { cacheable: false, tags: new Set() });
  }

  private keyOf(request: FastifyRequest): string | null {
    // Anonymous readers, and API keys that may read what they may (a key changes who pays).
    if (!sharesAnonymousAnswers(request)) return null;
    const accept = request.headers.accept ?? "";
    if (request.method === "GET") return `GET ${accept} ${request.url.slice(request.url.indexOf("?") + 1)}`;
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown } | undefined;
    if (!body || typeof body !== "object") return null;
    return `POST ${accept} ${JSON.stringify([body.query ?? null, body.variables ?? null, body.operationName ?? null, body.extensions ?? null])}`;
  }

  private headers(reply: FastifyReply, stored: Pick<Stored, "etag" | "surrogateKey">, hit: boolean): void {
    const maxAge = this.options.maxAgeSeconds;
    reply.header("cache-control", `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`);
    reply.header("etag", stored.etag);
    reply.header("surrogate-key", stored.surrogateKey);
    reply.header("x-cache", hit ? "HIT" : "MISS");
  }

  /** Answers from the cache (200, or 304 for a matching If-None-Match), or marks the request. */
  async lookup(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const key = this.trusted ? this.keyOf(request) : null;
    if (!key) return false;
    const stored = this.entries.get(key);
    if (stored && Date.now() - stored.storedAt < this.options.maxAgeSeconds * 1000) {
      // Map order is recency: a hit moves to the end, the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, stored);
      this.headers(reply, stored, true);
      (request as Marked)[HIT] = true;
      if (request.headers["if-none-match"] === stored.etag) await reply.code(304).send();
      else await reply.code(200).type(stored.contentType).send(stored.body);
      return true;
    }
    (request as Marked)[KEY] = { key, generation: this.generation };
    return false;
  }

  /** Stores a cacheable answer computed with no change in between; names its tags. */
  store(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const marked = request as Marked;
    if (marked[HIT]) return payload;
    const pending = marked[KEY];
    const info = marked[INFO];
    if (!pending || !info?.cacheable || reply.statusCode !== 200 || typeof payload !== "string") {
      // Errors, mutations and signed-in answers must not sit in any shared cache.
      reply.header("cache-control", "private, no-store");
      return payload;
    }
    const etag = `"${createHash("sha1").update(payload).digest("base64url")}"`;
    const tags = [...info.tags];
    const surrogateKey = (tags.length > MAX_TAGS ? tags.filter((t) => t.startsWith("list:")) : tags).join(" ");
    const stored: Stored = {
      body: payload,
      etag,
      contentType: String(reply.getHeader("content-type") ?? "application/json"),
      surrogateKey,
      storedAt: Date.now(),
    };
    if (pending.generation === this.generation && this.trusted) {
      this.entries.set(pending.key, stored);
      while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    this.headers(reply, stored, false);
    return payload;
  }

  /** Puts the cache in front of the GraphQL routes of `scope`. */
  register(scope: FastifyInstance): void {
    scope.addHook("preHandler", async (request, reply) => {
      if (await this.lookup(request, reply)) return reply;
    });
    scope.addHook("onSend", async (request, reply, payload) => this.store(request, reply, payload));
  }
}
