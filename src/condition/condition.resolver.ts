import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Advice, AdviceKind } from "../advice/advice.type";
import { CaseExample } from "../case-example/case-example.type";
import { markdownToSafeHtml } from "../common/markdown";
import { NodeRow } from "../content/content.loaders";
import { itemQuery, linkedNodes, linkObjects, listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { DiagnosticMethod } from "../diagnostic-method/diagnostic-method.type";
import { RedFlag } from "../red-flag/red-flag.type";
import { RiskFactor } from "../risk-factor/risk-factor.type";
import { RequestContext } from "../server/context";
import { Symptom } from "../symptom/symptom.type";
import { Treatment } from "../treatment/treatment.type";
import {
  Condition,
  ConditionAdviceLink,
  ConditionConnection,
  ConditionDiagnosticMethodLink,
  ConditionDifferentialLink,
  ConditionFilter,
  ConditionRedFlagLink,
  ConditionRiskFactorLink,
  ConditionSymptomLink,
  ConditionTreatmentLink,
} from "./condition.type";
import { contentMutations } from "../editorial/content-mutations";
import { ConditionInput } from "./condition.input";

export const ConditionQuery = itemQuery({
  type: "condition",
  name: "condition",
  node: Condition,
  description: "A published condition by slug, or null when there is none.",
});

export const ConditionsQuery = listQuery<ConditionFilter>({
  type: "condition",
  name: "conditions",
  description: "Published conditions, ordered by name.",
  connection: ConditionConnection,
  filter: ConditionFilter,
  where: (f) => [
    ...(f.symptom ? [where.linkedTo("conditionSymptom", "out", f.symptom)] : []),
    ...(f.riskFactor ? [where.linkedTo("conditionRiskFactor", "out", f.riskFactor)] : []),
    ...(f.treatment ? [where.linkedTo("conditionTreatment", "out", f.treatment)] : []),
    ...(f.bodyRegion ? [where.arrayContains("body_regions", f.bodyRegion.toLowerCase())] : []),
  ],
});

type Parent = Condition & NodeRow;

@Resolver(() => Condition)
export class ConditionResolver {
  @FieldResolver(() => String, { nullable: true, description: "`body` rendered from Markdown to sanitized HTML." })
  bodyHtml(@Root() c: Parent) {
    return markdownToSafeHtml(c.body);
  }

  @FieldResolver(() => [Symptom])
  symptoms(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionSymptom", "out", c);
  }

  @FieldResolver(() => [RiskFactor])
  riskFactors(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionRiskFactor", "out", c);
  }

  @FieldResolver(() => [Treatment])
  treatments(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionTreatment", "out", c);
  }

  @FieldResolver(() => [DiagnosticMethod])
  diagnosticMethods(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionDiagnosticMethod", "out", c);
  }

  @FieldResolver(() => [RedFlag])
  redFlags(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionRedFlag", "out", c);
  }

  @FieldResolver(() => [Advice], { description: "Prevention tips for this condition." })
  async prevention(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return (await linkedNodes(ctx, "conditionAdvice", "out", c)).filter((a) => a.kind === AdviceKind.PREVENTION);
  }

  @FieldResolver(() => [Advice], { description: "Self-care steps for this condition." })
  async selfCare(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return (await linkedNodes(ctx, "conditionAdvice", "out", c)).filter((a) => a.kind === AdviceKind.SELF_CARE);
  }

  @FieldResolver(() => [CaseExample])
  caseExamples(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "caseExampleCondition", "in", c);
  }

  @FieldResolver(() => [Condition], { description: "Conditions to tell this one apart from." })
  differentials(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkedNodes(ctx, "conditionDifferential", "out", c);
  }

  @FieldResolver(() => [ConditionSymptomLink], { description: "Symptoms with the link's order and note." })
  symptomLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionSymptom", c, "symptom");
  }

  @FieldResolver(() => [ConditionRiskFactorLink])
  riskFactorLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionRiskFactor", c, "riskFactor");
  }

  @FieldResolver(() => [ConditionTreatmentLink], { description: "Treatments with order, line and note." })
  treatmentLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionTreatment", c, "treatment");
  }

  @FieldResolver(() => [ConditionDiagnosticMethodLink])
  diagnosticMethodLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionDiagnosticMethod", c, "diagnosticMethod");
  }

  @FieldResolver(() => [ConditionRedFlagLink])
  redFlagLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionRedFlag", c, "redFlag");
  }

  @FieldResolver(() => [ConditionAdviceLink], { description: "Prevention and self-care advice with order and note." })
  adviceLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionAdvice", c, "advice");
  }

  @FieldResolver(() => [ConditionDifferentialLink])
  differentialLinks(@Root() c: Parent, @Ctx() ctx: RequestContext) {
    return linkObjects(ctx, "conditionDifferential", c, "condition");
  }
}

export const ConditionMutations = contentMutations({ type: "condition", name: "Condition", input: ConditionInput });
