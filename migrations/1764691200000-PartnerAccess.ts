import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Partner access: API keys with per-minute quotas, and webhooks delivered from an outbox.
 * - `api_key`: only a SHA-256 of each key's secret is kept (the secret is shown once).
 * - `rate_window`: fixed one-minute windows counted per key and per anonymous address, shared by
 *   every instance. UNLOGGED: a crash may forget the current minute's counts, nothing else.
 * - `webhook_endpoint`, `webhook_delivery` (the outbox: written in the transaction of the change
 *   it announces), `webhook_attempt` (the delivery log), `webhook_state` (the review-due scan's
 *   high-water mark). The signing secret must be kept as it is: it signs every request.
 * The editorial login works all of them; delivery cannot see `cms`.
 */
export class PartnerAccess1764691200000 implements MigrationInterface {
  name = "PartnerAccess1764691200000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cms.api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        secret_hash bytea NOT NULL,
        hint text NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        allowed_types text[],
        allowed_origins text[] NOT NULL DEFAULT '{}',
        requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        rotated_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        usage_count bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE UNLOGGED TABLE cms.rate_window (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (bucket, window_start)
      )`);
    await q.query(`
      CREATE TABLE cms.webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        description text,
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        content_types text[],
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        disabled_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE cms.webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES cms.webhook_endpoint (id),
        event_id uuid NOT NULL,
        event text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        last_status_code integer,
        last_error text,
        replay_of uuid REFERENCES cms.webhook_delivery (id)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_pending ON cms.webhook_delivery (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_delivery_endpoint ON cms.webhook_delivery (endpoint_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE cms.webhook_attempt (
        delivery_id uuid NOT NULL REFERENCES cms.webhook_delivery (id),
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        ok boolean NOT NULL,
        error text,
        response_excerpt text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await q.query(`CREATE TABLE cms.webhook_state (key text PRIMARY KEY, value timestamptz NOT NULL)`);
    await q.query(`INSERT INTO cms.webhook_state (key, value) VALUES ('review_due_scanned_until', now())`);
    await q.query(`
      GRANT SELECT, INSERT, UPDATE, DELETE ON cms.api_key, cms.rate_window, cms.webhook_endpoint, cms.webhook_delivery,
        cms.webhook_attempt, cms.webhook_state TO cms_editor`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cms.webhook_attempt, cms.webhook_delivery, cms.webhook_endpoint, cms.webhook_state`);
    await q.query(`DROP TABLE cms.rate_window, cms.api_key`);
  }
}
