import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

@Entity({ schema: "cms", name: "app_user" })
export class UserEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  email: string;

  @Column({ name: "display_name", type: "text" })
  displayName: string;

  @Column({ type: "text" })
  role: string;

  @Column({ name: "password_hash", type: "text", select: false })
  passwordHash: string;

  @Column({ name: "token_version", type: "integer", default: 1 })
  tokenVersion: number;

  /** Set while an admin has disabled the account: no sign-in, no working token. */
  @Column({ name: "disabled_at", type: "timestamptz", nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}

@Entity({ schema: "cms", name: "secret" })
export class SecretEntity {
  @PrimaryColumn({ type: "text" })
  name: string;

  @Column({ type: "text" })
  value: string;
}

@Entity({ schema: "cms", name: "revision" })
export class RevisionEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "content_type", type: "text" })
  contentType: string;

  @Column({ name: "content_id", type: "uuid" })
  contentId: string;

  @Column({ type: "integer" })
  version: number;

  @Column({ type: "text" })
  action: string;

  @Column({ type: "jsonb" })
  snapshot: Record<string, unknown>;

  @Column({ name: "author_id", type: "uuid", nullable: true })
  authorId: string | null;

  @Column({ name: "author_email", type: "text", nullable: true })
  authorEmail: string | null;

  @Column({ name: "created_at", type: "timestamptz", insert: false })
  createdAt: Date;
}

@Entity({ schema: "cms", name: "audit_log" })
export class AuditEntryEntity {
  @PrimaryColumn({ type: "bigint", insert: false })
  id: string;

  @Column({ type: "timestamptz", insert: false })
  at: Date;

  @Column({ name: "actor_id", type: "uuid", nullable: true })
  actorId: string | null;

  @Column({ name: "actor_email", type: "text", nullable: true })
  actorEmail: string | null;

  @Column({ type: "text" })
  action: string;

  @Column({ name: "content_type", type: "text", nullable: true })
  contentType: string | null;

  @Column({ name: "content_id", type: "uuid", nullable: true })
  contentId: string | null;

  @Column({ name: "version_before", type: "integer", nullable: true })
  versionBefore: number | null;

  @Column({ name: "version_after", type: "integer", nullable: true })
  versionAfter: number | null;

  @Column({ type: "jsonb", default: () => "'{}'" })
  detail: Record<string, unknown>;
}

export const CMS_ENTITIES: Function[] = [UserEntity, SecretEntity, RevisionEntity, AuditEntryEntity];
