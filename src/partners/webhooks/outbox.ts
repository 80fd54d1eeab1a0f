import { EntityManager } from "typeorm";
import { CONTENT_TYPES, ContentTypeKey } from "../../content/content-types";
import { constantCase } from "../../model/registry";

export const WEBHOOK_EVENTS = ["PUBLISH", "UNPUBLISH", "UPDATE", "DELETE", "REVIEW_DUE"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const q = (name: string) => `"${name}"`;

/** The live tables of a type, from the TypeORM metadata: the document, its text and the text's owner column. */
export function liveTables(m: EntityManager, type: ContentTypeKey): { document: string; text: string; owner: string } {
  const doc = m.connection.getMetadata(CONTENT_TYPES[type].document);
  const text = m.connection.getMetadata(CONTENT_TYPES[type].translation);
  const owner = text.primaryColumns.find((c) => c.propertyName !== "locale")!.databaseName;
  return { document: `live.${q(doc.tableName)}`, text: `live.${q(text.tableName)}`, owner: q(owner) };
}

/**
 * The JSON of an event about a live item, built from the live graph only: id, type, version,
 * slugs and review dates. Never a draft's content, never a field's text.
 */
function payloadSql(m: EntityManager, type: ContentTypeKey, params: { event: string; type: string; locale: string }): string {
  const t = liveTables(m, type);
  return `jsonb_build_object(
    'id', ev.id, 'event', ${params.event}::text, 'occurredAt', to_char(ev.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'item', jsonb_build_object(
      'type', ${params.type}::text, 'id', d.id, 'version', d.version,
      'slug', (SELECT slug FROM ${t.text} WHERE ${t.owner} = d.id AND locale = ${params.locale}),
      'slugs', (SELECT jsonb_object_agg(locale, slug ORDER BY locale) FROM ${t.text} WHERE ${t.owner} = d.id),
      'publishedAt', d.published_at, 'nextReviewDueAt', d.next_review_due_at))`;
}

/**
 * Puts the event in the outbox, in the caller's transaction: one delivery per enabled endpoint
 * that wants this event and type (none, and nothing is written, when nobody listens). Call it
 * while the item is live: after publishing, before unpublishing or deleting.
 */
export async function recordContentEvent(
  m: EntityManager,
  event: WebhookEvent,
  type: ContentTypeKey,
  id: string,
  defaultLocale: string,
): Promise<void> {
  const t = liveTables(m, type);
  await m.query(
    `WITH ev AS (SELECT gen_random_uuid() AS id, clock_timestamp() AS at)
     INSERT INTO cms.webhook_delivery (endpoint_id, event_id, event, payload)
     SELECT e.id, ev.id, $2, ${payloadSql(m, type, { event: "$2", type: "$3", locale: "$4" })}
     FROM ev, ${t.document} d, cms.webhook_endpoint e
     WHERE d.id = $1 AND e.disabled_at IS NULL AND $2 = ANY (e.events) AND (e.content_types IS NULL OR $5 = ANY (e.content_types))`,
    [id, event, constantCase(type), defaultLocale, type],
  );
}

/**
 * REVIEW_DUE for every live item whose next review date passed since the last scan (a
 * high-water mark in cms.webhook_state, locked, so instances never scan the same span twice).
 */
export async function recordReviewsDue(m: EntityManager, defaultLocale: string): Promise<number> {
  const [mark] = await m.query<Array<{ value: Date; now: Date }>>(
    `SELECT value, clock_timestamp() AS now FROM cms.webhook_state WHERE key = 'review_due_scanned_until' FOR UPDATE`,
  );
  if (!mark) return 0;
  let count = 0;
  for (const type of Object.keys(CONTENT_TYPES)) {
    const t = liveTables(m, type);
    const rows = await m.query<unknown[]>(
      `WITH ev AS (SELECT gen_random_uuid() AS id, clock_timestamp() AS at, d.id AS item FROM ${t.document} d
                   WHERE d.next_review_due_at > $4 AND d.next_review_due_at <= $5)
       INSERT INTO cms.webhook_delivery (endpoint_id, event_id, event, payload)
       SELECT e.id, ev.id, 'REVIEW_DUE', ${payloadSql(m, type, { event: "'REVIEW_DUE'", type: "$1", locale: "$2" })}
       FROM ev JOIN ${t.document} d ON d.id = ev.item, cms.webhook_endpoint e
       WHERE e.disabled_at IS NULL AND 'REVIEW_DUE' = ANY (e.events) AND (e.content_types IS NULL OR $3 = ANY (e.content_types))
       RETURNING 1`,
      [constantCase(type), defaultLocale, type, mark.value, mark.now],
    );
    count += rows.length;
  }
  await m.query(`UPDATE cms.webhook_state SET value = $1 WHERE key = 'review_due_scanned_until'`, [mark.now]);
  return count;
}
