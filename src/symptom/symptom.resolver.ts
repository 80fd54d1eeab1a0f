import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Condition } from "../condition/condition.type";
import { NodeRow } from "../content/content.loaders";
import { itemQuery, linkedNodes, listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { RequestContext } from "../server/context";
import { Symptom, SymptomConnection, SymptomFilter } from "./symptom.type";
import { contentMutations } from "../editorial/content-mutations";
import { SymptomInput } from "./symptom.input";

export const SymptomQuery = itemQuery({
  type: "symptom",
  name: "symptom",
  node: Symptom,
  description: "A published symptom by slug, or null.",
});

export const SymptomsQuery = listQuery<SymptomFilter>({
  type: "symptom",
  name: "symptoms",
  description: "Published symptoms, ordered by name.",
  connection: SymptomConnection,
  filter: SymptomFilter,
  where: (f) => [
    ...(f.condition ? [where.linkedTo("conditionSymptom", "in", f.condition)] : []),
    ...(f.kind ? [where.equals("kind", f.kind)] : []),
  ],
});

@Resolver(() => Symptom)
export class SymptomResolver {
  @FieldResolver(() => [Condition], { description: "Conditions with this symptom." })
  conditions(@Root() s: Symptom & NodeRow, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionSymptom", "in", s);
  }
}

export const SymptomMutations = contentMutations({ type: "symptom", name: "Symptom", input: SymptomInput });
