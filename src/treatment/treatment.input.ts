import { IsEnum, IsOptional } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ArticleContentInput } from "../content/content.input";
import { TreatmentCategory } from "./treatment.type";

@InputType({ description: "Treatment fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class TreatmentInput extends ArticleContentInput {
  @Field(() => TreatmentCategory, { nullable: true })
  @IsOptional()
  @IsEnum(TreatmentCategory)
  category?: TreatmentCategory | null;
}
