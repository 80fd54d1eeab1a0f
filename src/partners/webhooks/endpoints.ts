import { randomBytes } from "node:crypto";
import { DataSource } from "typeorm";
import { Actor } from "../../access/access";
import { auditAccount } from "../../auth/account-audit";
import { AppError, assertUuid, BadUserInputError } from "../../common/errors";
import { CONTENT_TYPES } from "../../content/content-types";
import { WebhookSettings } from "../config";
import { checkTarget, RefusedTarget, Resolver, systemResolver } from "./address-guard";
import { WebhookEvent } from "./outbox";

export interface WebhookRecord {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEvent[];
  contentTypes: string[] | null;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  event: string;
  status: string;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  replayOf: string | null;
  payload: unknown;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  responseExcerpt: string | null;
}

export interface NewWebhook {
  url: string;
  events: WebhookEvent[];
  contentTypes?: string[] | null;
  description?: string | null;
}

const ENDPOINT = `id, url, description, events, content_types AS "contentTypes", created_at AS "createdAt", disabled_at AS "disabledAt"`;
const DELIVERY = `id, endpoint_id AS "endpointId", event_id AS "eventId", event, status, attempts, created_at AS "createdAt",
  CASE WHEN status = 'PENDING' THEN next_attempt_at END AS "nextAttemptAt", delivered_at AS "deliveredAt",
  last_status_code AS "lastStatusCode", last_error AS "lastError", replay_of AS "replayOf", payload`;

/** Webhook endpoints and their delivery log, for admins. */
export class WebhookEndpoints {
  constructor(
    private readonly db: DataSource,
    private readonly settings: WebhookSettings,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  /** Registers an endpoint; the signing secret is returned here only. */
  async create(actor: Actor, input: NewWebhook): Promise<{ record: WebhookRecord; secret: string }> {
    if (!input.events.length) throw new BadUserInputError("Choose at least one event.", "input.events");
    if (input.contentTypes && !input.contentTypes.length)
      throw new BadUserInputError("contentTypes lists at least one type; leave it out for all.", "input.contentTypes");
    for (const type of input.contentTypes ?? [])
      if (!CONTENT_TYPES[type]) throw new BadUserInputError(`Unknown type ${type}.`, "input.contentTypes");
    if (input.url.length > 2000) throw new BadUserInputError("The URL is too long.", "input.url");
    try {
      await checkTarget(input.url, this.settings, this.resolve);
    } catch (error) {
      if (error instanceof RefusedTarget) throw new BadUserInputError(`This webhook URL is refused: ${error.message}.`, "input.url");
      throw error;
    }
    const secret = `whsec_${randomBytes(32).toString("base64url")}`;
    return this.db.transaction(async (m) => {
      const [record] = await m.query<WebhookRecord[]>(
        `INSERT INTO cms.webhook_endpoint (url, description, events, content_types, secret, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT}`,
        [
          input.url,
          input.description ?? null,
          [...new Set(input.events)],
          input.contentTypes ? [...new Set(input.contentTypes)] : null,
          secret,
          actor.id,
        ],
      );
      await auditAccount(m, actor, "WEBHOOK_CREATED", record.id, {
        url: record.url,
        events: record.events,
        contentTypes: record.contentTypes,
      });
      return { record, secret };
    });
  }

  list(): Promise<WebhookRecord[]> {
    return this.db.query<WebhookRecord[]>(`SELECT ${ENDPOINT} FROM cms.webhook_endpoint ORDER BY created_at DESC, id`);
  }

  /** Stops sending to an endpoint; deliveries still pending fail with the reason. */
  async delete(actor: Actor, id: string): Promise<WebhookRecord> {
    return this.db.transaction(async (m) => {
      const [rows] = await m.query<[WebhookRecord[], number]>(
        `UPDATE cms.webhook_endpoint SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING ${ENDPOINT}`,
        [assertUuid(id, "id")],
      );
      if (!rows.length) throw new AppError("NOT_FOUND", `No webhook ${id}.`);
      await auditAccount(m, actor, "WEBHOOK_DELETED", id, { url: rows[0].url });
      return rows[0];
    });
  }

  async deliveries(endpointId: string, first: number, status?: string | null): Promise<DeliveryRecord[]> {
    if (first < 1 || first > 100) throw new BadUserInputError("`first` must be between 1 and 100.", "first");
    return this.db.query<DeliveryRecord[]>(
      `SELECT ${DELIVERY} FROM cms.webhook_delivery WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, id LIMIT $3`,
      [assertUuid(endpointId, "webhookId"), status ?? null, first],
    );
  }

  async delivery(id: string): Promise<DeliveryRecord> {
    const [row] = await this.db.query<DeliveryRecord[]>(`SELECT ${DELIVERY} FROM cms.webhook_delivery WHERE id = $1`, [
      assertUuid(id, "id"),
    ]);
    if (!row) throw new AppError("NOT_FOUND", `No webhook delivery ${id}.`);
    return row;
  }

  attempts(deliveryIds: readonly string[]): Promise<Array<AttemptRecord & { deliveryId: string }>> {
    return this.db.query(
      `SELECT delivery_id AS "deliveryId", attempt, started_at AS "startedAt", duration_ms AS "durationMs", status_code AS "statusCode",
              ok, error, response_excerpt AS "responseExcerpt"
       FROM cms.webhook_attempt WHERE delivery_id = ANY ($1) ORDER BY delivery_id, attempt`,
      [deliveryIds],
    );
  }

  /** Sends a delivery again, as a new delivery of the same event (same payload and event id). */
  async replay(actor: Actor, id: string): Promise<DeliveryRecord> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query<DeliveryRecord[]>(
        `INSERT INTO cms.webhook_delivery (endpoint_id, event_id, event, payload, replay_of)
         SELECT d.endpoint_id, d.event_id, d.event, d.payload, d.id FROM cms.webhook_delivery d
         JOIN cms.webhook_endpoint e ON e.id = d.endpoint_id AND e.disabled_at IS NULL
         WHERE d.id = $1 RETURNING ${DELIVERY}`,
        [assertUuid(id, "id")],
      );
      if (!row) throw new AppError("NOT_FOUND", `No webhook delivery ${id} of an endpoint that is not deleted.`);
      await auditAccount(m, actor, "WEBHOOK_DELIVERY_REPLAYED", row.endpointId, { deliveryId: id, replayId: row.id, event: row.event });
      return row;
    });
  }
}
