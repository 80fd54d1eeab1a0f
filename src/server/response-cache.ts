import { createHash } from "node:crypto";
import { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Counter, Gauge, Registry } from "prom-client";
import { PersistedQueryStore } from "./cache/persisted-queries";
import { RedisCacheOptions, RedisStore } from "./cache/redis-store";
import { AnswerStore, MemoryStore, Stored } from "./cache/stores";
import { LiveChanges } from "./live-changes";
import { hasNoCredential, sharesAnonymousAnswers } from "../partners/gate";

/** What a request learns about its own answer while GraphQL runs it. */
export interface AnswerInfo {
  /** A query (not a mutation) answered without errors: it may be stored. */
  cacheable: boolean;
  /** Item ids and `list:<type>` of the lists the answer contains, for CDN purges (`Surrogate-Key`). */
  tags: Set<string>;
}

export interface ResponseCacheOptions {
  maxEntries: number;
  /** How long an answer is kept, and the max-age clients and CDNs get. */
  maxAgeSeconds: number;
  /** Share answers (and persisted queries) between instances through Redis (REDIS_URL). */
  redis?: RedisCacheOptions;
}

/** One computation of an answer that identical requests arriving meanwhile wait for. */
class InFlight {
  resolve!: (stored: Stored | null) => void;
  readonly answer = new Promise<Stored | null>((resolve) => (this.resolve = resolve));
}

interface Pending {
  key: string;
  store: AnswerStore;
  generation: string;
  /** This instance's count of invalidations when the lookup started. */
  local: number;
  leader?: InFlight;
}

const INFO = Symbol("answerInfo");
const PENDING = Symbol("pendingAnswer");
const ANSWERED = Symbol("answeredFromCache");
type Marked = FastifyRequest & { [INFO]?: AnswerInfo; [PENDING]?: Pending; [ANSWERED]?: boolean };

/** At most this many item tags in one header; beyond it the list tags still name the types. */
const MAX_TAGS = 64;

/** Surrogate key of every published answer: a purge of it empties a CDN of this API's answers. */
export const ALL_ANSWERS_TAG = "published";

/** Origins whose hit headers are kept for the front at once; others are answered by Fastify until learnt. */
const MAX_TEMPLATES = 32;

/** Headers that belong to one answer or one request, never to a learnt template. */
const PER_ANSWER = new Set([
  "etag",
  "surrogate-key",
  "content-type",
  "content-length",
  "x-cache",
  "x-request-id",
  "date",
  "connection",
  "keep-alive",
  "set-cookie",
  "transfer-encoding",
]);

export type FrontEntry = Stored & { bytes?: Buffer };

/** A CDN must keep anonymous, preview and signed-in answers (and JSON flavours) apart, as this cache does. */
const VARY = "Accept, Authorization, X-Preview";

/**
 * Published answers as bytes, answered before GraphQL runs. Only anonymous, non-preview
 * requests are looked up or stored, so drafts and signed-in answers never enter it. Any change
 * of the live graph (heard from every instance through LiveChanges) starts a new generation, and
 * an answer computed while a change happened is not stored. Identical misses arriving while one
 * is computed wait for it instead of running the query again.
 *
 * In process by default; with Redis, answers are shared and the generation lives in Redis, so a
 * change heard by any instance makes every instance miss. While Redis fails, answers are kept in
 * process (and never served from Redis) until it answers again.
 */
export class ResponseCache {
  private readonly memory: MemoryStore;
  private readonly redis: RedisStore | null;
  /** Apollo's persisted-query store, shared through Redis when there is one. */
  readonly persistedQueries: PersistedQueryStore | undefined;
  private readonly inFlight = new Map<string, InFlight>();
  private invalidations = 0;
  /** False while changes may go unheard (no listening connection): nothing is stored or served. */
  private trusted: boolean;
  private readonly lookups: Counter<"result">;
  private readonly hits: Counter.Internal;
  private readonly frontHits: Counter;
  /** Headers of an anonymous hit by Origin header ("" for none), learnt from Fastify's answers. */
  private readonly templates = new Map<string, string[]>();

  constructor(
    private readonly options: ResponseCacheOptions,
    changes?: LiveChanges,
    { registry, log }: { registry?: Registry; log?: FastifyBaseLogger } = {},
  ) {
    const registers = registry ? [registry] : [];
    this.lookups = new Counter({
      name: "response_cache_lookups_total",
      help: "Cacheable requests by outcome: hit, coalesced (waited for an identical request), miss",
      labelNames: ["result"],
      registers,
    });
    this.hits = this.lookups.labels({ result: "hit" });
    this.frontHits = new Counter({
      name: "response_cache_front_answers_total",
      help: "Hits answered before Fastify (anonymous GETs from this process's cache); counted among the hits too",
      registers,
    });
    this.memory = new MemoryStore(options.maxEntries, options.maxAgeSeconds * 1000);
    if (options.redis) {
      const up = new Gauge({
        name: "response_cache_redis_up",
        help: "Whether answers are shared through Redis (1) or kept in this process only (0)",
        registers,
      });
      up.set(0);
      const outages = new Counter({
        name: "response_cache_redis_outages_total",
        help: "Times the cache stopped using Redis (unreachable, failed or too slow)",
        registers,
      });
      const quiet = { warn: () => undefined, info: () => undefined };
      this.redis = new RedisStore(options.redis, options.maxAgeSeconds * 1000, log ?? quiet, (healthy) => {
        up.set(healthy ? 1 : 0);
        if (!healthy) outages.inc();
      });
      const redis = this.redis;
      this.persistedQueries = new PersistedQueryStore(redis.client, options.redis.prefix, () => redis.healthy);
    } else {
      this.redis = null;
    }
    this.trusted = changes ? changes.listening : true;
    changes?.on("change", () => void this.invalidate());
    changes?.on("unsure", () => {
      this.trusted = false;
      void this.invalidate();
    });
    changes?.on("listening", () => {
      this.trusted = true;
    });
  }

  /** Starts a new generation here and, when shared, in Redis (resolved once Redis has it). */
  async invalidate(): Promise<void> {
    this.invalidations++;
    this.inFlight.clear();
    void this.memory.invalidate();
    await this.redis?.invalidate();
  }

  /** Answers held in this process (not those in Redis). */
  get size(): number {
    return this.memory.size;
  }

  /** True while answers are shared through Redis. */
  get shared(): boolean {
    return this.redis?.healthy ?? false;
  }

  /** The answer's info object, set on the request so that GraphQL's context can fill it. */
  static info(request: FastifyRequest): AnswerInfo {
    const marked = request as Marked;
    return (marked[INFO] ??= { cacheable: false, tags: new Set() });
  }

  /** The key of a GET: the Accept header and the query string as sent. */
  private static getKey(accept: string | undefined, url: string): string {
    return `GET ${accept ?? ""} ${url.slice(url.indexOf("?") + 1)}`;
  }

  private keyOf(request: FastifyRequest): string | null {
    // Anonymous readers, and API keys that may read what they may (a key changes who pays).
    if (!sharesAnonymousAnswers(request)) return null;
    const accept = request.headers.accept ?? "";
    if (request.method === "GET") return ResponseCache.getKey(accept, request.url);
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown } | undefined;
    if (!body || typeof body !== "object") return null;
    return `POST ${accept} ${JSON.stringify([body.query ?? null, body.variables ?? null, body.operationName ?? null, body.extensions ?? null])}`;
  }

  private headers(reply: FastifyReply, stored: Pick<Stored, "etag" | "surrogateKey">, outcome: "HIT" | "MISS" | "COALESCED"): void {
    const maxAge = this.options.maxAgeSeconds;
    reply.header("cache-control", `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`);
    reply.header("etag", stored.etag);
    reply.header("surrogate-key", stored.surrogateKey);
    const vary = reply.getHeader("vary");
    reply.header("vary", vary ? `${String(vary)}, ${VARY}` : VARY);
    reply.header("x-cache", outcome);
  }

  private async answer(request: FastifyRequest, reply: FastifyReply, stored: Stored, outcome: "HIT" | "COALESCED"): Promise<true> {
    this.lookups.inc({ result: outcome.toLowerCase() });
    this.headers(reply, stored, outcome);
    (request as Marked)[ANSWERED] = true;
    if (request.headers["if-none-match"] === stored.etag) await reply.code(304).send();
    else await reply.code(200).type(stored.contentType).send(stored.body);
    return true;
  }

  /** Answers from the cache (200, or 304 for a matching If-None-Match), or marks the request. */
  async lookup(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const key = this.trusted ? this.keyOf(request) : null;
    if (!key) return false;
    const local = this.invalidations;
    let store: AnswerStore = this.redis?.healthy ? this.redis : this.memory;
    let found;
    try {
      found = await store.get(key);
    } catch (error) {
      this.redis?.failed(error);
      store = this.memory;
      found = await store.get(key);
    }
    if (found.stored) return this.answer(request, reply, found.stored, "HIT");
    // The same answer is being computed: take its bytes, unless it proves older than a change.
    const running = this.inFlight.get(key);
    if (running) {
      const stored = await running.answer;
      if (stored) return this.answer(request, reply, stored, "COALESCED");
    }
    this.lookups.inc({ result: "miss" });
    const pending: Pending = { key, store, generation: found.generation, local };
    if (!running && local === this.invalidations) {
      pending.leader = new InFlight();
      this.inFlight.set(key, pending.leader);
    }
    (request as Marked)[PENDING] = pending;
    return false;
  }

  /**
   * For the front (cache-front.ts): the answer stored for an anonymous GET, found without
   * waiting, and the headers Fastify gave the last hit from the same Origin. Only while answers
   * live in this process and changes are heard; otherwise undefined, and Fastify answers.
   */
  peekGet(accept: string | undefined, url: string, origin: string): { stored: FrontEntry; headers: string[] } | undefined {
    if (!this.trusted || this.redis) return undefined;
    const headers = this.templates.get(origin);
    if (!headers) return undefined;
    const stored = this.memory.peek(ResponseCache.getKey(accept, url));
    if (!stored) return undefined;
    this.hits.inc();
    this.frontHits.inc();
    return { stored, headers };
  }

  /**
   * Keeps the headers of an anonymous hit that Fastify answered (helmet's, CORS for this
   * Origin, Vary, Cache-Control), less those of the entry and of the request, so that the front
   * answers the next hits with exactly these. A hook or plugin that adds a header is picked up
   * without the front knowing it.
   */
  private learn(request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode !== 200 || request.method !== "GET" || !hasNoCredential(request.headers)) return;
    const origin = request.headers.origin ?? "";
    if (this.templates.has(origin)) return;
    // Origin is the client's to say: past the bound the oldest is forgotten (and learnt again on
    // its next hit), so made-up origins cannot keep real sites' hits away from the front.
    if (this.templates.size >= MAX_TEMPLATES) this.templates.delete(this.templates.keys().next().value!);
    const headers: string[] = [];
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || PER_ANSWER.has(name.toLowerCase())) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.push(name, String(one));
    }
    this.templates.set(origin, headers);
  }

  /** Stores a cacheable answer computed with no change in between; names its tags. */
  async store(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const marked = request as Marked;
    if (marked[ANSWERED]) return payload;
    const pending = marked[PENDING];
    const info = marked[INFO];
    if (!pending || !info?.cacheable || reply.statusCode !== 200 || typeof payload !== "string") {
      this.settle(pending, null);
      // Errors, mutations and signed-in answers must not sit in any shared cache.
      reply.header("cache-control", "private, no-store");
      return payload;
    }
    const etag = `"${createHash("sha1").update(payload).digest("base64url")}"`;
    const tags = [...info.tags];
    const named = tags.length > MAX_TAGS ? tags.filter((t) => t.startsWith("list:")) : tags;
    const surrogateKey = [ALL_ANSWERS_TAG, ...named].join(" ");
    const stored: Stored = {
      body: payload,
      etag,
      contentType: String(reply.getHeader("content-type") ?? "application/json"),
      surrogateKey,
    };
    let kept = false;
    if (pending.local === this.invalidations && this.trusted) {
      try {
        kept = await pending.store.put(pending.key, pending.generation, stored);
      } catch (error) {
        this.redis?.failed(error);
      }
      // Checked again: an invalidation heard while Redis stored it makes the bytes unsafe to share.
      kept &&= pending.local === this.invalidations;
    }
    this.settle(pending, kept ? stored : null);
    this.headers(reply, stored, "MISS");
    return payload;
  }

  /** Gives a computed answer to the identical requests waiting for it (null: they compute their own). */
  private settle(pending: Pending | undefined, stored: Stored | null): void {
    const leader = pending?.leader;
    if (!leader) return;
    pending.leader = undefined;
    if (this.inFlight.get(pending.key) === leader) this.inFlight.delete(pending.key);
    leader.resolve(stored);
  }

  /** Puts the cache in front of the GraphQL routes of `scope`. */
  register(scope: FastifyInstance): void {
    scope.addHook("preHandler", async (request, reply) => {
      if (await this.lookup(request, reply)) return reply;
    });
    scope.addHook("onSend", async (request, reply, payload) => this.store(request, reply, payload));
    // However the request ended, nobody may wait for it any longer.
    scope.addHook("onResponse", async (request, reply) => {
      this.settle((request as Marked)[PENDING], null);
      if ((request as Marked)[ANSWERED]) this.learn(request, reply);
    });
  }

  async close(): Promise<void> {
    await this.redis?.close();
  }
}
