/** One published answer as sent: the bytes and the headers that describe them. */
export interface Stored {
  body: string;
  etag: string;
  contentType: string;
  surrogateKey: string;
}

/** What a lookup found, and the generation it read: a store later succeeds only in that generation. */
export interface Found {
  generation: string;
  stored?: Stored;
}

/**
 * Where answers live. A generation names the state of the live graph that the stored answers
 * belong to; `invalidate` starts a new one, and `put` keeps an answer only if the generation read
 * before computing it is still the current one (checked atomically), so an answer computed while
 * a change happened is never kept.
 */
export interface AnswerStore {
  get(key: string): Promise<Found>;
  put(key: string, generation: string, stored: Stored): Promise<boolean>;
  invalidate(): Promise<void>;
}

interface Entry extends Stored {
  storedAt: number;
  /** The body as bytes, made on the first hit answered before Fastify (see cache-front.ts). */
  bytes?: Buffer;
}

/** This process's answers, least recently used evicted first. */
export class MemoryStore implements AnswerStore {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<Found> {
    const generation = String(this.generation);
    const entry = this.peek(key);
    return entry ? { generation, stored: entry } : { generation };
  }

  /** The answer stored under `key` in the current generation, found without waiting. */
  peek(key: string): (Stored & { bytes?: Buffer }) | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.storedAt >= this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Map order is recency: a hit moves to the end, the oldest is evicted first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  async put(key: string, generation: string, stored: Stored): Promise<boolean> {
    if (generation !== String(this.generation)) return false;
    this.entries.set(key, { ...stored, storedAt: Date.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return true;
  }

  async invalidate(): Promise<void> {
    this.generation++;
    this.entries.clear();
  }
}
