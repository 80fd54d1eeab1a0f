import { intFromEnv } from "../config/config";

/** Partner access settings: anonymous quota, Redis for the counters, webhook delivery. */
export interface PartnerSettings {
  /**
   * Anonymous delivery requests per minute per client address; 0 refuses anonymous delivery
   * (UNAUTHENTICATED), null sets no limit.
   */
  anonymousPerMinute: number | null;
  /** Counters in Redis (shared by instances) instead of PostgreSQL. */
  redisUrl?: string;
  /** How often usage counts and last use of keys are written (batched). */
  usageFlushMs: number;
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Wait after the first failure; doubles after each further one. */
  retryBaseMs: number;
  /** A whole attempt (connect, send, answer) is cut after this long. */
  timeoutMs: number;
  /** How often each instance moves due deliveries from the outbox to the job queue. */
  relayIntervalMs: number;
  /** Private, loopback and link-local targets are allowed (never for production). */
  allowPrivate: boolean;
  /** Addresses or CIDR ranges allowed although private, e.g. 127.0.0.1 for tests. */
  allowAddresses: string[];
}

export const DEFAULT_WEBHOOKS: WebhookSettings = {
  maxAttempts: 9,
  retryBaseMs: 15_000,
  timeoutMs: 10_000,
  relayIntervalMs: 1000,
  allowPrivate: false,
  allowAddresses: [],
};

/** ANON_RATE_LIMIT: a number per minute, `0`/`off` to refuse anonymous delivery, `unlimited`. */
export function anonymousLimitFromEnv(): number | null {
  const raw = (process.env.ANON_RATE_LIMIT ?? "").trim().toLowerCase();
  if (raw === "") return 300;
  if (raw === "off" || raw === "false") return 0;
  if (raw === "unlimited") return null;
  return intFromEnv("ANON_RATE_LIMIT", 300);
}

export function partnerSettingsFromEnv(): PartnerSettings {
  return {
    anonymousPerMinute: anonymousLimitFromEnv(),
    redisUrl: process.env.REDIS_URL || undefined,
    usageFlushMs: intFromEnv("API_KEY_USAGE_FLUSH_MS", 5000),
    webhooks: {
      maxAttempts: Math.max(1, intFromEnv("WEBHOOK_MAX_ATTEMPTS", DEFAULT_WEBHOOKS.maxAttempts)),
      retryBaseMs: intFromEnv("WEBHOOK_RETRY_BASE_MS", DEFAULT_WEBHOOKS.retryBaseMs),
      timeoutMs: intFromEnv("WEBHOOK_TIMEOUT_MS", DEFAULT_WEBHOOKS.timeoutMs),
      relayIntervalMs: Math.max(100, intFromEnv("WEBHOOK_RELAY_MS", DEFAULT_WEBHOOKS.relayIntervalMs)),
      allowPrivate: /^(1|true|yes|on)$/i.test(process.env.WEBHOOK_ALLOW_PRIVATE ?? ""),
      allowAddresses: (process.env.WEBHOOK_ALLOW_ADDRESSES ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    },
  };
}

/** Settings for code that starts a runtime without saying (tests, bench): no anonymous quota. */
export function defaultPartnerSettings(): PartnerSettings {
  return { anonymousPerMinute: null, usageFlushMs: 5000, webhooks: { ...DEFAULT_WEBHOOKS } };
}
