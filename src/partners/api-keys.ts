import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { FastifyRequest } from "fastify";
import { DataSource } from "typeorm";
import { Actor } from "../access/access";
import { auditAccount } from "../auth/account-audit";
import { AppError, assertUuid } from "../common/errors";
import { checkInput, NewApiKey } from "./api-key-input";
import { PgCounter, RequestCounter, RESET_SQL } from "./rate-limit";

export type ApiKeyScope = "DELIVERY" | "PREVIEW";

/** What a request learns about the key it was sent with. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** Content type keys the key may read; null: all. */
  allowedTypes: string[] | null;
  /** Browser origins the key's owner embeds content on (CORS of the embed route). */
  allowedOrigins: string[];
  requestsPerMinute: number;
}

export interface ApiKeyRecord extends ApiKeyInfo {
  hint: string;
  createdAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  usageCount: number;
}

/** The outcome of one keyed request: the key, and its count in the current minute. */
export interface KeyUse {
  key: ApiKeyInfo;
  hits: number;
  resetSeconds: number;
}

/** `hcms_<id without dashes>_<43 characters of base64url>`: the prefix tells keys from login tokens. */
export const KEY_PREFIX = "hcms_";
const KEY_FORMAT = /^hcms_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export const isApiKeyToken = (token: string) => token.startsWith(KEY_PREFIX);

const sha256 = (secret: string) => createHash("sha256").update(secret).digest();
const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

function newSecret(id: string): { token: string; hash: Buffer; hint: string } {
  const secret = randomBytes(32).toString("base64url");
  return {
    token: `${KEY_PREFIX}${id.replace(/-/g, "")}_${secret}`,
    hash: sha256(secret),
    hint: `${KEY_PREFIX}${id.replace(/-/g, "")}_${secret.slice(0, 4)}…`,
  };
}

const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message, { http: { status: 401 } });

interface Row {
  id: string;
  name: string;
  secret_hash: Buffer;
  hint: string;
  scopes: ApiKeyScope[];
  allowed_types: string[] | null;
  allowed_origins: string[];
  requests_per_minute: number;
  created_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  usage_count: string;
  hits?: number | null;
  reset?: number;
}

const COLUMNS = `id, name, secret_hash, hint, scopes, allowed_types, allowed_origins, requests_per_minute, created_at,
  rotated_at, revoked_at, last_used_at, usage_count`;

function toRecord(r: Row): ApiKeyRecord {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    allowedTypes: r.allowed_types,
    allowedOrigins: r.allowed_origins,
    requestsPerMinute: r.requests_per_minute,
    hint: r.hint,
    createdAt: r.created_at,
    rotatedAt: r.rotated_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    usageCount: Number(r.usage_count),
  };
}

/**
 * API keys: created, rotated and revoked by admins; checked against PostgreSQL on every
 * request (no cache, so a revoked key fails on the next request on every instance). Usage
 * counts and last use are added up in memory and written in batches.
 */
export class ApiKeys {
  private usage = new Map<string, { count: number; last: Date }>();

  constructor(
    private readonly db: DataSource,
    private readonly counter: RequestCounter,
  ) {}

  async create(actor: Actor, input: NewApiKey): Promise<{ record: ApiKeyRecord; secret: string }> {
    checkInput(input);
    return this.db.transaction(async (m) => {
      const [{ id }] = await m.query<[{ id: string }]>(`SELECT gen_random_uuid() AS id`);
      const { token, hash, hint } = newSecret(id);
      const [row] = await m.query<Row[]>(
        `INSERT INTO cms.api_key (id, name, secret_hash, hint, scopes, allowed_types, allowed_origins, requests_per_minute, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          id,
          input.name.trim(),
          hash,
          hint,
          [...new Set(input.scopes)],
          input.allowedTypes ? [...new Set(input.allowedTypes)] : null,
          [...new Set(input.allowedOrigins ?? [])],
          input.requestsPerMinute,
          actor.id,
        ],
      );
      await auditAccount(m, actor, "API_KEY_CREATED", id, {
        name: row.name,
        scopes: row.scopes,
        allowedTypes: row.allowed_types,
        allowedOrigins: row.allowed_origins,
        requestsPerMinute: row.requests_per_minute,
      });
      return { record: toRecord(row), secret: token };
    });
  }

  async list(): Promise<ApiKeyRecord[]> {
    await this.flushUsage();
    const rows = await this.db.query<Row[]>(`SELECT ${COLUMNS} FROM cms.api_key ORDER BY created_at DESC, id`);
    return rows.map(toRecord);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyRecord> {
    return this.db.transaction(async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE cms.api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
        [assertUuid(id, "id")],
      );
      if (!rows?.length) throw new AppError("NOT_FOUND", `No API key ${id}.`);
      await auditAccount(m, actor, "API_KEY_REVOKED", id, { name: rows[0].name });
      return toRecord(rows[0]);
    });
  }

  /** A new secret for the same key and settings; the old secret stops working at once. */
  async rotate(actor: Actor, id: string): Promise<{ record: ApiKeyRecord; secret: string }> {
    assertUuid(id, "id");
    const { token, hash, hint } = newSecret(id);
    return this.db.transaction(async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE cms.api_key SET secret_hash = $2, hint = $3, rotated_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [id, hash, hint],
      );
      if (!rows?.length) throw new AppError("NOT_FOUND", `No API key ${id} that is not revoked.`);
      await auditAccount(m, actor, "API_KEY_ROTATED", id, { name: rows[0].name });
      return { record: toRecord(rows[0]), secret: token };
    });
  }

  /**
   * Checks a key and counts the request in its minute. With the counter in PostgreSQL both
   * happen in one statement; the count is taken only for a matching, unrevoked secret, so a
   * guesser cannot spend someone's quota.
   */
  async use(token: string): Promise<KeyUse> {
    const match = KEY_FORMAT.exec(token);
    if (!match) throw unauthenticated("This API key is malformed.");
    const id = dashed(match[1]);
    const hash = sha256(match[2]);
    const counted = this.counter instanceof PgCounter;
    const rows = await this.db.query<Row[]>(
      counted
        ? `WITH k AS (SELECT ${COLUMNS} FROM cms.api_key WHERE id = $1),
           hit AS (
             INSERT INTO cms.rate_window AS w (bucket, window_start, hits)
             SELECT 'key:' || k.id, date_trunc('minute', clock_timestamp()), 1 FROM k WHERE k.secret_hash = $2 AND k.revoked_at IS NULL
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
             RETURNING hits)
           SELECT k.*, (SELECT hits FROM hit) AS hits, ${RESET_SQL} AS reset FROM k`
        : `SELECT ${COLUMNS} FROM cms.api_key WHERE id = $1`,
      counted ? [id, hash] : [id],
    );
    const row = rows[0];
    // The decision is the constant-time comparison; SQL's equality above only avoids counting guesses.
    if (!row || row.secret_hash.length !== hash.length || !timingSafeEqual(row.secret_hash, hash))
      throw unauthenticated("This API key is not valid.");
    if (row.revoked_at) throw unauthenticated("This API key has been revoked.");
    const key = toRecord(row);
    const { hits, resetSeconds } = counted
      ? { hits: Number(row.hits), resetSeconds: Number(row.reset) }
      : await this.counter.hit(`key:${key.id}`);
    const usage = this.usage.get(key.id);
    if (usage) {
      usage.count++;
      usage.last = new Date();
    } else this.usage.set(key.id, { count: 1, last: new Date() });
    return {
      key: {
        id: key.id,
        name: key.name,
        scopes: key.scopes,
        allowedTypes: key.allowedTypes,
        allowedOrigins: key.allowedOrigins,
        requestsPerMinute: key.requestsPerMinute,
      },
      hits,
      resetSeconds,
    };
  }

  /** Keys were used since the last flush. */
  get busy(): boolean {
    return this.usage.size > 0;
  }

  /** Writes the counts gathered since the last flush, in one statement. */
  async flushUsage(): Promise<void> {
    if (!this.usage.size) return;
    const batch = this.usage;
    this.usage = new Map();
    const ids = [...batch.keys()];
    try {
      await this.db.query(
        `UPDATE cms.api_key k SET usage_count = k.usage_count + u.n, last_used_at = greatest(k.last_used_at, u.last)
         FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS u(id, n, last) WHERE k.id = u.id`,
        [ids, ids.map((id) => batch.get(id)!.count), ids.map((id) => batch.get(id)!.last)],
      );
    } catch (error) {
      // Put them back for the next flush rather than lose them.
      for (const [id, u] of batch) {
        const now = this.usage.get(id);
        this.usage.set(id, now ? { count: now.count + u.count, last: now.last > u.last ? now.last : u.last } : u);
      }
      throw error;
    }
  }
}

const KEY = Symbol("apiKey");
type Marked = FastifyRequest & { [KEY]?: ApiKeyInfo };

export function markApiKey(request: FastifyRequest, key: ApiKeyInfo): void {
  (request as Marked)[KEY] = key;
}

/** The verified API key a request was sent with (its scopes, allowed types and origins), or null. */
export function apiKeyOf(request: FastifyRequest): ApiKeyInfo | null {
  return (request as Marked)[KEY] ?? null;
}
