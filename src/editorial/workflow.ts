import { Actor } from "../access/access";
import { AppError, BadUserInputError } from "../common/errors";

export type Status = "DRAFT" | "IN_REVIEW" | "APPROVED" | "PUBLISHED" | "ARCHIVED";
export type WorkflowAction = "SUBMIT" | "APPROVE" | "REQUEST_CHANGES" | "PUBLISH" | "UNPUBLISH" | "ARCHIVE";

/** Where each action may start, and where it leads. Pure data: the rules live here only. */
const TRANSITIONS: Record<WorkflowAction, { from: Status[]; to: Status | "KEEP" }> = {
  // From PUBLISHED: a live item goes (back) to review, e.g. imported or due content; the
  // live copy stays as it is until the signed-off version is published.
  SUBMIT: { from: ["DRAFT", "PUBLISHED"], to: "IN_REVIEW" },
  APPROVE: { from: ["IN_REVIEW"], to: "APPROVED" },
  REQUEST_CHANGES: { from: ["IN_REVIEW"], to: "DRAFT" },
  PUBLISH: { from: ["APPROVED"], to: "PUBLISHED" },
  UNPUBLISH: { from: ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED"], to: "KEEP" },
  ARCHIVE: { from: ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED"], to: "ARCHIVED" },
};

/** Statuses an ADMIN may publish from with `override`; the override is audited. */
const OVERRIDABLE: Status[] = ["DRAFT", "IN_REVIEW"];

export interface TransitionContext {
  actor: Actor;
  /** Whether a published copy is live. */
  live: boolean;
  override?: boolean;
}

/** The status after `action`, or a CONFLICT error naming what is allowed. */
export function transition(action: WorkflowAction, status: Status, ctx: TransitionContext): { status: Status; overridden: boolean } {
  const rule = TRANSITIONS[action];
  if (action === "UNPUBLISH" && rule.from.includes(status)) {
    if (!ctx.live) throw new AppError("CONFLICT", "The item is not published.", { status });
    return { status: status === "PUBLISHED" ? "APPROVED" : status, overridden: false };
  }
  if (rule.from.includes(status)) return { status: rule.to as Status, overridden: false };
  if (action === "PUBLISH" && ctx.override && OVERRIDABLE.includes(status)) {
    if (ctx.actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only an ADMIN may publish content that has not been approved.");
    return { status: "PUBLISHED", overridden: true };
  }
  const verb = action.toLowerCase().replace("_", " ");
  throw new AppError("CONFLICT", `Cannot ${verb} an item that is ${status}; allowed from ${rule.from.join(", ")}.`, { status });
}

/**
 * An edit keeps drafts and items under review where they are, and sends approved or
 * published content back for review: its sign-off covered other text.
 */
export function statusAfterEdit(status: Status): Status {
  if (status === "ARCHIVED") throw new AppError("CONFLICT", "Archived items cannot be edited; restore a revision first.", { status });
  return status === "APPROVED" || status === "PUBLISHED" ? "IN_REVIEW" : status;
}

/** Default time until the next clinical review. */
export function defaultNextReview(from: Date): Date {
  const next = new Date(from);
  next.setUTCFullYear(next.getUTCFullYear() + 3);
  return next;
}

/** Writes that change what an item says; workflow steps do not, so they are no authorship. */
export const CONTENT_ACTIONS: readonly string[] = ["IMPORT", "CREATE", "UPDATE", "SET_LINKS", "DELETE_TRANSLATION", "RESTORE"];

/**
 * Four eyes: the clinical sign-off must come from someone other than whoever made the latest
 * content change (`lastAuthorId`, null when none is on record).
 */
export function assertSecondPerson(actor: Actor, lastAuthorId: string | null): void {
  if (lastAuthorId && lastAuthorId === actor.id) {
    throw new AppError("FORBIDDEN", "You made the latest change to this content: another reviewer must sign it off.");
  }
}

/**
 * The reason an override is audited with. Who may override is decided by transition(); an
 * override without a reason would leave the audit unable to say why approval was skipped.
 */
export function overrideReason(overridden: boolean, reason: string | null | undefined): string | null {
  if (!overridden) return null;
  if (!reason?.trim()) throw new BadUserInputError("Give a reason for publishing without approval.", "reason");
  return reason;
}

/** A sign-off at `now`: the next review is when the reviewer says, or three years on. */
export function reviewDates(now: Date, nextReviewDueAt?: Date | null): { lastReviewedAt: Date; nextReviewDueAt: Date } {
  const due = nextReviewDueAt ?? defaultNextReview(now);
  if (due.getTime() <= now.getTime()) throw new BadUserInputError("nextReviewDueAt must be in the future.", "nextReviewDueAt");
  return { lastReviewedAt: now, nextReviewDueAt: due };
}

/** Delivery falls back to the default locale, so a live item without that text would be blank. */
export function assertPublishable(locales: readonly string[], defaultLocale: string): void {
  if (!locales.includes(defaultLocale)) throw new BadUserInputError(`Add the ${defaultLocale} text before publishing.`, "locale");
}
