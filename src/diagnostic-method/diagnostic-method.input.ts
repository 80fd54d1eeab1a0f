import { IsOptional, Length, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ContentInput } from "../content/content.input";

@InputType({ description: "DiagnosticMethod fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class DiagnosticMethodInput extends ContentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;
}
