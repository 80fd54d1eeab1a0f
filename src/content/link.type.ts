import { ClassType, Field, Int, ObjectType } from "type-graphql";
import { Evidence } from "./content.type";

/** Attributes every link carries. */
@ObjectType()
export abstract class LinkBase {
  @Field(() => Int, { description: "Position in the editors' order, from 0." })
  order: number;

  @Field(() => String, { nullable: true, description: "Editorial note on this link, e.g. when it applies." })
  note: string | null;

  @Field(() => Evidence, {
    nullable: true,
    description: "The source sentence that supports this link; null when an editor added it without one.",
  })
  evidence: Evidence | null;
}

/** A link object type exposing the linked item under `field`, e.g. `ConditionSymptomLink.symptom`. */
export function linkType<T extends object>(name: string, node: ClassType<T>, field: string) {
  @ObjectType(name)
  class Link extends LinkBase {}
  Field(() => node)(Link.prototype, field);
  return Link;
}
