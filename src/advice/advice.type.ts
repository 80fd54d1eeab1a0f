import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection";
import { ContentNode } from "../content/content.type";

export enum AdviceKind {
  PREVENTION = "PREVENTION",
  SELF_CARE = "SELF_CARE",
}
registerEnumType(AdviceKind, { name: "AdviceKind" });

@ObjectType({ description: "A prevention tip or self-care step." })
export class Advice extends ContentNode {
  @Field()
  text: string;

  @Field(() => AdviceKind)
  kind: AdviceKind;
}

@InputType()
export class AdviceFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the text." })
  nameContains?: string | null;

  @Field(() => AdviceKind, { nullable: true })
  kind?: AdviceKind | null;

  @Field(() => String, { nullable: true, description: "Only advice for the condition with this slug." })
  condition?: string | null;
}

export const AdviceConnection = connectionType("Advice", Advice);
