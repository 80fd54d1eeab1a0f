import { Column, Entity } from "typeorm";
import { DocumentEntity, TranslationEntity } from "../content/content.entity";

@Entity("treatment")
export class TreatmentEntity extends DocumentEntity {
  @Column({ type: "text" })
  category: string;
}

@Entity("treatment_translation")
export class TreatmentTranslationEntity extends TranslationEntity {
  @Column({ name: "treatment_id", type: "uuid", primary: true })
  treatmentId: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", nullable: true })
  summary: string | null;

  @Column({ type: "text", nullable: true })
  body: string | null;
}
