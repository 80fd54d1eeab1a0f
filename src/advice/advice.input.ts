import { IsEnum, IsOptional, Length } from "class-validator";
import { Field, InputType } from "type-graphql";
import { AdviceKind } from "./advice.type";
import { ContentInput } from "../content/content.input";

@InputType({ description: "Advice fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class AdviceInput extends ContentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 2000)
  text?: string | null;

  @Field(() => AdviceKind, { nullable: true })
  @IsOptional()
  @IsEnum(AdviceKind)
  kind?: AdviceKind | null;
}
