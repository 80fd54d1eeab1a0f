import { DataSource } from "typeorm";

/** One request counted in a fixed one-minute window. */
export interface Hit {
  /** Requests in this window so far, this one included. */
  hits: number;
  /** Seconds until the window ends (at least 1). */
  resetSeconds: number;
}

/** Counts requests per bucket (`key:<id>`, `ip:<address>`), shared by every instance. */
export interface RequestCounter {
  hit(bucket: string): Promise<Hit>;
  /** Forgets windows that have ended. */
  sweep(): Promise<void>;
  /** Whether this instance has counted anything lately (else there is nothing to sweep). */
  readonly busy: boolean;
  close(): Promise<void>;
}

interface Tally {
  /** Start of the window (ms, this process's clock). */
  window: number;
  /** The shared count as last heard from the database, this instance's flushed hits included. */
  known: number;
  /** Hits of this instance not yet added to the shared count. */
  pending: number;
  /** The first hit of the window, written at once: it learns what the other instances counted. */
  joined: Promise<void>;
}

/**
 * Fixed windows in PostgreSQL (cms.rate_window, unlogged), for anonymous addresses. A row per
 * address and minute would be one locked update per request, which halves the throughput of
 * cached answers; so an instance writes the first hit of an address in a window at once (learning
 * what the others counted), then counts in memory and adds its hits to the shared row every
 * `syncMs`, learning the others' count in the same statement. A limit can be overshot by what
 * the other instances let through in one sync interval. (Keys are counted exactly: see ApiKeys.)
 */
export class PgCounter implements RequestCounter {
  private readonly tallies = new Map<string, Tally>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly syncMs = 200,
  ) {}

  get busy(): boolean {
    return this.tallies.size > 0;
  }

  async hit(bucket: string): Promise<Hit> {
    const { start, resetSeconds } = minuteWindow();
    const tally = this.tallies.get(bucket);
    if (!tally || tally.window !== start) {
      const fresh: Tally = { window: start, known: 0, pending: 0, joined: Promise.resolve() };
      fresh.joined = this.add(bucket, start).then(
        (total) => {
          fresh.known = Math.max(fresh.known, total);
        },
        (error: unknown) => {
          // The next request tries again (this one gets 503).
          if (this.tallies.get(bucket) === fresh) this.tallies.delete(bucket);
          throw error;
        },
      );
      this.tallies.set(bucket, fresh);
      await fresh.joined;
      return { hits: fresh.known + fresh.pending, resetSeconds };
    }
    await tally.joined;
    tally.pending++;
    this.timer ??= setTimeout(() => {
      this.flushing = this.flush()
        .catch((error: Error) => console.error("[partners] rate counts not written:", error.message))
        .finally(() => (this.timer = undefined));
    }, this.syncMs);
    return { hits: tally.known + tally.pending, resetSeconds };
  }

  /** Counts one hit in the shared row at once; returns the row's total. */
  private async add(bucket: string, window: number): Promise<number> {
    const [row] = await this.db.query<Array<{ hits: number }>>(
      `INSERT INTO cms.rate_window AS w (bucket, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1 RETURNING hits`,
      [bucket, new Date(window)],
    );
    return row.hits;
  }

  /** Adds every pending count to the shared rows, and reads back their totals. */
  async flush(): Promise<void> {
    const batch = [...this.tallies.entries()].filter(([, t]) => t.pending > 0);
    if (!batch.length) return;
    const sent = batch.map(([, t]) => t.pending);
    const rows = await this.db.query<Array<{ bucket: string; window_start: Date; hits: number }>>(
      `INSERT INTO cms.rate_window AS w (bucket, window_start, hits)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[])
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + excluded.hits
       RETURNING bucket, window_start, hits`,
      [batch.map(([bucket]) => bucket), batch.map(([, t]) => new Date(t.window)), sent],
    );
    const totals = new Map(rows.map((r) => [`${r.bucket} ${r.window_start.getTime()}`, r.hits]));
    batch.forEach(([bucket, tally], i) => {
      tally.pending -= sent[i];
      tally.known = totals.get(`${bucket} ${tally.window}`) ?? tally.known + sent[i];
    });
  }

  async sweep(): Promise<void> {
    const now = minuteWindow().start;
    for (const [bucket, tally] of this.tallies) if (tally.window < now && tally.pending === 0) this.tallies.delete(bucket);
    await this.db.query(`DELETE FROM cms.rate_window WHERE window_start < date_trunc('minute', clock_timestamp()) - interval '2 minutes'`);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush().catch(() => undefined);
  }
}

/** Seconds left in the current minute, as SQL (at least 1). */
export const RESET_SQL = `greatest(1, ceil(60 - extract(epoch FROM clock_timestamp() - date_trunc('minute', clock_timestamp()))))::int`;

/** The window's start and the seconds left in it, by this process's clock. */
export function minuteWindow(now = Date.now()): { start: number; resetSeconds: number } {
  const start = now - (now % 60_000);
  return { start, resetSeconds: Math.max(1, Math.ceil((start + 60_000 - now) / 1000)) };
}
