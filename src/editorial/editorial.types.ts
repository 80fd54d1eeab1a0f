import { GraphQLJSON, GraphQLJSONObject } from "graphql-scalars";
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ArrayMaxSize, IsEnum, IsOptional, IsUUID, MaxLength, ValidateNested } from "class-validator";
import { connectionType } from "../common/connection";
import { EvidenceInput } from "../content/content.input";
import { ReviewMetadata } from "../content/content.type";
import { GRAPHQL_ENUMS } from "../model/graphql-types";
import { constantCase, DEFINITIONS, LINK_INFOS } from "../model/registry";

/** Every content type, e.g. RISK_FACTOR = "riskFactor"; derived from the definitions. */
export const ContentType: Record<string, string> = Object.fromEntries(DEFINITIONS.map((d) => [constantCase(d.key), d.key]));
export type ContentType = string;
registerEnumType(ContentType, { name: "ContentType" });

export enum ContentStatus {
  DRAFT = "DRAFT",
  IN_REVIEW = "IN_REVIEW",
  APPROVED = "APPROVED",
  PUBLISHED = "PUBLISHED",
  ARCHIVED = "ARCHIVED",
}
registerEnumType(ContentStatus, { name: "ContentStatus" });

/** Link kinds an editor sets, named from the owning item, e.g. CONDITION_SYMPTOMS = "conditionSymptom". */
export const LinkKind: Record<string, string> = Object.fromEntries(LINK_INFOS.map((l) => [l.kindName, l.key]));
export type LinkKind = string;
registerEnumType(LinkKind, { name: "LinkKind" });

export const typeKey = (type: ContentType) => type;
export const linkKey = (kind: LinkKind) => kind;

@ObjectType()
export class TranslationSummary {
  @Field()
  locale: string;

  @Field()
  slug: string;

  @Field({ description: "Name, title or text." })
  title: string;
}

@ObjectType({ description: "An item as editors see it: the draft, its workflow state and whether it is live." })
export class EditorialItem extends ReviewMetadata {
  @Field(() => ID)
  id: string;

  @Field(() => ContentType)
  type: ContentType;

  @Field(() => ContentStatus)
  status: ContentStatus;

  @Field(() => Int, { description: "Send it back with the next write: a stale version gets CONFLICT." })
  version: number;

  @Field({ description: "Slug in `locale`." })
  slug: string;

  @Field()
  title: string;

  @Field()
  locale: string;

  @Field({ description: "Whether a published copy is live." })
  live: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "Version of the live copy; differs from `version` when the draft has unpublished changes.",
  })
  liveVersion: number | null;

  @Field(() => String, { nullable: true })
  createdBy: string | null;

  @Field(() => String, { nullable: true })
  updatedBy: string | null;

  @Field(() => [TranslationSummary])
  translations: TranslationSummary[];

  @Field(() => GraphQLJSONObject, { description: "Document fields and the text of `locale`." })
  content: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: "Owned links by kind: [{ targetId, order, note, line, evidence }]." })
  links: Record<string, unknown>;
}

@ObjectType()
export class DeletePayload {
  @Field(() => ID)
  id: string;

  @Field()
  deleted: boolean;
}

@InputType({ description: "One link: the linked item's id and the link's attributes; order is the list's order." })
export class LinkInput {
  static readonly argument = "links";

  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;

  /** The link attributes of the definitions (e.g. `line`) are added below, one field each. */
  [attribute: string]: unknown;

  @Field(() => EvidenceInput, { nullable: true, description: "The source sentence that supports the link." })
  @IsOptional()
  @ValidateNested()
  evidence?: EvidenceInput | null;
}

// Each link attribute once, whatever links declare it; setLinks refuses it on the others.
for (const name of new Set(LINK_INFOS.flatMap((l) => Object.keys(l.attributes)))) {
  const links = LINK_INFOS.filter((l) => name in l.attributes);
  const first = links[0].attributes[name];
  const values = GRAPHQL_ENUMS.get(first.enum.name)!;
  const description = `${first.label}: ${links.map((l) => l.kindName).join(", ")} only; ${first.default} when left out.`;
  Field(() => values, { nullable: true, description })(LinkInput.prototype, name);
  IsOptional()(LinkInput.prototype, name);
  IsEnum(values)(LinkInput.prototype, name);
}

/** The item a write is about, and the version the editor read (a stale one gets CONFLICT). */
@ArgsType()
export class ItemRefArgs {
  @Field(() => ContentType)
  type: ContentType;

  @Field(() => ID)
  id: string;

  @Field(() => Int)
  version: number;
}

@InputType()
export class ItemVersionInput {
  static readonly argument = "items";

  @Field(() => ContentType)
  type: ContentType;

  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: "An immutable snapshot of an item with its translations and links, taken at every save." })
export class Revision {
  @Field(() => ID)
  id: string;

  @Field(() => ContentType)
  type: ContentType;

  @Field(() => ID)
  contentId: string;

  @Field(() => Int)
  version: number;

  @Field({ description: "The write that made it: CREATE, UPDATE, SET_LINKS, APPROVE, PUBLISH, RESTORE, ..." })
  action: string;

  @Field(() => String, { nullable: true })
  authorEmail: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => GraphQLJSONObject)
  snapshot: Record<string, unknown>;
}

export enum ChangeKind {
  ADDED = "ADDED",
  REMOVED = "REMOVED",
  CHANGED = "CHANGED",
}
registerEnumType(ChangeKind, { name: "ChangeKind" });

@ObjectType()
export class RevisionChange {
  @Field({
    description: "E.g. document.category, translations.en.name, links.conditionSymptom.<target id> (value: the link's order, note, line).",
  })
  path: string;

  @Field(() => ChangeKind)
  kind: ChangeKind;

  @Field(() => GraphQLJSON, { nullable: true })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after: unknown;
}

@ObjectType()
export class RevisionDiff {
  @Field(() => Revision)
  from: Revision;

  @Field(() => Revision)
  to: Revision;

  @Field(() => [RevisionChange], { description: "Field changes (document and translations)." })
  fields: RevisionChange[];

  @Field(() => [RevisionChange], { description: "Links added, removed or changed." })
  links: RevisionChange[];
}

@ObjectType({ description: "One write, as the append-only audit log recorded it." })
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  at: Date;

  @Field(() => String, { nullable: true })
  actorEmail: string | null;

  @Field()
  action: string;

  @Field(() => ContentType, { nullable: true })
  type: ContentType | null;

  @Field(() => ID, { nullable: true })
  contentId: string | null;

  @Field(() => Int, { nullable: true })
  versionBefore: number | null;

  @Field(() => Int, { nullable: true })
  versionAfter: number | null;

  @Field(() => GraphQLJSONObject)
  detail: Record<string, unknown>;
}

@ObjectType()
export class ScheduledAction {
  @Field(() => ID)
  jobId: string;

  @Field({ description: "PUBLISH or UNPUBLISH" })
  action: string;

  @Field(() => Date)
  at: Date;
}

@InputType({ description: "Which drafts a work list holds; every condition given must hold." })
export class EditorialItemFilter {
  static readonly argument = "filter";

  @Field(() => [ContentType], { nullable: true, description: "Content types to list; all when left out." })
  @IsOptional()
  @ArrayMaxSize(100)
  types?: ContentType[] | null;

  @Field(() => [ContentStatus], { nullable: true, description: "Workflow statuses to list; any when left out." })
  @IsOptional()
  @ArrayMaxSize(10)
  statuses?: ContentStatus[] | null;

  @Field(() => String, { nullable: true, description: "The name (title, text) in any locale contains this, case-insensitively." })
  @IsOptional()
  @MaxLength(200)
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: "Created by the user with this email." })
  @IsOptional()
  @MaxLength(320)
  createdBy?: string | null;

  @Field(() => String, { nullable: true, description: "Last changed by the user with this email." })
  @IsOptional()
  @MaxLength(320)
  updatedBy?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Created by me." })
  mine?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "In review and waiting for my sign-off: items whose latest content change is mine are left out (four eyes).",
  })
  awaitingMyReview?: boolean | null;

  @Field(() => Date, { nullable: true, description: "The next clinical review is due before this time." })
  reviewDueBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a published copy is live." })
  live?: boolean | null;
}

export enum EditorialItemOrder {
  UPDATED_DESC = "UPDATED_DESC",
  REVIEW_DUE_ASC = "REVIEW_DUE_ASC",
  PUBLISHED_DESC = "PUBLISHED_DESC",
}
registerEnumType(EditorialItemOrder, {
  name: "EditorialItemOrder",
  valuesConfig: {
    UPDATED_DESC: { description: "Latest change first." },
    REVIEW_DUE_ASC: { description: "Soonest review due first; items without a due date last." },
    PUBLISHED_DESC: { description: "Latest publication first; never published last." },
  },
});

export const EditorialItemConnection = connectionType("EditorialItem", EditorialItem);
