import type Redis from "ioredis";

/** Seconds a persisted query is kept in Redis after it was last registered. */
export const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

const LOCAL_ENTRIES = 1000;

/**
 * Apollo's store of Automatic Persisted Queries (hash -> query text), shared through Redis so
 * that a query registered on one instance is known by hash on every other. Entries are
 * content-addressed (Apollo checks the hash when one is registered), so a copy kept in process
 * is never wrong; Redis failures only mean a miss, and the client sends the full query again.
 */
export class PersistedQueryStore {
  private readonly local = new Map<string, string>();

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly usable: () => boolean,
  ) {}

  private remember(key: string, value: string): void {
    this.local.delete(key);
    this.local.set(key, value);
    while (this.local.size > LOCAL_ENTRIES) this.local.delete(this.local.keys().next().value!);
  }

  async get(key: string): Promise<string | undefined> {
    const known = this.local.get(key);
    if (known !== undefined || !this.usable()) return known;
    const value = await this.client.get(this.prefix + key).catch(() => null);
    if (value === null) return undefined;
    this.remember(key, value);
    return value;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    this.remember(key, value);
    if (!this.usable()) return;
    const ttl = options?.ttl ?? PERSISTED_QUERY_TTL_SECONDS;
    await this.client.set(this.prefix + key, value, "EX", ttl).catch(() => undefined);
  }

  async delete(key: string): Promise<boolean> {
    this.local.delete(key);
    if (this.usable()) await this.client.del(this.prefix + key).catch(() => undefined);
    return true;
  }
}
