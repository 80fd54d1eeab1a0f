import { Column, Entity } from "typeorm";
import { DocumentEntity, LinkEntity, TranslationEntity } from "../content/content.entity";

export interface MedicalCodeData {
  system: string;
  code: string;
  citation?: unknown;
}

@Entity("condition")
export class ConditionEntity extends DocumentEntity {
  @Column({ name: "body_regions", type: "text", array: true, default: () => "'{}'" })
  bodyRegions: string[];

  @Column({ type: "jsonb", default: () => "'[]'" })
  codes: MedicalCodeData[];
}

@Entity("condition_translation")
export class ConditionTranslationEntity extends TranslationEntity {
  @Column({ name: "condition_id", type: "uuid", primary: true })
  conditionId: string;

  @Column({ type: "text" })
  name: string;

  @Column({ name: "alternate_names", type: "text", array: true, default: () => "'{}'" })
  alternateNames: string[];

  @Column({ type: "text", nullable: true })
  summary: string | null;

  @Column({ type: "text", nullable: true })
  body: string | null;

  @Column({ type: "text", array: true, default: () => "'{}'" })
  causes: string[];
}

function conditionLink(table: string, targetColumn: string) {
  @Entity(table)
  class ConditionLink extends LinkEntity {
    @Column({ name: "condition_id", type: "uuid", primary: true })
    sourceId: string;

    @Column({ name: targetColumn, type: "uuid", primary: true })
    targetId: string;
  }
  // TypeORM names entities after their class; give each generated class its own name.
  Object.defineProperty(ConditionLink, "name", { value: table.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase()) });
  return ConditionLink;
}

export const ConditionSymptomEntity = conditionLink("condition_symptom", "symptom_id");
export const ConditionRiskFactorEntity = conditionLink("condition_risk_factor", "risk_factor_id");
export const ConditionDiagnosticMethodEntity = conditionLink("condition_diagnostic_method", "diagnostic_method_id");
export const ConditionAdviceEntity = conditionLink("condition_advice", "advice_id");
export const ConditionRedFlagEntity = conditionLink("condition_red_flag", "red_flag_id");
export const ConditionDifferentialEntity = conditionLink("condition_differential", "differential_id");

@Entity("condition_treatment")
export class ConditionTreatmentEntity extends LinkEntity {
  @Column({ name: "condition_id", type: "uuid", primary: true })
  sourceId: string;

  @Column({ name: "treatment_id", type: "uuid", primary: true })
  targetId: string;

  @Column({ type: "text", default: "FIRST_LINE" })
  line: string;
}
