import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";

export enum TreatmentCategory {
  SELF_CARE = "SELF_CARE",
  CONSERVATIVE = "CONSERVATIVE",
  ADVANCED = "ADVANCED",
  SURGICAL = "SURGICAL",
}
registerEnumType(TreatmentCategory, { name: "TreatmentCategory" });

export enum TreatmentLine {
  FIRST_LINE = "FIRST_LINE",
  ADVANCED = "ADVANCED",
  SPECIALIST = "SPECIALIST",
}
registerEnumType(TreatmentLine, {
  name: "TreatmentLine",
  description: "Where a treatment stands for one condition: tried first, next, or by a specialist.",
});

@ObjectType({ description: "A treatment or therapy (schema.org MedicalTherapy)." })
export class Treatment extends ContentNode {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true, description: "Markdown." })
  body: string | null;

  @Field(() => TreatmentCategory)
  category: TreatmentCategory;
}

@InputType()
export class TreatmentFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string | null;

  @Field(() => TreatmentCategory, { nullable: true })
  category?: TreatmentCategory | null;

  @Field(() => String, { nullable: true, description: "Only treatments of the condition with this slug." })
  condition?: string | null;
}

export const TreatmentConnection = connectionType("Treatment", Treatment);
