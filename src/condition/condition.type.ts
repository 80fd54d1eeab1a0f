import { Field, InputType, ObjectType } from "type-graphql";
import { Advice } from "../advice/advice.type";
import { connectionType } from "../common/connection";
import { Citation, ContentNode } from "../content/content.type";
import { LinkBase, linkType } from "../content/link.type";
import { DiagnosticMethod } from "../diagnostic-method/diagnostic-method.type";
import { RedFlag } from "../red-flag/red-flag.type";
import { RiskFactor } from "../risk-factor/risk-factor.type";
import { Symptom } from "../symptom/symptom.type";
import { Treatment, TreatmentLine } from "../treatment/treatment.type";

@ObjectType({ description: "A code for the condition in a medical terminology." })
export class MedicalCode {
  @Field({ description: "E.g. ICD-10, ICD-11, SNOMED CT." })
  system: string;

  @Field()
  code: string;

  @Field(() => Citation, { nullable: true, description: "Where the code is defined." })
  citation: Citation | null;
}

@ObjectType({ description: "A medical condition (schema.org MedicalCondition) with everything linked to it." })
export class Condition extends ContentNode {
  @Field()
  name: string;

  @Field(() => [String])
  alternateNames: string[];

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true, description: "Markdown." })
  body: string | null;

  @Field(() => [String])
  causes: string[];

  @Field(() => [String], { description: "Body region slugs, e.g. calf, knee, lower-back." })
  bodyRegions: string[];

  @Field(() => [MedicalCode])
  codes: MedicalCode[];
}

@InputType()
export class ConditionFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: "Only conditions with the symptom of this slug." })
  symptom?: string | null;

  @Field(() => String, { nullable: true, description: "Only conditions with the risk factor of this slug." })
  riskFactor?: string | null;

  @Field(() => String, { nullable: true, description: "Only conditions treated with the treatment of this slug." })
  treatment?: string | null;

  @Field(() => String, { nullable: true, description: "Only conditions of this body region slug, e.g. calf." })
  bodyRegion?: string | null;
}

export const ConditionConnection = connectionType("Condition", Condition);

export const ConditionSymptomLink = linkType("ConditionSymptomLink", Symptom, "symptom");
export const ConditionRiskFactorLink = linkType("ConditionRiskFactorLink", RiskFactor, "riskFactor");
export const ConditionDiagnosticMethodLink = linkType("ConditionDiagnosticMethodLink", DiagnosticMethod, "diagnosticMethod");
export const ConditionAdviceLink = linkType("ConditionAdviceLink", Advice, "advice");
export const ConditionRedFlagLink = linkType("ConditionRedFlagLink", RedFlag, "redFlag");
export const ConditionDifferentialLink = linkType("ConditionDifferentialLink", Condition, "condition");

@ObjectType()
export class ConditionTreatmentLink extends LinkBase {
  @Field(() => TreatmentLine)
  line: TreatmentLine;

  @Field(() => Treatment)
  treatment: Treatment;
}
