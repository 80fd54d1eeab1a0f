import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

@ObjectType({ description: "A source the content rests on.", simpleResolvers: true })
export class Citation {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field(() => String, { nullable: true })
  doi: string | null;

  @Field(() => String, { nullable: true })
  pmid: string | null;

  @Field(() => String, { nullable: true, description: "E.g. SYSTEMATIC_REVIEW, GUIDELINE, EXPERT_OPINION." })
  evidenceLevel: string | null;

  @Field(() => String, { nullable: true, description: "E.g. the source's rights line, or how it may be used." })
  note?: string | null;
}

@ObjectType({ description: "The sentence of a cited source that supports a link, quoted verbatim.", simpleResolvers: true })
export class Evidence {
  @Field()
  quote: string;

  @Field(() => Citation)
  citation: Citation;
}

export enum ReviewStatus {
  REVIEWED = "REVIEWED",
  REVIEW_DUE = "REVIEW_DUE",
  NOT_REVIEWED = "NOT_REVIEWED",
}
registerEnumType(ReviewStatus, {
  name: "ReviewStatus",
  description: "Whether a clinical sign-off is on record and still current.",
  valuesConfig: {
    REVIEWED: { description: "Signed off by a clinical reviewer, and the next review is not yet due." },
    REVIEW_DUE: { description: "Signed off once, but the next review date has passed." },
    NOT_REVIEWED: { description: "No clinical sign-off on record (e.g. imported content awaiting review)." },
  },
});

/** The review status at `now`: a sign-off counts only when one is recorded. */
export function reviewStatusOf(
  lastReviewedAt: Date | null | undefined,
  nextReviewDueAt: Date | null | undefined,
  now = new Date(),
): ReviewStatus {
  if (!lastReviewedAt) return ReviewStatus.NOT_REVIEWED;
  if (!nextReviewDueAt || nextReviewDueAt.getTime() <= now.getTime()) return ReviewStatus.REVIEW_DUE;
  return ReviewStatus.REVIEWED;
}

/** Clinical review and publication metadata, served to websites and editors alike. */
@ObjectType()
export abstract class ReviewMetadata {
  @Field(() => String, { nullable: true, description: "Who gave the clinical sign-off." })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  lastReviewedAt: Date | null;

  @Field(() => Date, { nullable: true })
  nextReviewDueAt: Date | null;

  @Field(() => ReviewStatus, { description: "REVIEWED only while a recorded sign-off is current; websites should say when it is not." })
  reviewStatus: ReviewStatus;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field(() => Date)
  updatedAt: Date;
}

/** Fields every content type serves: identity, the locale served, and review metadata. */
@ObjectType()
export abstract class ContentNode extends ReviewMetadata {
  @Field(() => ID)
  id: string;

  @Field({ description: "URL slug in the served locale." })
  slug: string;

  @Field({ description: "The locale this item's text was served in, after fallback." })
  locale: string;

  @Field(() => Int, { description: "Published version; changes whenever the item is republished." })
  version: number;

  @Field(() => [Citation])
  citations: Citation[];

  /** The request's locale chain; nested lookups reuse it. Not part of the API. */
  chain: string[];
}
