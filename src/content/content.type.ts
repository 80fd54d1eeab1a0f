import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A source the content rests on." })
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
