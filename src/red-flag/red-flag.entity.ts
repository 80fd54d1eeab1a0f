import { Column, Entity } from "typeorm";
import { DocumentEntity, TranslationEntity } from "../content/content.entity";

@Entity("red_flag")
export class RedFlagEntity extends DocumentEntity {
  @Column({ type: "text" })
  urgency: string;
}

@Entity("red_flag_translation")
export class RedFlagTranslationEntity extends TranslationEntity {
  @Column({ name: "red_flag_id", type: "uuid", primary: true })
  redFlagId: string;

  @Column({ type: "text" })
  text: string;

  @Column({ type: "text", nullable: true })
  action: string | null;
}
