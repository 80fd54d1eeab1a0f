import { intFromEnv } from "../config/config";

/**
 * Session settings for the API's pools: no statement outlives DB_STATEMENT_TIMEOUT_MS, so a
 * costly query cannot hold a connection (and the request behind it) for long. Migrations and
 * seeding use other connections and are not bounded.
 */
export function sessionTimeouts(): string {
  const ms = intFromEnv("DB_STATEMENT_TIMEOUT_MS", 5000);
  return ms > 0 ? ` -c statement_timeout=${ms}` : "";
}
