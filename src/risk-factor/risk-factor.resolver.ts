import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Condition } from "../condition/condition.type";
import { NodeRow } from "../content/content.loaders";
import { itemQuery, linkedNodes, listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { RequestContext } from "../server/context";
import { RiskFactor, RiskFactorConnection, RiskFactorFilter } from "./risk-factor.type";
import { contentMutations } from "../editorial/content-mutations";
import { RiskFactorInput } from "./risk-factor.input";

export const RiskFactorQuery = itemQuery({
  type: "riskFactor",
  name: "riskFactor",
  node: RiskFactor,
  description: "A published risk factor by slug, or null.",
});

export const RiskFactorsQuery = listQuery<RiskFactorFilter>({
  type: "riskFactor",
  name: "riskFactors",
  description: "Published risk factors, ordered by name.",
  connection: RiskFactorConnection,
  filter: RiskFactorFilter,
  where: (f) => (f.condition ? [where.linkedTo("conditionRiskFactor", "in", f.condition)] : []),
});

@Resolver(() => RiskFactor)
export class RiskFactorResolver {
  @FieldResolver(() => [Condition], { description: "Conditions this factor makes more likely." })
  conditions(@Root() r: RiskFactor & NodeRow, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionRiskFactor", "in", r);
  }
}

export const RiskFactorMutations = contentMutations({ type: "riskFactor", name: "RiskFactor", input: RiskFactorInput });
