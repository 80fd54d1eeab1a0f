import { Column, Entity } from "typeorm";
import { DocumentEntity, TranslationEntity } from "../content/content.entity";

@Entity("risk_factor")
export class RiskFactorEntity extends DocumentEntity {}

@Entity("risk_factor_translation")
export class RiskFactorTranslationEntity extends TranslationEntity {
  @Column({ name: "risk_factor_id", type: "uuid", primary: true })
  riskFactorId: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", nullable: true })
  description: string | null;
}
