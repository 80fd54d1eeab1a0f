import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Access, adminOnly } from "../access/access";
import { RequestContext } from "../server/context";
import { ApiKeyRecord } from "./api-keys";
import { Partners } from "./partners";
import {
  ApiKey,
  ApiKeyScope,
  ApiKeySecret,
  NewApiKeyInput,
  NewWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEventKind,
  WebhookSecret,
} from "./partners.types";
import { DeliveryRecord, WebhookRecord } from "./webhooks/endpoints";

function partnersOf(ctx: RequestContext): { partners: Partners; actor: NonNullable<RequestContext["actor"]> } {
  const partners = ctx.services.partners;
  if (!partners || !ctx.actor) throw new Error("partner access is not configured on this server");
  return { partners, actor: ctx.actor };
}

const toApiKey = (r: ApiKeyRecord): ApiKey => ({ ...r, scopes: r.scopes as ApiKeyScope[] });
const toWebhook = (r: WebhookRecord): Webhook => ({ ...r, events: r.events as WebhookEventKind[] });

async function toDeliveries(partners: Partners, rows: DeliveryRecord[]): Promise<WebhookDelivery[]> {
  const attempts = rows.length ? await partners.webhooks.attempts(rows.map((r) => r.id)) : [];
  return rows.map(({ endpointId, payload, ...r }) => ({
    ...r,
    webhookId: endpointId,
    payload: JSON.stringify(payload),
    attemptLog: attempts.filter((a) => a.deliveryId === r.id),
  }));
}

/** Admin API of partner access: API keys and webhooks. */
@Resolver()
export class PartnersResolver {
  @Access(adminOnly)
  @Mutation(() => ApiKeySecret, { description: "Creates an API key; its secret is in this answer only." })
  async createApiKey(@Arg("input", () => NewApiKeyInput) input: NewApiKeyInput, @Ctx() ctx: RequestContext): Promise<ApiKeySecret> {
    const { partners, actor } = partnersOf(ctx);
    const { record, secret } = await partners.keys.create(actor, input);
    return { apiKey: toApiKey(record), secret };
  }

  @Access(adminOnly)
  @Query(() => [ApiKey], { description: "Every API key, revoked ones included (never their secrets)." })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return (await partnersOf(ctx).partners.keys.list()).map(toApiKey);
  }

  @Access(adminOnly)
  @Mutation(() => ApiKey, { description: "Revokes a key: its next request fails, on every instance." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApiKey> {
    const { partners, actor } = partnersOf(ctx);
    return toApiKey(await partners.keys.revoke(actor, id));
  }

  @Access(adminOnly)
  @Mutation(() => ApiKeySecret, { description: "A new secret for a key, same settings; the old secret stops working at once." })
  async rotateApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApiKeySecret> {
    const { partners, actor } = partnersOf(ctx);
    const { record, secret } = await partners.keys.rotate(actor, id);
    return { apiKey: toApiKey(record), secret };
  }

  @Access(adminOnly)
  @Mutation(() => WebhookSecret, { description: "Registers a webhook endpoint; its signing secret is in this answer only." })
  async createWebhook(@Arg("input", () => NewWebhookInput) input: NewWebhookInput, @Ctx() ctx: RequestContext): Promise<WebhookSecret> {
    const { partners, actor } = partnersOf(ctx);
    const { record, secret } = await partners.webhooks.create(actor, input);
    return { webhook: toWebhook(record), secret };
  }

  @Access(adminOnly)
  @Query(() => [Webhook])
  async webhooks(@Ctx() ctx: RequestContext): Promise<Webhook[]> {
    return (await partnersOf(ctx).partners.webhooks.list()).map(toWebhook);
  }

  @Access(adminOnly)
  @Mutation(() => Webhook, { description: "Stops sending to an endpoint; its log stays." })
  async deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Webhook> {
    const { partners, actor } = partnersOf(ctx);
    return toWebhook(await partners.webhooks.delete(actor, id));
  }

  @Access(adminOnly)
  @Query(() => [WebhookDelivery], { description: "An endpoint's deliveries, newest first, with every attempt." })
  async webhookDeliveries(
    @Arg("webhookId", () => ID) webhookId: string,
    @Arg("status", () => WebhookDeliveryStatus, { nullable: true }) status: WebhookDeliveryStatus | null,
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDelivery[]> {
    const { partners } = partnersOf(ctx);
    return toDeliveries(partners, await partners.webhooks.deliveries(webhookId, first, status));
  }

  @Access(adminOnly)
  @Mutation(() => WebhookDelivery, { description: "Sends a delivery's event again, as a new delivery (same event id)." })
  async replayWebhookDelivery(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookDelivery> {
    const { partners, actor } = partnersOf(ctx);
    return (await toDeliveries(partners, [await partners.webhooks.replay(actor, id)]))[0];
  }
}
