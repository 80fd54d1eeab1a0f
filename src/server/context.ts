import { Actor } from "../access/access";
import { AccountsService } from "../auth/accounts.service";
import { AuthService } from "../auth/auth.service";
import { ContentLoaders } from "../content/content.loaders";
import { ContentService } from "../content/content.service";
import { EditorialReader } from "../editorial/editorial.reader";
import { EditorialService } from "../editorial/editorial.service";
import { Scheduler } from "../jobs/scheduler";
import { LiveChanges } from "./live-changes";
import type { ApiKeyInfo } from "../partners/api-keys";
import type { Partners } from "../partners/partners";
import type { AnswerInfo } from "./response-cache";
import type { FastifyBaseLogger } from "fastify";
import type { RequestLimits } from "./limits";

/** Long-lived services the server shares between requests. */
export interface Services {
  defaultLocale: string;
  /** Reads the live graph (the delivery role): on replicas when there are any. */
  content: ContentService;
  /** Reads the live graph on the primary, for signed-in users (read-after-write); unset: `content`. */
  primaryContent?: ContentService;
  /** Reads the draft graph: preview, for signed-in editorial users only. */
  preview?: ContentService;
  editorial?: EditorialService;
  reader?: EditorialReader;
  auth?: AuthService;
  accounts?: AccountsService;
  scheduler?: Scheduler;
  /** Changes of the live graph on any instance; response caches listen to it. */
  liveChanges?: LiveChanges;
  /** API keys, request limits and webhooks. */
  partners?: Partners;
}

/** What every resolver gets: built once per request, so loaders never share a cache. */
export interface RequestContext {
  defaultLocale: string;
  actor: Actor | null;
  /** The client's address, when the HTTP layer gives it: sign-in throttling keys on it. */
  clientIp?: string;
  /** True when the request reads drafts (preview). */
  preview: boolean;
  content: ContentService;
  loaders: ContentLoaders;
  services: Services;
  /** Set for HTTP requests: the id in logs and masked errors, the logger, the time budget. */
  requestId?: string;
  log?: FastifyBaseLogger;
  limits?: RequestLimits;
  /** The partner's API key the request came with (checked and counted before GraphQL). */
  apiKey?: ApiKeyInfo | null;
  /** Anonymous delivery is off and the request has no credential: it may only sign in. */
  anonymousRefused?: boolean;
  /** Whether the answer may be cached, and what it contains (set when a response cache runs). */
  answer?: AnswerInfo;
}

export function createContext(services: Services, actor: Actor | null = null, preview = false, clientIp?: string): RequestContext {
  const content =
    preview && services.preview ? services.preview : actor && services.primaryContent ? services.primaryContent : services.content;
  return {
    defaultLocale: services.defaultLocale,
    actor,
    clientIp,
    preview,
    content,
    loaders: new ContentLoaders(content.run, content.sql),
    services,
  };
}

/** The services a resolver needs, or an error when this server runs without them. */
export function editorialOf(ctx: RequestContext) {
  const { editorial, reader, auth, accounts, scheduler } = ctx.services;
  if (!editorial || !reader || !auth || !accounts) throw new Error("the editorial API is not configured on this server");
  return { editorial, reader, auth, accounts, scheduler, actor: ctx.actor! };
}
