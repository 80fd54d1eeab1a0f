import path from "node:path";
import fs from "node:fs";
import { checkSecretLength } from "../auth/signing-key";
import { LoginUrls } from "../db/logins";

/** Finds the project root (the folder holding package.json) from compiled or source code. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above " + __dirname);
    dir = parent;
  }
  return dir;
}

export interface AppConfig {
  /** A PostgreSQL URL; when absent an embedded PostgreSQL is started. */
  databaseUrl?: string;
  /** Logins given for the pools (DELIVERY_/EDITOR_/JOBS_DATABASE_URL); the rest are created. */
  logins: Partial<LoginUrls>;
  port: number;
  host: string;
  /** Where the embedded PostgreSQL keeps its data. */
  embeddedDataDir: string;
  embeddedPort: number;
  defaultLocale: string;
  /** Seed the article content on start when the live graph is empty. */
  seedOnStart: boolean;
  dbPoolSize: number;
  logSql: boolean;
  /** Statements slower than this (ms) are logged as warnings, with LOG_SQL off too. */
  slowSqlMs: number;
  /** Signing key for tokens (at least 32 bytes); unset, a random key kept in the database is used. */
  jwtSecret?: string;
  /** Work scheduled publish/unpublish jobs in this process. */
  runJobs: boolean;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  limits: QueryLimits;
  responseCache: ResponseCacheConfig | false;
  /** Answer item queries from the planned item without GraphQL execution (src/delivery/direct.ts). */
  directAnswers: boolean;
  /** Largest request body in bytes. */
  bodyLimit: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (sign-in throttling):
   * false (none), true (all), a hop count, or comma-separated addresses/CIDRs.
   */
  trustProxy: boolean | number | string;
  /** How long a request may wait for a pooled connection before SERVICE_UNAVAILABLE. */
  dbConnectTimeoutMs: number;
  /** Attempts to reach DATABASE_URL at start-up before giving up (with backoff). */
  dbStartRetries: number;
  /** Streaming replicas of DATABASE_URL for delivery reads (DATABASE_REPLICA_URLS, comma-separated). */
  replicaUrls: string[];
}

/** What one GraphQL request may ask for; anything beyond is refused before it runs. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  maxDirectives: number;
  /** Link lists inside an item are cut to this many entries (and cost counts them so). */
  listCap: number;
  /** Time budget of one request; resolvers that start later fail with REQUEST_TIMEOUT. */
  timeoutMs: number;
  /** Introspection and "did you mean" suggestions (off when NODE_ENV=production). */
  introspection: boolean;
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function boolFromEnv(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

export function slowSqlMsFromEnv(): number {
  return intFromEnv("SLOW_SQL_MS", 200);
}

export function loadConfig(): AppConfig {
  const jwtSecret = process.env.JWT_SECRET || undefined;
  if (jwtSecret) checkSecretLength(jwtSecret);
  const logins: Partial<LoginUrls> = {};
  if (process.env.DELIVERY_DATABASE_URL) logins.delivery = process.env.DELIVERY_DATABASE_URL;
  if (process.env.EDITOR_DATABASE_URL) logins.editor = process.env.EDITOR_DATABASE_URL;
  if (process.env.JOBS_DATABASE_URL) logins.jobs = process.env.JOBS_DATABASE_URL;
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    logins,
    port: intFromEnv("PORT", 4000),
    host: process.env.HOST || "0.0.0.0",
    embeddedDataDir: path.resolve(process.env.EMBEDDED_PG_DIR || path.join(projectRoot(), ".data", "pg")),
    embeddedPort: intFromEnv("EMBEDDED_PG_PORT", 54329),
    defaultLocale: process.env.DEFAULT_LOCALE || "en",
    seedOnStart: boolFromEnv("SEED_ON_START", true),
    dbPoolSize: intFromEnv("DB_POOL_SIZE", 10),
    logSql: boolFromEnv("LOG_SQL", false),
    slowSqlMs: slowSqlMsFromEnv(),
    jwtSecret,
    runJobs: boolFromEnv("RUN_JOBS", true),
    logLevel: process.env.LOG_LEVEL || "info",
    limits: queryLimitsFromEnv(),
    bodyLimit: intFromEnv("HTTP_BODY_LIMIT", 512 * 1024),
    trustProxy: trustProxyFromEnv(),
    dbConnectTimeoutMs: intFromEnv("DB_CONNECT_TIMEOUT_MS", 5000),
    dbStartRetries: intFromEnv("DB_START_RETRIES", 10),
    replicaUrls: (process.env.DATABASE_REPLICA_URLS ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean),
    responseCache: responseCacheFromEnv(),
    directAnswers: boolFromEnv("DIRECT_ANSWERS", true),
  };
}

function trustProxyFromEnv(): boolean | number | string {
  const raw = process.env.TRUST_PROXY?.trim();
  if (!raw) return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  if (/^hops:\d+$/.test(raw)) return Number(raw.slice(5));
  return raw;
}

export interface ResponseCacheConfig {
  /** Answers kept in process (also the fallback while Redis is down). */
  maxEntries: number;
  /** Seconds an answer is kept (in process and in Redis), and the max-age it is sent with. */
  maxAgeSeconds: number;
  /** Shared by every instance through Redis (REDIS_URL); keys start with `prefix`. */
  redis?: { url: string; prefix: string; timeoutMs: number };
}

/** The response cache of published answers (shared through Redis when REDIS_URL is set), or false (RESPONSE_CACHE=off). */
export function responseCacheFromEnv(): ResponseCacheConfig | false {
  if (!boolFromEnv("RESPONSE_CACHE", true)) return false;
  const url = process.env.REDIS_URL?.trim();
  return {
    maxEntries: intFromEnv("RESPONSE_CACHE_ENTRIES", 1000),
    maxAgeSeconds: intFromEnv("RESPONSE_CACHE_MAX_AGE", 60),
    ...(url ? { redis: { url, prefix: process.env.REDIS_PREFIX ?? "health-cms:", timeoutMs: intFromEnv("REDIS_TIMEOUT_MS", 250) } } : {}),
  };
}

export function queryLimitsFromEnv(): QueryLimits {
  return {
    maxDepth: intFromEnv("QUERY_MAX_DEPTH", 8),
    maxAliases: intFromEnv("QUERY_MAX_ALIASES", 15),
    maxCost: intFromEnv("QUERY_MAX_COST", 25000),
    maxTokens: intFromEnv("QUERY_MAX_TOKENS", 2000),
    maxDirectives: intFromEnv("QUERY_MAX_DIRECTIVES", 20),
    listCap: intFromEnv("QUERY_LIST_CAP", 50),
    timeoutMs: intFromEnv("REQUEST_TIMEOUT_MS", 10000),
    introspection: boolFromEnv("GRAPHQL_INTROSPECTION", process.env.NODE_ENV !== "production"),
  };
}
