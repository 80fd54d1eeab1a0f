import { Actor, adminOnly, canEdit, canReadDrafts, canReview, denied, Role, rules } from "../../src/access/access";
import { AppError } from "../../src/common/errors";
import { slugify } from "../../src/editorial/content-store";
import {
  assertPublishable,
  assertSecondPerson,
  CONTENT_ACTIONS,
  defaultNextReview,
  overrideReason,
  reviewDates,
  Status,
  statusAfterEdit,
  transition,
  WorkflowAction,
} from "../../src/editorial/workflow";

const actor = (role: Role): Actor => ({ id: `id-${role}`, email: `${role.toLowerCase()}@example.org`, displayName: `Test ${role}`, role });
const ADMIN = actor("ADMIN");
const EDITOR = actor("EDITOR");
const REVIEWER = actor("REVIEWER");

const STATUSES: Status[] = ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED", "ARCHIVED"];
const ACTIONS: WorkflowAction[] = ["SUBMIT", "APPROVE", "REQUEST_CHANGES", "PUBLISH", "UNPUBLISH", "ARCHIVE"];

/** The legal moves without override, for an item that is live (UNPUBLISH keeps the status, except PUBLISHED -> APPROVED). */
const LEGAL: Record<WorkflowAction, Partial<Record<Status, Status>>> = {
  SUBMIT: { DRAFT: "IN_REVIEW", PUBLISHED: "IN_REVIEW" },
  APPROVE: { IN_REVIEW: "APPROVED" },
  REQUEST_CHANGES: { IN_REVIEW: "DRAFT" },
  PUBLISH: { APPROVED: "PUBLISHED" },
  UNPUBLISH: { DRAFT: "DRAFT", IN_REVIEW: "IN_REVIEW", APPROVED: "APPROVED", PUBLISHED: "APPROVED" },
  ARCHIVE: { DRAFT: "ARCHIVED", IN_REVIEW: "ARCHIVED", APPROVED: "ARCHIVED", PUBLISHED: "ARCHIVED" },
};

/** The AppError `fn` throws (failing when it throws nothing or something else). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError, nothing was thrown");
}

describe("transition()", () => {
  const cases = ACTIONS.flatMap((action) => STATUSES.map((status) => [action, status] as const));

  it.each(cases)("%s from %s: the right next status, or CONFLICT", (action, status) => {
    // A PUBLISHED item is live; for the others, UNPUBLISH is only legal when a live copy exists.
    const ctx = { actor: EDITOR, live: true };
    const expected = LEGAL[action][status];
    if (expected) {
      expect(transition(action, status, ctx)).toEqual({ status: expected, overridden: false });
    } else {
      const error = thrown(() => transition(action, status, ctx));
      expect(error.extensions.code).toBe("CONFLICT");
      expect(error.extensions.status).toBe(status);
      expect(error.message).toContain(status);
    }
  });

  it("gives the same answer for every role: roles are checked by the access rules, not here", () => {
    for (const who of [ADMIN, EDITOR, REVIEWER]) {
      expect(transition("SUBMIT", "DRAFT", { actor: who, live: false }).status).toBe("IN_REVIEW");
      expect(thrown(() => transition("APPROVE", "DRAFT", { actor: who, live: false })).extensions.code).toBe("CONFLICT");
    }
  });

  it("lets an ADMIN publish DRAFT and IN_REVIEW content with override, and says it was overridden", () => {
    for (const status of ["DRAFT", "IN_REVIEW"] as Status[]) {
      expect(transition("PUBLISH", status, { actor: ADMIN, live: false, override: true })).toEqual({
        status: "PUBLISHED",
        overridden: true,
      });
    }
    // Approved content needs no override, even when one is asked for.
    expect(transition("PUBLISH", "APPROVED", { actor: ADMIN, live: false, override: true })).toEqual({
      status: "PUBLISHED",
      overridden: false,
    });
  });

  it("refuses the override to EDITOR and REVIEWER with FORBIDDEN", () => {
    for (const who of [EDITOR, REVIEWER]) {
      for (const status of ["DRAFT", "IN_REVIEW"] as Status[]) {
        expect(thrown(() => transition("PUBLISH", status, { actor: who, live: false, override: true })).extensions.code).toBe("FORBIDDEN");
      }
    }
  });

  it("does not override from PUBLISHED or ARCHIVED, nor without the flag, nor for other actions", () => {
    for (const status of ["PUBLISHED", "ARCHIVED"] as Status[]) {
      expect(thrown(() => transition("PUBLISH", status, { actor: ADMIN, live: false, override: true })).extensions.code).toBe("CONFLICT");
    }
    expect(thrown(() => transition("PUBLISH", "DRAFT", { actor: ADMIN, live: false })).extensions.code).toBe("CONFLICT");
    expect(thrown(() => transition("PUBLISH", "DRAFT", { actor: ADMIN, live: false, override: false })).extensions.code).toBe("CONFLICT");
    expect(thrown(() => transition("APPROVE", "DRAFT", { actor: ADMIN, live: false, override: true })).extensions.code).toBe("CONFLICT");
    expect(thrown(() => transition("SUBMIT", "APPROVED", { actor: ADMIN, live: false, override: true })).extensions.code).toBe("CONFLICT");
  });

  it("UNPUBLISH requires a live copy, whatever the status", () => {
    for (const status of STATUSES) {
      const error = thrown(() => transition("UNPUBLISH", status, { actor: ADMIN, live: false }));
      expect(error.extensions).toMatchObject({ code: "CONFLICT", status });
    }
  });

  it("UNPUBLISH of a live item turns PUBLISHED into APPROVED and keeps an edited draft's status", () => {
    expect(transition("UNPUBLISH", "PUBLISHED", { actor: EDITOR, live: true }).status).toBe("APPROVED");
    expect(transition("UNPUBLISH", "IN_REVIEW", { actor: EDITOR, live: true }).status).toBe("IN_REVIEW");
    expect(transition("UNPUBLISH", "DRAFT", { actor: EDITOR, live: true }).status).toBe("DRAFT");
  });

  // TRANSITIONS declares UNPUBLISH from DRAFT, IN_REVIEW, APPROVED, PUBLISHED only, but transition()
  // never reads that list for UNPUBLISH: a live ARCHIVED item is "unpublished" and stays ARCHIVED.
  // Unreachable today (archive always removes the live copy); reported, not fixed.
  it("UNPUBLISH from ARCHIVED is refused like the declared rule says", () => {
    expect(thrown(() => transition("UNPUBLISH", "ARCHIVED", { actor: EDITOR, live: true })).extensions.code).toBe("CONFLICT");
  });
});

describe("statusAfterEdit()", () => {
  it("sends approved and published content back to review and leaves drafts and reviews alone", () => {
    expect(statusAfterEdit("DRAFT")).toBe("DRAFT");
    expect(statusAfterEdit("IN_REVIEW")).toBe("IN_REVIEW");
    expect(statusAfterEdit("APPROVED")).toBe("IN_REVIEW");
    expect(statusAfterEdit("PUBLISHED")).toBe("IN_REVIEW");
  });

  it("refuses to edit ARCHIVED content with CONFLICT", () => {
    expect(thrown(() => statusAfterEdit("ARCHIVED")).extensions).toMatchObject({ code: "CONFLICT", status: "ARCHIVED" });
  });
});

describe("defaultNextReview()", () => {
  it("is three years on, to the millisecond, in UTC", () => {
    expect(defaultNextReview(new Date("2026-11-25T17:30:12.345Z")).toISOString()).toBe("2029-11-25T17:30:12.345Z");
    expect(defaultNextReview(new Date("2024-12-31T23:59:59.999Z")).toISOString()).toBe("2027-12-31T23:59:59.999Z");
  });

  it("does not change the date it is given", () => {
    const from = new Date("2025-01-01T00:00:00Z");
    defaultNextReview(from);
    expect(from.toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });

  it("moves 29 February on to 1 March of a non-leap year", () => {
    expect(defaultNextReview(new Date("2024-02-29T12:00:00Z")).toISOString()).toBe("2027-03-01T12:00:00.000Z");
  });
});

describe("assertSecondPerson() (four eyes)", () => {
  it("refuses the author of the latest content change with FORBIDDEN, whatever their role", () => {
    for (const who of [ADMIN, EDITOR, REVIEWER]) {
      const error = thrown(() => assertSecondPerson(who, who.id));
      expect(error.extensions.code).toBe("FORBIDDEN");
      expect(error.message).toBe("You made the latest change to this content: another reviewer must sign it off.");
    }
  });

  it("lets anyone else sign off, and anyone when no author is recorded", () => {
    expect(() => assertSecondPerson(REVIEWER, EDITOR.id)).not.toThrow();
    expect(() => assertSecondPerson(ADMIN, REVIEWER.id)).not.toThrow();
    expect(() => assertSecondPerson(REVIEWER, null)).not.toThrow();
  });

  it("compares ids, not names or emails", () => {
    const namesake: Actor = { ...REVIEWER, id: "someone-else" };
    expect(() => assertSecondPerson(namesake, REVIEWER.id)).not.toThrow();
    expect(thrown(() => assertSecondPerson({ ...namesake, email: "x@example.org" }, "someone-else")).extensions.code).toBe("FORBIDDEN");
  });
});

describe("CONTENT_ACTIONS", () => {
  it("counts the writes that change what an item says as authorship", () => {
    expect([...CONTENT_ACTIONS].sort()).toEqual(["CREATE", "DELETE_TRANSLATION", "IMPORT", "RESTORE", "SET_LINKS", "UPDATE"]);
  });

  it("leaves out workflow steps, deletes and scheduling: whoever does them is no author", () => {
    for (const action of [...ACTIONS, "DELETE", "SCHEDULE_PUBLISH", "SCHEDULED_PUBLISH_FAILED"]) {
      expect(CONTENT_ACTIONS).not.toContain(action);
    }
  });
});

describe("overrideReason()", () => {
  it("asks nothing when approval was not skipped", () => {
    expect(overrideReason(false, undefined)).toBeNull();
    expect(overrideReason(false, "  ")).toBeNull();
    expect(overrideReason(false, "ignored")).toBeNull();
  });

  it.each([undefined, null, "", "   ", "\n\t"])("refuses an override with reason %j as BAD_USER_INPUT on reason", (reason) => {
    const error = thrown(() => overrideReason(true, reason));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "reason" });
    expect(error.message).toBe("Give a reason for publishing without approval.");
  });

  it("returns the reason as given, for the audit", () => {
    expect(overrideReason(true, " Safety notice, reviewed by phone ")).toBe(" Safety notice, reviewed by phone ");
  });
});

describe("reviewDates()", () => {
  const now = new Date("2026-03-10T09:00:00.000Z");

  it("signs off at now and sets the next review three years on by default", () => {
    for (const due of [undefined, null]) {
      expect(reviewDates(now, due)).toEqual({ lastReviewedAt: now, nextReviewDueAt: new Date("2029-03-10T09:00:00.000Z") });
    }
  });

  it("keeps a next review date the reviewer gives when it is in the future", () => {
    const soon = new Date(now.getTime() + 1);
    expect(reviewDates(now, soon)).toEqual({ lastReviewedAt: now, nextReviewDueAt: soon });
    const later = new Date("2031-01-01T00:00:00.000Z");
    expect(reviewDates(now, later).nextReviewDueAt).toBe(later);
  });

  it.each([
    ["now itself", new Date("2026-03-10T09:00:00.000Z")],
    ["a millisecond ago", new Date("2026-03-10T08:59:59.999Z")],
    ["last year", new Date("2025-03-10T09:00:00.000Z")],
  ])("refuses %s as BAD_USER_INPUT on nextReviewDueAt", (_label, due) => {
    const error = thrown(() => reviewDates(now, due));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "nextReviewDueAt" });
    expect(error.message).toBe("nextReviewDueAt must be in the future.");
  });
});

describe("assertPublishable()", () => {
  it("allows publishing when the default locale's text exists, with or without translations", () => {
    expect(() => assertPublishable(["en"], "en")).not.toThrow();
    expect(() => assertPublishable(["es", "en", "de"], "en")).not.toThrow();
  });

  it.each([[[]], [["es"]], [["es", "en-GB"]]])("refuses %j without the default locale as BAD_USER_INPUT on locale", (locales) => {
    const error = thrown(() => assertPublishable(locales, "en"));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "locale" });
    expect(error.message).toBe("Add the en text before publishing.");
  });

  it("names whichever locale is the default", () => {
    expect(() => assertPublishable(["es"], "es")).not.toThrow();
    expect(thrown(() => assertPublishable(["en"], "es")).message).toBe("Add the es text before publishing.");
  });
});

describe("access rules", () => {
  const everyone: Array<[string, Actor | null]> = [
    ["nobody", null],
    ["ADMIN", ADMIN],
    ["EDITOR", EDITOR],
    ["REVIEWER", REVIEWER],
  ];

  it("rules.public allows everyone, signed in or not", () => {
    for (const [, who] of everyone) expect(rules.public(who)).toBe("ALLOW");
    expect(rules.public.description).toBe("public");
  });

  it("rules.signedIn allows any signed-in role and refuses anonymous callers as UNAUTHENTICATED", () => {
    expect(rules.signedIn(null)).toBe("UNAUTHENTICATED");
    for (const who of [ADMIN, EDITOR, REVIEWER]) expect(rules.signedIn(who)).toBe("ALLOW");
  });

  it("rules.roles allows the listed roles, FORBIDs the others and asks anonymous callers to sign in", () => {
    const rule = rules.roles("EDITOR", "REVIEWER");
    expect(rule.description).toBe("roles EDITOR, REVIEWER");
    expect([rule(null), rule(ADMIN), rule(EDITOR), rule(REVIEWER)]).toEqual(["UNAUTHENTICATED", "FORBIDDEN", "ALLOW", "ALLOW"]);
    expect(rules.roles()(EDITOR)).toBe("FORBIDDEN");
  });

  it.each([
    ["canEdit", canEdit, ["UNAUTHENTICATED", "ALLOW", "ALLOW", "FORBIDDEN"]],
    ["canReview", canReview, ["UNAUTHENTICATED", "ALLOW", "FORBIDDEN", "ALLOW"]],
    ["canReadDrafts", canReadDrafts, ["UNAUTHENTICATED", "ALLOW", "ALLOW", "ALLOW"]],
    ["adminOnly", adminOnly, ["UNAUTHENTICATED", "ALLOW", "FORBIDDEN", "FORBIDDEN"]],
  ] as const)("%s for nobody, ADMIN, EDITOR, REVIEWER", (_name, rule, expected) => {
    expect(everyone.map(([, who]) => rule(who))).toEqual(expected);
  });

  it("denied() turns a decision into the matching error code", () => {
    expect(denied("UNAUTHENTICATED", "Mutation.approve").extensions.code).toBe("UNAUTHENTICATED");
    expect(denied("FORBIDDEN", "Mutation.approve").extensions.code).toBe("FORBIDDEN");
    expect(denied("FORBIDDEN", "Mutation.approve").message).toContain("Mutation.approve");
  });
});

describe("slugify()", () => {
  it.each([
    ["Night Cramps!", "night-cramps"],
    ["Baker's Cyst", "baker-s-cyst"],
    ["Crème Brûlée Ñandú", "creme-brulee-nandu"],
    ["Müller–Weiss disease (MWD)", "muller-weiss-disease-mwd"],
    ["  --Shin   splints--  ", "shin-splints"],
    ["Vitamin B12 & D3", "vitamin-b12-d3"],
    ["ﬁbromyalgia", "fibromyalgia"],
    ["ALL CAPS", "all-caps"],
  ])("%j -> %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it.each(["", "   ", "!!!", "---", "Ωμέγα", "腿痛"])("%j (nothing usable) -> item", (name) => {
    expect(slugify(name)).toBe("item");
  });

  it("caps the length at 80 without a trailing hyphen", () => {
    expect(slugify("a".repeat(200))).toBe("a".repeat(80));
    // The 80th character falls on a hyphen: it is trimmed, not kept.
    const slug = slugify("abcdefghi ".repeat(20));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slug).toBe(Array(8).fill("abcdefghi").join("-"));
  });

  it("always gives a slug the input validation accepts", () => {
    for (const name of ["Ä-b_c.d/e", "x".repeat(300), "  Tendinitis (Achilles)  ", "¿Qué?"]) {
      expect(slugify(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
});
