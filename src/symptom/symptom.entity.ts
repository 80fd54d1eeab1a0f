import { Column, Entity } from "typeorm";
import { DocumentEntity, TranslationEntity } from "../content/content.entity";

@Entity("symptom")
export class SymptomEntity extends DocumentEntity {
  @Column({ type: "text", default: "SYMPTOM" })
  kind: string;
}

@Entity("symptom_translation")
export class SymptomTranslationEntity extends TranslationEntity {
  @Column({ name: "symptom_id", type: "uuid", primary: true })
  symptomId: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", nullable: true })
  description: string | null;
}
