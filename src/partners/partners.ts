import PgBoss from "pg-boss";
import { DataSource } from "typeorm";
import { ApiKeys } from "./api-keys";
import { PartnerSettings } from "./config";
import { PgCounter, RequestCounter } from "./rate-limit";
import { RedisCounter } from "./redis-counter";
import { Resolver, systemResolver } from "./webhooks/address-guard";
import { WebhookEndpoints } from "./webhooks/endpoints";
import { WebhookWorker } from "./webhooks/worker";

export interface PartnerOptions {
  /** The editorial pool: keys, counters and webhooks live in `cms`. */
  db: DataSource;
  settings: PartnerSettings;
  defaultLocale: string;
  /** The job queue, when this process works it: webhooks are then delivered from here. */
  boss?: PgBoss;
  pollingSeconds?: number;
  /** DNS for webhook targets (tests give a fake one). */
  resolve?: Resolver;
}

/** API keys, request counters and webhooks: partner access, started and stopped with the runtime. */
export class Partners {
  private timer?: NodeJS.Timeout;
  /** Counters were written since the last sweep of ended windows. */
  private counted = false;
  private lastSweep = 0;

  private constructor(
    readonly settings: PartnerSettings,
    readonly counter: RequestCounter,
    readonly keys: ApiKeys,
    readonly webhooks: WebhookEndpoints,
    readonly worker: WebhookWorker | undefined,
  ) {}

  static async start(options: PartnerOptions): Promise<Partners> {
    const { db, settings } = options;
    let counter: RequestCounter = new PgCounter(db);
    if (settings.redisUrl) {
      const redis = new RedisCounter(settings.redisUrl);
      await redis.ready();
      counter = redis;
    }
    const resolve = options.resolve ?? systemResolver;
    const worker = options.boss ? new WebhookWorker(db, options.boss, settings.webhooks, options.defaultLocale, resolve) : undefined;
    const partners = new Partners(
      settings,
      counter,
      new ApiKeys(db, counter),
      new WebhookEndpoints(db, settings.webhooks, resolve),
      worker,
    );
    await worker?.start(options.pollingSeconds ?? 2);
    const tick = () => {
      // Idle instances issue no statement at all (tests count statements per request).
      partners.counted ||= partners.keys.busy || counter.busy;
      const sweep = partners.counted && Date.now() - partners.lastSweep >= 60_000;
      if (sweep) {
        partners.counted = false;
        partners.lastSweep = Date.now();
      }
      void Promise.all([partners.keys.flushUsage(), sweep ? counter.sweep() : undefined])
        .catch((error: Error) => console.error("[partners] usage flush failed:", error.message))
        .finally(() => {
          if (partners.timer) partners.timer = setTimeout(tick, settings.usageFlushMs);
        });
    };
    partners.timer = setTimeout(tick, settings.usageFlushMs);
    return partners;
  }

  async close(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    clearTimeout(timer);
    await this.worker?.stop();
    await this.keys.flushUsage().catch(() => undefined);
    await this.counter.close();
  }
}
