import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export interface CitationData {
  title: string;
  url: string | null;
  publisher: string | null;
  doi: string | null;
  pmid: string | null;
  evidenceLevel: string | null;
  /** E.g. the rights line of the source, or how it may be used. */
  note?: string | null;
}

/** The verbatim sentence of a cited source that supports a link. */
export interface EvidenceData {
  quote: string;
  citation: CitationData;
}

/** Columns every content document shares (DESIGN.md, "Content model"). Text lives in translations. */
export abstract class DocumentEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text", default: "PUBLISHED" })
  status: string;

  @Column({ type: "integer", default: 1 })
  version: number;

  @Column({ type: "jsonb", default: () => "'[]'" })
  citations: CitationData[];

  @Column({ name: "reviewed_by", type: "text", nullable: true })
  reviewedBy: string | null;

  @Column({ name: "last_reviewed_at", type: "timestamptz", nullable: true })
  lastReviewedAt: Date | null;

  @Column({ name: "next_review_due_at", type: "timestamptz", nullable: true })
  nextReviewDueAt: Date | null;

  @Column({ name: "created_by", type: "text", nullable: true })
  createdBy: string | null;

  @Column({ name: "updated_by", type: "text", nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @Column({ name: "published_at", type: "timestamptz", nullable: true })
  publishedAt: Date | null;
}

/** One locale's text of a document. The owning id column is declared by each subclass. */
export abstract class TranslationEntity {
  @Column({ type: "text", primary: true })
  locale: string;

  @Column({ type: "text" })
  slug: string;
}

/** A link between two documents, with its own attributes. */
export abstract class LinkEntity {
  @Column({ type: "integer", default: 0 })
  position: number;

  @Column({ type: "text", nullable: true })
  note: string | null;

  @Column({ type: "jsonb", nullable: true })
  evidence: EvidenceData | null;
}
