import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";

export enum RedFlagUrgency {
  NON_URGENT = "NON_URGENT",
  URGENT = "URGENT",
  EMERGENCY = "EMERGENCY",
}
registerEnumType(RedFlagUrgency, { name: "RedFlagUrgency" });

@ObjectType({ description: "When to seek help: a warning sign and what to do about it." })
export class RedFlag extends ContentNode {
  @Field()
  text: string;

  @Field(() => RedFlagUrgency)
  urgency: RedFlagUrgency;

  @Field(() => String, { nullable: true, description: "What the reader should do, e.g. seek immediate medical attention." })
  action: string | null;
}

@InputType()
export class RedFlagFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the text." })
  nameContains?: string | null;

  @Field(() => RedFlagUrgency, { nullable: true })
  urgency?: RedFlagUrgency | null;

  @Field(() => String, { nullable: true, description: "Only red flags of the condition with this slug." })
  condition?: string | null;
}

export const RedFlagConnection = connectionType("RedFlag", RedFlag);
