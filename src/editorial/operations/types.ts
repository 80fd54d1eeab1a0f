import { DataSource } from "typeorm";
import { ContentTypeKey } from "../../content/content-types";
import { Snapshot } from "../content-store";

export interface EditorialView {
  snapshot: Snapshot;
  /** Version of the live copy, null when the item is not published. */
  liveVersion: number | null;
  locale: string;
}

export interface ItemRef {
  type: ContentTypeKey;
  id: string;
  version: number;
}

export interface TransitionOptions {
  override?: boolean;
  reason?: string | null;
  nextReviewDueAt?: Date | null;
  comment?: string | null;
}

/** What every operation needs: the editor's database and the locale items are created in. */
export interface EditorialContext {
  db: DataSource;
  defaultLocale: string;
}
