import Redis from "ioredis";
import { Hit, minuteWindow, RequestCounter } from "./rate-limit";

/**
 * Fixed windows in Redis (REDIS_URL): INCR of a key named after the bucket and the minute,
 * expiring after the window. Its own connection, apart from any other Redis use of the server.
 */
export class RedisCounter implements RequestCounter {
  private readonly redis: Redis;

  constructor(url: string) {
    // Fail fast instead of queueing requests while Redis is away: the gate answers 503.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on("error", () => undefined);
  }

  async hit(bucket: string): Promise<Hit> {
    const { start, resetSeconds } = minuteWindow();
    const key = `hcms:rate:${bucket}:${start}`;
    const results = await this.redis.multi().incr(key).pexpire(key, 120_000).exec();
    const hits = Number(results?.[0]?.[1] ?? 0);
    return { hits, resetSeconds };
  }

  readonly busy = false;

  async sweep(): Promise<void> {
    // Keys expire by themselves.
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** Connects; start-up fails when Redis does not answer. */
  async ready(): Promise<void> {
    await this.redis.connect();
    await this.redis.ping();
  }
}
