import { Column, Entity } from "typeorm";
import { DocumentEntity, TranslationEntity } from "../content/content.entity";

@Entity("advice")
export class AdviceEntity extends DocumentEntity {
  @Column({ type: "text" })
  kind: string;
}

@Entity("advice_translation")
export class AdviceTranslationEntity extends TranslationEntity {
  @Column({ name: "advice_id", type: "uuid", primary: true })
  adviceId: string;

  @Column({ type: "text" })
  text: string;
}
