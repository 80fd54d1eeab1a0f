import { Field, InputType, ObjectType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";

@ObjectType({ description: "How clinicians find the cause (schema.org MedicalTest / PhysicalExam)." })
export class DiagnosticMethod extends ContentNode {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@InputType()
export class DiagnosticMethodFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: "Only methods used for the condition with this slug." })
  condition?: string | null;
}

export const DiagnosticMethodConnection = connectionType("DiagnosticMethod", DiagnosticMethod);
