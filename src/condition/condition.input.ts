import { ArrayMaxSize, IsIn, IsOptional, Length, Matches, ValidateNested } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ArticleContentInput, CitationInput, SLUG_PATTERN } from "../content/content.input";

export const CODE_SYSTEMS = ["ICD-10", "ICD-10-CM", "ICD-11", "SNOMED CT"];

@InputType()
export class MedicalCodeInput {
  @Field({ description: CODE_SYSTEMS.join(", ") })
  @IsIn(CODE_SYSTEMS)
  system: string;

  @Field()
  @Length(1, 40)
  code: string;

  @Field(() => CitationInput, { nullable: true, description: "Where the code is defined; give one." })
  @IsOptional()
  @ValidateNested()
  citation?: CitationInput | null;
}

@InputType({ description: "Condition fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class ConditionInput extends ArticleContentInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @Length(1, 200, { each: true })
  alternateNames?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @Length(1, 300, { each: true })
  causes?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Body region slugs, e.g. calf, knee." })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(SLUG_PATTERN, { each: true, message: "body regions are slugs like lower-back" })
  bodyRegions?: string[] | null;

  @Field(() => [MedicalCodeInput], { nullable: true, description: "Only codes you can cite." })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  codes?: MedicalCodeInput[] | null;
}
