import { IsEnum, IsOptional, Length, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ContentInput } from "../content/content.input";
import { RedFlagUrgency } from "./red-flag.type";

@InputType({ description: "RedFlag fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class RedFlagInput extends ContentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 2000)
  text?: string | null;

  @Field(() => RedFlagUrgency, { nullable: true })
  @IsOptional()
  @IsEnum(RedFlagUrgency)
  urgency?: RedFlagUrgency | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  action?: string | null;
}
