import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Condition } from "../condition/condition.type";
import { NodeRow } from "../content/content.loaders";
import { itemQuery, linkedNodes, linkObjects, listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { RequestContext } from "../server/context";
import { Treatment } from "../treatment/treatment.type";
import {
  CaseExample,
  CaseExampleConditionLink,
  CaseExampleConnection,
  CaseExampleFilter,
  CaseExampleTreatmentLink,
} from "./case-example.type";
import { contentMutations } from "../editorial/content-mutations";
import { CaseExampleInput } from "./case-example.input";

export const CaseExampleQuery = itemQuery({
  type: "caseExample",
  name: "caseExample",
  node: CaseExample,
  description: "A published case example by slug, or null.",
});

export const CaseExamplesQuery = listQuery<CaseExampleFilter>({
  type: "caseExample",
  name: "caseExamples",
  description: "Published case examples, ordered by title.",
  connection: CaseExampleConnection,
  filter: CaseExampleFilter,
  where: (f) => [
    ...(f.condition ? [where.linkedTo("caseExampleCondition", "out", f.condition)] : []),
    ...(f.treatment ? [where.linkedTo("caseExampleTreatment", "out", f.treatment)] : []),
  ],
});

type Parent = CaseExample & NodeRow;

@Resolver(() => CaseExample)
export class CaseExampleResolver {
  @FieldResolver(() => [Condition])
  conditions(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "caseExampleCondition", "out", c);
  }

  @FieldResolver(() => [Treatment])
  treatments(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "caseExampleTreatment", "out", c);
  }

  @FieldResolver(() => [CaseExampleConditionLink])
  conditionLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "caseExampleCondition", c, "condition");
  }

  @FieldResolver(() => [CaseExampleTreatmentLink])
  treatmentLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "caseExampleTreatment", c, "treatment");
  }
}

export const CaseExampleMutations = contentMutations({ type: "caseExample", name: "CaseExample", input: CaseExampleInput });
