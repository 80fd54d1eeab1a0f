import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";

export enum SymptomKind {
  SYMPTOM = "SYMPTOM",
  SIGN = "SIGN",
}
registerEnumType(SymptomKind, { name: "SymptomKind", description: "What the patient reports (SYMPTOM) or a clinician observes (SIGN)." });

@ObjectType({ description: "A symptom or sign (schema.org MedicalSignOrSymptom)." })
export class Symptom extends ContentNode {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => SymptomKind)
  kind: SymptomKind;
}

@InputType()
export class SymptomFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: "Only symptoms of the condition with this slug." })
  condition?: string | null;

  @Field(() => SymptomKind, { nullable: true })
  kind?: SymptomKind | null;
}

export const SymptomConnection = connectionType("Symptom", Symptom);
