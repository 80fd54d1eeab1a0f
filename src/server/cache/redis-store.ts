import { createHash, randomUUID } from "node:crypto";
import Redis from "ioredis";
import { AnswerStore, Found, Stored } from "./stores";

export interface RedisCacheOptions {
  url: string;
  /** Put before every key, so that several deployments (or test runs) can share one Redis. */
  prefix: string;
  /** A command that takes longer fails, and the cache stops using Redis until it answers again. */
  timeoutMs: number;
}

interface Log {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/**
 * Reads the current generation and the answer stored in it, in one round trip. A missing
 * generation (a fresh or emptied Redis, or the key evicted) is replaced by a new random one, so
 * nothing stored before can be read again.
 */
const GET = `
local generation = redis.call('GET', KEYS[1])
if not generation then
  generation = ARGV[2]
  redis.call('SET', KEYS[1], generation, 'EX', ARGV[4])
end
return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[3])}`;

/**
 * Seconds the generation key lives after it was last set. When it expires (a day without any
 * change), the next lookup sets a new one, which is always safe; keys of stopped deployments or
 * test runs do not stay behind.
 */
const GENERATION_TTL_SECONDS = 24 * 60 * 60;

/** Stores an answer only if the generation it was computed in is still the current one. */
const PUT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', ARGV[2] .. ARGV[1] .. ':' .. ARGV[3], ARGV[4], 'PX', ARGV[5])
return 1`;

type Scripted = Redis & {
  cacheGet(generationKey: string, answers: string, fresh: string, hash: string, ttl: number): Promise<[string, string | null]>;
  cachePut(generationKey: string, generation: string, answers: string, hash: string, value: string, ttlMs: number): Promise<number>;
};

function encode(stored: Stored): string {
  return `${stored.etag}\n${stored.contentType}\n${stored.surrogateKey}\n${stored.body}`;
}

function decode(value: string): Stored {
  const a = value.indexOf("\n");
  const b = value.indexOf("\n", a + 1);
  const c = value.indexOf("\n", b + 1);
  return { etag: value.slice(0, a), contentType: value.slice(a + 1, b), surrogateKey: value.slice(b + 1, c), body: value.slice(c + 1) };
}

/**
 * Answers shared by every instance through Redis. The generation is a random token kept in Redis
 * and read with every answer: whichever instance hears a change sets a new one, and from then on
 * every instance misses. Tokens never repeat, so even a Redis restored from an old snapshot cannot
 * bring an old answer back once a new token is set, which happens on every (re)connection.
 *
 * Any failure marks the store down (logged once per outage): the cache then works in process
 * until Redis answers again and a new generation has been set.
 */
export class RedisStore implements AnswerStore {
  readonly client: Scripted;
  private up = false;
  private recovering = false;
  private missed = false;
  private reported: "up" | "down" | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly generationKey: string;
  private readonly answers: string;

  constructor(
    options: RedisCacheOptions,
    private readonly maxAgeMs: number,
    private readonly log: Log,
    private readonly onHealth: (up: boolean) => void = () => undefined,
  ) {
    this.generationKey = `${options.prefix}generation`;
    this.answers = `${options.prefix}answer:`;
    const client = new Redis(options.url, {
      // Fail at once rather than queue while disconnected: a request must never wait for Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: Math.max(1000, options.timeoutMs * 4),
      retryStrategy: (times) => Math.min(times * 200, 2000),
      // A closed connection would otherwise hold the process for 2 s after close().
      disconnectTimeout: 200,
    }) as Scripted;
    client.defineCommand("cacheGet", { numberOfKeys: 1, lua: GET });
    client.defineCommand("cachePut", { numberOfKeys: 1, lua: PUT });
    client.on("ready", () => void this.recover());
    client.on("error", (error: Error) => this.failed(error));
    client.on("close", () => this.failed(new Error("connection closed")));
    this.client = client;
  }

  /** True while Redis answers and holds a generation set since it last failed. */
  get healthy(): boolean {
    return this.up;
  }

  failed(error: unknown): void {
    if (this.closed) return;
    this.up = false;
    // Logged once per outage (and once when Redis cannot be reached from the start).
    if (this.reported !== "down") {
      this.reported = "down";
      this.onHealth(false);
      this.log.warn({ reason: (error as Error).message }, "response cache: Redis unavailable, caching in this process only");
    }
    // A timed-out command leaves the connection up: no "ready" will come, so try again ourselves.
    if (this.client.status === "ready" && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.recover();
      }, 1000);
      this.retry.unref();
    }
  }

  /** Starts a new generation; only then is Redis trusted again (it may have missed changes). */
  private async recover(): Promise<void> {
    if (this.recovering || this.up || this.closed) return;
    this.recovering = true;
    try {
      // A change heard while the new generation was on its way may predate it: set another.
      do {
        this.missed = false;
        await this.client.set(this.generationKey, randomUUID(), "EX", GENERATION_TTL_SECONDS);
      } while (this.missed);
    } catch (error) {
      this.recovering = false;
      this.failed(error);
      return;
    }
    this.recovering = false;
    this.up = true;
    this.reported = "up";
    this.onHealth(true);
    this.log.info({}, "response cache: shared through Redis");
  }

  private hash(key: string): string {
    return createHash("sha256").update(key).digest("base64url");
  }

  async get(key: string): Promise<Found> {
    const [generation, value] = await this.client.cacheGet(
      this.generationKey,
      this.answers,
      randomUUID(),
      this.hash(key),
      GENERATION_TTL_SECONDS,
    );
    return value === null ? { generation } : { generation, stored: decode(value) };
  }

  async put(key: string, generation: string, stored: Stored): Promise<boolean> {
    if (this.maxAgeMs <= 0) return false; // RESPONSE_CACHE_MAX_AGE=0: nothing is kept
    const done = await this.client.cachePut(this.generationKey, generation, this.answers, this.hash(key), encode(stored), this.maxAgeMs);
    return done === 1;
  }

  async invalidate(): Promise<void> {
    if (!this.up) {
      this.missed = true;
      return;
    }
    try {
      await this.client.set(this.generationKey, randomUUID(), "EX", GENERATION_TTL_SECONDS);
    } catch (error) {
      // Redis may have missed this change: it is not trusted again before a new generation is set.
      this.failed(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    if (this.retry) clearTimeout(this.retry);
    // quit() lets commands in flight finish; without a connection, stop reconnecting at once.
    if (this.client.status === "ready") await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
