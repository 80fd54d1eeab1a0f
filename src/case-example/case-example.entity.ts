import { Column, Entity } from "typeorm";
import { DocumentEntity, LinkEntity, TranslationEntity } from "../content/content.entity";

@Entity("case_example")
export class CaseExampleEntity extends DocumentEntity {}

@Entity("case_example_translation")
export class CaseExampleTranslationEntity extends TranslationEntity {
  @Column({ name: "case_example_id", type: "uuid", primary: true })
  caseExampleId: string;

  @Column({ type: "text" })
  title: string;

  @Column({ type: "text", nullable: true })
  presentation: string | null;

  @Column({ type: "text", nullable: true })
  plan: string | null;

  @Column({ type: "text", nullable: true })
  outcome: string | null;
}

@Entity("case_example_condition")
export class CaseExampleConditionEntity extends LinkEntity {
  @Column({ name: "case_example_id", type: "uuid", primary: true })
  sourceId: string;

  @Column({ name: "condition_id", type: "uuid", primary: true })
  targetId: string;
}

@Entity("case_example_treatment")
export class CaseExampleTreatmentEntity extends LinkEntity {
  @Column({ name: "case_example_id", type: "uuid", primary: true })
  sourceId: string;

  @Column({ name: "treatment_id", type: "uuid", primary: true })
  targetId: string;
}
