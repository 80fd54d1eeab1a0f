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
  close(): Promise<void>;
}

/**
 * Fixed windows in PostgreSQL (cms.rate_window, unlogged): one upsert per request, on the
 * database's clock, so instances with skewed clocks still share one window.
 */
export class PgCounter implements RequestCounter {
  constructor(private readonly db: DataSource) {}

  async hit(bucket: string): Promise<Hit> {
    const [row] = await this.db.query<Array<{ hits: number; reset: number }>>(
      `INSERT INTO cms.rate_window AS w (bucket, window_start, hits) VALUES ($1, date_trunc('minute', clock_timestamp()), 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
       RETURNING hits, ${RESET_SQL} AS reset`,
      [bucket],
    );
    return { hits: row.hits, resetSeconds: row.reset };
  }

  async sweep(): Promise<void> {
    await this.db.query(`DELETE FROM cms.rate_window WHERE window_start < date_trunc('minute', clock_timestamp()) - interval '1 minute'`);
  }

  async close(): Promise<void> {}
}

/** Seconds left in the current minute, as SQL (at least 1). */
export const RESET_SQL = `greatest(1, ceil(60 - extract(epoch FROM clock_timestamp() - date_trunc('minute', clock_timestamp()))))::int`;

/** The window's start and the seconds left in it, by this process's clock. */
export function minuteWindow(now = Date.now()): { start: number; resetSeconds: number } {
  const start = now - (now % 60_000);
  return { start, resetSeconds: Math.max(1, Math.ceil((start + 60_000 - now) / 1000)) };
}
