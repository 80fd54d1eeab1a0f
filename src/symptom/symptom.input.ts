import { IsEnum, IsOptional } from "class-validator";
import { Field, InputType } from "type-graphql";
import { NamedContentInput } from "../content/content.input";
import { SymptomKind } from "./symptom.type";

@InputType({ description: "Symptom fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class SymptomInput extends NamedContentInput {
  @Field(() => SymptomKind, { nullable: true })
  @IsOptional()
  @IsEnum(SymptomKind)
  kind?: SymptomKind | null;
}
