import { Field, InputType, ObjectType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";

@ObjectType({ description: "Something that makes a condition more likely (schema.org MedicalRiskFactor)." })
export class RiskFactor extends ContentNode {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@InputType()
export class RiskFactorFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: "Only risk factors of the condition with this slug." })
  condition?: string | null;
}

export const RiskFactorConnection = connectionType("RiskFactor", RiskFactor);
