import { AdviceEntity, AdviceTranslationEntity } from "../advice/advice.entity";
import {
  CaseExampleConditionEntity,
  CaseExampleEntity,
  CaseExampleTranslationEntity,
  CaseExampleTreatmentEntity,
} from "../case-example/case-example.entity";
import {
  ConditionAdviceEntity,
  ConditionDiagnosticMethodEntity,
  ConditionDifferentialEntity,
  ConditionEntity,
  ConditionRedFlagEntity,
  ConditionRiskFactorEntity,
  ConditionSymptomEntity,
  ConditionTranslationEntity,
  ConditionTreatmentEntity,
} from "../condition/condition.entity";
import { DiagnosticMethodEntity, DiagnosticMethodTranslationEntity } from "../diagnostic-method/diagnostic-method.entity";
import { RedFlagEntity, RedFlagTranslationEntity } from "../red-flag/red-flag.entity";
import { RiskFactorEntity, RiskFactorTranslationEntity } from "../risk-factor/risk-factor.entity";
import { SymptomEntity, SymptomTranslationEntity } from "../symptom/symptom.entity";
import { TreatmentEntity, TreatmentTranslationEntity } from "../treatment/treatment.entity";

/**
 * The one place that knows which tables make up each content type and each link. The
 * generic mechanisms (lists, loaders, seeding) read it; per-type code keeps only what differs.
 */
export interface ContentTypeDef {
  document: Function;
  translation: Function;
  /** The translated text field lists are ordered by, and `nameContains` matches. */
  sortField: string;
}

export const CONTENT_TYPES = {
  condition: { document: ConditionEntity, translation: ConditionTranslationEntity, sortField: "name" },
  symptom: { document: SymptomEntity, translation: SymptomTranslationEntity, sortField: "name" },
  riskFactor: { document: RiskFactorEntity, translation: RiskFactorTranslationEntity, sortField: "name" },
  treatment: { document: TreatmentEntity, translation: TreatmentTranslationEntity, sortField: "name" },
  diagnosticMethod: {
    document: DiagnosticMethodEntity,
    translation: DiagnosticMethodTranslationEntity,
    sortField: "name",
  },
  advice: { document: AdviceEntity, translation: AdviceTranslationEntity, sortField: "text" },
  redFlag: { document: RedFlagEntity, translation: RedFlagTranslationEntity, sortField: "text" },
  caseExample: { document: CaseExampleEntity, translation: CaseExampleTranslationEntity, sortField: "title" },
} satisfies Record<string, ContentTypeDef>;

export type ContentTypeKey = keyof typeof CONTENT_TYPES;

export interface LinkDef {
  entity: Function;
  source: ContentTypeKey;
  target: ContentTypeKey;
}

export const LINKS = {
  conditionSymptom: { entity: ConditionSymptomEntity, source: "condition", target: "symptom" },
  conditionRiskFactor: { entity: ConditionRiskFactorEntity, source: "condition", target: "riskFactor" },
  conditionTreatment: { entity: ConditionTreatmentEntity, source: "condition", target: "treatment" },
  conditionDiagnosticMethod: {
    entity: ConditionDiagnosticMethodEntity,
    source: "condition",
    target: "diagnosticMethod",
  },
  conditionAdvice: { entity: ConditionAdviceEntity, source: "condition", target: "advice" },
  conditionRedFlag: { entity: ConditionRedFlagEntity, source: "condition", target: "redFlag" },
  conditionDifferential: { entity: ConditionDifferentialEntity, source: "condition", target: "condition" },
  caseExampleCondition: { entity: CaseExampleConditionEntity, source: "caseExample", target: "condition" },
  caseExampleTreatment: { entity: CaseExampleTreatmentEntity, source: "caseExample", target: "treatment" },
} satisfies Record<string, LinkDef>;

export type LinkKey = keyof typeof LINKS;

/** Which end of a link a lookup starts from: `out` follows source -> target, `in` the reverse. */
export type LinkDirection = "out" | "in";

export const CONTENT_ENTITIES: Function[] = [
  ...Object.values(CONTENT_TYPES).flatMap((t) => [t.document, t.translation]),
  ...Object.values(LINKS).map((l) => l.entity),
];
