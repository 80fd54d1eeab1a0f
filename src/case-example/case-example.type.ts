import { Field, InputType, ObjectType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";
import { linkType } from "../content/link.type";
import { Condition } from "../condition/condition.type";
import { Treatment } from "../treatment/treatment.type";

@ObjectType({ description: "An illustrative patient story: how a condition presented and was treated." })
export class CaseExample extends ContentNode {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  presentation: string | null;

  @Field(() => String, { nullable: true })
  plan: string | null;

  @Field(() => String, { nullable: true })
  outcome: string | null;
}

@InputType()
export class CaseExampleFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the title." })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: "Only cases of the condition with this slug." })
  condition?: string | null;

  @Field(() => String, { nullable: true, description: "Only cases using the treatment with this slug." })
  treatment?: string | null;
}

export const CaseExampleConnection = connectionType("CaseExample", CaseExample);
export const CaseExampleConditionLink = linkType("CaseExampleConditionLink", Condition, "condition");
export const CaseExampleTreatmentLink = linkType("CaseExampleTreatmentLink", Treatment, "treatment");
