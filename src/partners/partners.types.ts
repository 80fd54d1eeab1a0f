import { ArrayMaxSize, IsOptional, Length, Max, Min } from "class-validator";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ContentType } from "../editorial/editorial.types";

export enum ApiKeyScope {
  DELIVERY = "DELIVERY",
  PREVIEW = "PREVIEW",
}
registerEnumType(ApiKeyScope, {
  name: "ApiKeyScope",
  description: "DELIVERY reads published content; PREVIEW may also read drafts with `X-Preview: true`.",
});

export enum WebhookEventKind {
  PUBLISH = "PUBLISH",
  UNPUBLISH = "UNPUBLISH",
  UPDATE = "UPDATE",
  DELETE = "DELETE",
  REVIEW_DUE = "REVIEW_DUE",
}
registerEnumType(WebhookEventKind, {
  name: "WebhookEventKind",
  description:
    "PUBLISH: an item goes live; UPDATE: a newer version of a live item is published; UNPUBLISH: a live item is taken down (unpublish, archive); DELETE: a live item is deleted; REVIEW_DUE: a live item's next review date has passed.",
});

export enum WebhookDeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  FAILED = "FAILED",
}
registerEnumType(WebhookDeliveryStatus, { name: "WebhookDeliveryStatus" });

@ObjectType({ description: "A partner's API key. Its secret is shown only when it is created or rotated." })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: "The key's start, to recognise it: `hcms_<id>_abcd…`." })
  hint: string;

  @Field(() => [ApiKeyScope])
  scopes: ApiKeyScope[];

  @Field(() => [ContentType], { nullable: true, description: "Content types the key may read; null: all." })
  allowedTypes: string[] | null;

  @Field(() => [String], { description: "Browser origins where the partner embeds content." })
  allowedOrigins: string[];

  @Field(() => Int)
  requestsPerMinute: number;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  rotatedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Written in batches: may lag by a few seconds." })
  lastUsedAt: Date | null;

  @Field(() => Float, { description: "Requests made with the key (batched, like lastUsedAt)." })
  usageCount: number;
}

@ObjectType()
export class ApiKeySecret {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: "Shown once: send as `X-API-Key: <secret>` or `Authorization: Bearer <secret>`. Only its hash is kept." })
  secret: string;
}

@InputType()
export class NewApiKeyInput {
  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => [ApiKeyScope])
  @ArrayMaxSize(2)
  scopes: ApiKeyScope[];

  @Field(() => [ContentType], { nullable: true, description: "Leave out for every type." })
  @IsOptional()
  allowedTypes?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  allowedOrigins?: string[] | null;

  @Field(() => Int)
  @Min(1)
  @Max(1_000_000)
  requestsPerMinute: number;
}

@ObjectType({ description: "Where events are sent, signed with the endpoint's secret." })
export class Webhook {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [WebhookEventKind])
  events: WebhookEventKind[];

  @Field(() => [ContentType], { nullable: true, description: "Types whose events are sent; null: all." })
  contentTypes: string[] | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "Deleted: nothing is sent any more." })
  disabledAt: Date | null;
}

@ObjectType()
export class WebhookSecret {
  @Field(() => Webhook)
  webhook: Webhook;

  @Field({ description: "Shown once: verifies `X-CMS-Signature` (see README)." })
  secret: string;
}

@InputType()
export class NewWebhookInput {
  @Field()
  @Length(1, 2000)
  url: string;

  @Field(() => [WebhookEventKind])
  @ArrayMaxSize(5)
  events: WebhookEventKind[];

  @Field(() => [ContentType], { nullable: true })
  @IsOptional()
  contentTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  description?: string | null;
}

@ObjectType({ description: "One try of a delivery." })
export class WebhookAttempt {
  @Field(() => Int)
  attempt: number;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Int, {
    nullable: true,
    description: "The receiver's HTTP status; null when none came (refused, timeout, connection error).",
  })
  statusCode: number | null;

  @Field()
  ok: boolean;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true, description: "The start of the receiver's answer (at most 500 characters)." })
  responseExcerpt: string | null;
}

@ObjectType({ description: "One event for one endpoint, tried until delivered or out of attempts." })
export class WebhookDelivery {
  @Field(() => ID, { description: "Sent as `X-CMS-Delivery`: receivers drop a delivery they have already seen." })
  id: string;

  @Field(() => ID)
  webhookId: string;

  @Field(() => ID, { description: "The event (`id` in the payload): a replay sends the same event again." })
  eventId: string;

  @Field(() => WebhookEventKind)
  event: string;

  @Field(() => WebhookDeliveryStatus)
  status: string;

  @Field(() => Int)
  attempts: number;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => ID, { nullable: true })
  replayOf: string | null;

  @Field({ description: "The JSON body sent." })
  payload: string;

  @Field(() => [WebhookAttempt])
  attemptLog: WebhookAttempt[];
}
