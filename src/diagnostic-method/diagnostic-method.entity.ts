import { Column, Entity } from "typeorm";
import { DocumentEntity, TranslationEntity } from "../content/content.entity";

@Entity("diagnostic_method")
export class DiagnosticMethodEntity extends DocumentEntity {}

@Entity("diagnostic_method_translation")
export class DiagnosticMethodTranslationEntity extends TranslationEntity {
  @Column({ name: "diagnostic_method_id", type: "uuid", primary: true })
  diagnosticMethodId: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", nullable: true })
  description: string | null;
}
