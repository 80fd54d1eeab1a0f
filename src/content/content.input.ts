import { ArrayMaxSize, IsIn, IsOptional, IsUrl, Length, Matches, MaxLength, ValidateNested } from "class-validator";
import { Field, InputType } from "type-graphql";

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const EVIDENCE_LEVELS = ["SYSTEMATIC_REVIEW", "RANDOMISED_TRIAL", "COHORT_STUDY", "CASE_SERIES", "GUIDELINE", "EXPERT_OPINION"];

@InputType({ description: "A source the content rests on." })
export class CitationInput {
  @Field()
  @MaxLength(500)
  @Matches(/\S/, { message: "title cannot be blank" })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ["http", "https"] }, { message: "url must be an http(s) URL" })
  url?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: "E.g. 10.1136/bmj.n71" })
  @IsOptional()
  @Matches(/^10\.\d{4,9}\/\S+$/, { message: "doi must look like 10.1234/abc" })
  doi?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{1,9}$/, { message: "pmid must be digits" })
  pmid?: string | null;

  @Field(() => String, { nullable: true, description: EVIDENCE_LEVELS.join(", ") })
  @IsOptional()
  @IsIn(EVIDENCE_LEVELS)
  evidenceLevel?: string | null;

  @Field(() => String, { nullable: true, description: "E.g. the source's rights line, or how it may be used." })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;
}

@InputType({ description: "The sentence of a cited source that supports a link, quoted verbatim." })
export class EvidenceInput {
  @Field()
  @MaxLength(2000)
  @Matches(/\S/, { message: "quote cannot be blank" })
  quote: string;

  @Field(() => CitationInput)
  @ValidateNested()
  citation: CitationInput;
}

/** Fields every content input shares. Every field is optional: updates are partial. */
@InputType()
export class ContentInput {
  @Field(() => String, { nullable: true, description: "Generated from the name when left out; unique per type and locale." })
  @IsOptional()
  @MaxLength(80)
  @Matches(SLUG_PATTERN, { message: "slug must be lower-case words joined by hyphens" })
  slug?: string | null;

  @Field(() => [CitationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  citations?: CitationInput[] | null;
}

/** A name: every type's sort text except advice, red flags (text) and case examples (title). */
@InputType()
export class NameInput extends ContentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
}

/** A name and a description: the text of symptoms, risk factors and diagnostic methods. */
@InputType()
export class NamedContentInput extends NameInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;
}

/** A name, a summary and a Markdown body: the text of conditions and treatments. */
@InputType()
export class ArticleContentInput extends NameInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  summary?: string | null;

  @Field(() => String, { nullable: true, description: "Markdown; stored as written, served as sanitized HTML too." })
  @IsOptional()
  @MaxLength(100000)
  body?: string | null;
}
