import { IsEnum, IsOptional, Length, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ContentInput } from "../content/content.input";
import { TreatmentCategory } from "./treatment.type";

@InputType({ description: "Treatment fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class TreatmentInput extends ContentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100000)
  body?: string | null;

  @Field(() => TreatmentCategory, { nullable: true })
  @IsOptional()
  @IsEnum(TreatmentCategory)
  category?: TreatmentCategory | null;
}
