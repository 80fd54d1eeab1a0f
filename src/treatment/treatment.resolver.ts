import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Condition } from "../condition/condition.type";
import { markdownToSafeHtml } from "../common/markdown";
import { NodeRow } from "../content/content.loaders";
import { itemQuery, linkedNodes, listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { RequestContext } from "../server/context";
import { Treatment, TreatmentConnection, TreatmentFilter } from "./treatment.type";
import { contentMutations } from "../editorial/content-mutations";
import { TreatmentInput } from "./treatment.input";

export const TreatmentQuery = itemQuery({
  type: "treatment",
  name: "treatment",
  node: Treatment,
  description: "A published treatment by slug, or null.",
});

export const TreatmentsQuery = listQuery<TreatmentFilter>({
  type: "treatment",
  name: "treatments",
  description: "Published treatments, ordered by name.",
  connection: TreatmentConnection,
  filter: TreatmentFilter,
  where: (f) => [
    ...(f.category ? [where.equals("category", f.category)] : []),
    ...(f.condition ? [where.linkedTo("conditionTreatment", "in", f.condition)] : []),
  ],
});

@Resolver(() => Treatment)
export class TreatmentResolver {
  @FieldResolver(() => String, { nullable: true, description: "`body` rendered from Markdown to sanitized HTML." })
  bodyHtml(@Root() t: Treatment & NodeRow) {
    return markdownToSafeHtml(t.body);
  }

  @FieldResolver(() => [Condition], { description: "Conditions this treatment is used for." })
  conditions(@Root() t: Treatment & NodeRow, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionTreatment", "in", t);
  }
}

export const TreatmentMutations = contentMutations({ type: "treatment", name: "Treatment", input: TreatmentInput });
