/** Counts SQL statements; the benchmark and the statement-count test read it. */
export const sqlStats = { statements: 0 };

/**
 * Set while the process shuts down. A terminal's Ctrl-C reaches the embedded PostgreSQL too,
 * which then ends our connections; the pool's complaints about that are expected, not news.
 */
export const shutdown = { started: false };
