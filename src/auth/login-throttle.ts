import { HeaderMap } from "@apollo/server";
import { DataSource } from "typeorm";
import { AppError } from "../common/errors";

export interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The wait never grows beyond this. */
  maxSeconds: number;
}

/**
 * Three counters per attempt. The one that can block long is keyed by account *and* address,
 * so an attacker elsewhere slows only themselves; the account-wide one (a distributed guess)
 * is capped at a minute, so nobody can lock a real user out for long; the address-wide one
 * stops one address from spraying passwords over many accounts.
 */
export const THROTTLE_RULES = {
  pair: { free: 5, maxSeconds: 15 * 60 },
  account: { free: 20, maxSeconds: 60 },
  ip: { free: 50, maxSeconds: 60 * 60 },
} satisfies Record<string, ThrottleRule>;
type Scope = keyof typeof THROTTLE_RULES;

/** Failures older than this are forgotten. */
const FORGET_AFTER = "1 hour";

/** Seconds to wait after the `failures`-th failure in a row: 1, 2, 4, ... up to the cap. */
export function backoffSeconds(rule: ThrottleRule, failures: number): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.maxSeconds, 2 ** Math.min(30, failures - rule.free - 1));
}

/** Counters live in PostgreSQL (cms.login_throttle), so every instance sees every failure. */
export class LoginThrottle {
  constructor(private readonly db: DataSource) {}

  private keys(email: string, ip: string | undefined): Array<[Scope, string]> {
    // Without the client's address only the account-wide counter, which cannot block for long, applies.
    if (!ip) return [["account", `account:${email}`]];
    return [
      ["pair", `pair:${email}|${ip}`],
      ["account", `account:${email}`],
      ["ip", `ip:${ip}`],
    ];
  }

  /** RATE_LIMITED with Retry-After (HTTP 429) while any counter of this attempt waits. */
  async check(email: string, ip: string | undefined): Promise<void> {
    const [row] = await this.db.query<Array<{ wait: number | null }>>(
      `SELECT ceil(extract(epoch FROM max(blocked_until) - clock_timestamp()))::int AS wait
       FROM cms.login_throttle WHERE key = ANY($1) AND blocked_until > clock_timestamp()`,
      [this.keys(email, ip).map(([, key]) => key)],
    );
    const wait: number | null = row?.wait ?? null;
    if (wait && wait > 0) {
      throw new AppError("RATE_LIMITED", `Too many failed sign-ins: try again in ${wait} seconds.`, {
        retryAfter: wait,
        http: { status: 429, headers: new HeaderMap([["retry-after", String(wait)]]) },
      });
    }
  }

  async failed(email: string, ip: string | undefined): Promise<void> {
    for (const [scope, key] of this.keys(email, ip)) {
      const [{ failures }] = await this.db.query<[{ failures: number }]>(
        `INSERT INTO cms.login_throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, clock_timestamp())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.last_failure_at < clock_timestamp() - interval '${FORGET_AFTER}' THEN 1 ELSE t.failures + 1 END,
           last_failure_at = clock_timestamp()
         RETURNING failures`,
        [key],
      );
      const wait = backoffSeconds(THROTTLE_RULES[scope], failures);
      if (wait) {
        await this.db.query(`UPDATE cms.login_throttle SET blocked_until = clock_timestamp() + make_interval(secs => $2) WHERE key = $1`, [
          key,
          wait,
        ]);
      }
    }
    await this.db.query(`DELETE FROM cms.login_throttle WHERE last_failure_at < clock_timestamp() - interval '1 day'`);
  }

  /** A success clears this account's counter for this address only: the others keep counting. */
  async succeeded(email: string, ip: string | undefined): Promise<void> {
    const pair = this.keys(email, ip).find(([scope]) => scope === "pair");
    if (pair) await this.db.query(`DELETE FROM cms.login_throttle WHERE key = $1`, [pair[1]]);
  }
}
