import PgBoss from "pg-boss";
import { DataSource } from "typeorm";
import { WebhookSettings } from "../config";
import { Resolver } from "./address-guard";
import { recordReviewsDue } from "./outbox";
import { AttemptResult, sendSigned } from "./send";

export const WEBHOOK_QUEUES = { deliver: "webhook-deliver", reviewDue: "webhook-review-due" } as const;

interface DeliverJob {
  deliveryId: string;
  /** Attempts made before this one: a job runs only while the delivery is still there. */
  attempts: number;
}

/** Wait after the `failures`-th failed attempt: base, 2 base, 4 base, ... */
export function retryDelayMs(settings: WebhookSettings, failures: number): number {
  return settings.retryBaseMs * 2 ** Math.min(20, failures - 1);
}

/**
 * Delivers the outbox through pg-boss. Each instance's relay moves due deliveries to the job
 * queue (marking them queued with a lease); a job claims its delivery by its attempt number, so
 * a job sent twice (a relay that died before its mark) sends once; a delivery whose job was lost
 * is queued again when its lease ends. Failures wait retryDelayMs and go back to the outbox.
 */
export class WebhookWorker {
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly boss: PgBoss,
    private readonly settings: WebhookSettings,
    private readonly defaultLocale: string,
    private readonly resolve?: Resolver,
  ) {}

  /** Lease of a claimed attempt: the request's timeout and a margin for the database. */
  private get leaseSeconds(): number {
    return Math.ceil(this.settings.timeoutMs / 1000) + 60;
  }

  async start(pollingSeconds: number): Promise<void> {
    await this.boss.work<DeliverJob>(WEBHOOK_QUEUES.deliver, { pollingIntervalSeconds: pollingSeconds, batchSize: 5 }, async (jobs) => {
      await Promise.all(jobs.map((job) => this.attempt(job.data.deliveryId, job.data.attempts)));
    });
    await this.boss.work(WEBHOOK_QUEUES.reviewDue, { pollingIntervalSeconds: Math.max(pollingSeconds, 2) }, async () => {
      await this.scanReviewsDue();
    });
    // Once a minute, on whichever instance takes it.
    await this.boss.schedule(WEBHOOK_QUEUES.reviewDue, "* * * * *");
    const tick = () => {
      this.relaying = this.relay()
        .then(() => undefined)
        .catch((error: Error) => console.error("[webhooks] relay failed:", error.message))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.settings.relayIntervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    clearTimeout(timer);
    await this.relaying;
  }

  /** Moves due deliveries to the job queue; returns how many. */
  async relay(): Promise<number> {
    const [rows] = await this.db.query<[Array<{ id: string; attempts: number; next_attempt_at: Date }>, number]>(
      `UPDATE cms.webhook_delivery d SET queued_at = clock_timestamp(),
         lease_until = greatest(d.next_attempt_at, clock_timestamp()) + make_interval(secs => $1)
       WHERE d.id IN (SELECT id FROM cms.webhook_delivery
                      WHERE status = 'PENDING' AND (queued_at IS NULL OR lease_until < clock_timestamp())
                      ORDER BY next_attempt_at LIMIT 100 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.attempts, d.next_attempt_at`,
      [this.leaseSeconds + 120],
    );
    for (const row of rows) {
      await this.boss.send(WEBHOOK_QUEUES.deliver, { deliveryId: row.id, attempts: row.attempts } satisfies DeliverJob, {
        startAfter: row.next_attempt_at,
        retryLimit: 0,
        expireInSeconds: this.leaseSeconds,
      });
    }
    return rows.length;
  }

  /** One attempt of one delivery, logged; schedules the next attempt on failure. */
  async attempt(deliveryId: string, attemptsBefore: number): Promise<AttemptResult | null> {
    const [claimed] = await this.db.query<
      [Array<{ url: string; secret: string; event: string; payload: unknown; disabled: boolean }>, number]
    >(
      `UPDATE cms.webhook_delivery d SET attempts = d.attempts + 1, lease_until = clock_timestamp() + make_interval(secs => $3)
       FROM cms.webhook_endpoint e
       WHERE d.id = $1 AND d.status = 'PENDING' AND d.attempts = $2 AND d.queued_at IS NOT NULL AND e.id = d.endpoint_id
       RETURNING e.url, e.secret, d.event, d.payload, e.disabled_at IS NOT NULL AS disabled`,
      [deliveryId, attemptsBefore, this.leaseSeconds],
    );
    const delivery = claimed[0];
    if (!delivery) return null;
    const attempt = attemptsBefore + 1;
    const startedAt = new Date();
    const result: AttemptResult = delivery.disabled
      ? { ok: false, statusCode: null, error: "the endpoint was deleted", excerpt: null, durationMs: 0 }
      : await sendSigned(
          {
            url: delivery.url,
            secret: delivery.secret,
            event: delivery.event,
            deliveryId,
            attempt,
            body: JSON.stringify(delivery.payload),
          },
          { policy: this.settings, timeoutMs: this.settings.timeoutMs, resolve: this.resolve },
        );
    const final = result.ok || delivery.disabled || attempt >= this.settings.maxAttempts;
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO cms.webhook_attempt (delivery_id, attempt, started_at, duration_ms, status_code, ok, error, response_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [deliveryId, attempt, startedAt, result.durationMs, result.statusCode, result.ok, result.error, result.excerpt],
      );
      await m.query(
        `UPDATE cms.webhook_delivery SET status = $3, last_status_code = $4, last_error = $5,
           delivered_at = CASE WHEN $3 = 'DELIVERED' THEN clock_timestamp() END,
           next_attempt_at = CASE WHEN $3 = 'PENDING' THEN clock_timestamp() + make_interval(secs => $6) ELSE next_attempt_at END,
           queued_at = NULL, lease_until = NULL
         WHERE id = $1 AND attempts = $2`,
        [
          deliveryId,
          attempt,
          result.ok ? "DELIVERED" : final ? "FAILED" : "PENDING",
          result.statusCode,
          result.error,
          final ? 0 : retryDelayMs(this.settings, attempt) / 1000,
        ],
      );
    });
    return result;
  }

  async scanReviewsDue(): Promise<number> {
    return this.db.transaction((m) => recordReviewsDue(m, this.defaultLocale));
  }
}
