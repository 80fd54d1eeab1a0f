import { Role } from "../../src/access/access";
import { DEFINITIONS } from "../../src/model/registry";
import { seededItemCount } from "../../src/seed/seed.service";
import { advance, editorialItem, ITEM_FIELDS, SET_LINKS, step, stepOk, UPDATE_SYMPTOM } from "../helpers/editorial-workflow";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, tokensByRole } from "../helpers/users";

const SYMPTOM = "SYMPTOM";
const DAY = 24 * 60 * 60 * 1000;

const SEEDED_ITEMS = seededItemCount();

describe("editorial workflow over HTTP", () => {
  let app: TestApp;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    app = await startTestApp();
    tokens = await tokensByRole(app);
  });
  afterAll(() => app.close());

  const liveSymptom = async (slug: string) =>
    dataOf(await app.gql(`query($slug: String!) { symptom(slug: $slug) { id name version reviewedBy } }`, { slug })).symptom;
  const newSymptom = async (name?: string) => ({ ...(await createSymptom(app, tokens.EDITOR, name)), type: SYMPTOM });

  describe("contentDueForReview", () => {
    const due = async (before: string) =>
      dataOf(
        await app.gql(
          `query($before: DateTimeISO!) { items: contentDueForReview(before: $before) { id type status version nextReviewDueAt reviewStatus } }`,
          { before },
          { token: tokens.REVIEWER },
        ),
      ).items as any[];

    it("lists every seeded item, due since its import, and none due before the import", async () => {
      const items = await due(new Date(Date.now() + 60_000).toISOString());
      expect(items).toHaveLength(SEEDED_ITEMS);
      expect(new Set(items.map((i) => i.id)).size).toBe(SEEDED_ITEMS);
      expect(
        items.every((i) => Date.parse(i.nextReviewDueAt) <= Date.now() && i.status === "PUBLISHED" && i.reviewStatus === "NOT_REVIEWED"),
      ).toBe(true);
      expect(new Set(items.map((i) => i.type)).size).toBe(DEFINITIONS.length);
      // "before" is strict: an item due exactly then is not listed.
      const importedAt = items.map((i) => i.nextReviewDueAt).sort()[0];
      expect(await due(importedAt)).toEqual([]);
    });

    it("adds newly approved items soonest first and leaves ARCHIVED ones out", async () => {
      const soon = new Date(Date.now() + 7 * DAY).toISOString();
      const reviewed = await advance(app, tokens, await newSymptom(), "IN_REVIEW");
      const approved = await stepOk(app, tokens.REVIEWER, "approve", reviewed, { due: soon });
      const seeded = (await due("2028-01-01T00:00:00Z")).find((i) => i.type === "CONDITION")!;
      const archived = await stepOk(app, tokens.EDITOR, "archive", seeded);
      expect(archived.status).toBe("ARCHIVED");

      const items = await due("2028-01-01T00:00:00Z");
      expect(items).toHaveLength(SEEDED_ITEMS); // one added, one archived
      // The seeded items are due since their import; the new one in a week, so it comes last.
      expect(items[items.length - 1]).toMatchObject({ id: approved.id, nextReviewDueAt: soon, reviewStatus: "REVIEWED" });
      expect(items.map((i) => i.id)).not.toContain(seeded.id);
      const times = items.map((i) => Date.parse(i.nextReviewDueAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it("is for signed-in editorial users only", async () => {
      expectErrorCode(await app.gql(`{ contentDueForReview(before: "2028-01-01T00:00:00Z") { id } }`), "UNAUTHENTICATED");
    });
  });

  describe("legal path", () => {
    it("takes an item DRAFT -> IN_REVIEW -> APPROVED -> PUBLISHED, one version per step", async () => {
      const created = await newSymptom();
      expect(created).toMatchObject({ status: "DRAFT", version: 1 });
      const reviewed = await stepOk(app, tokens.EDITOR, "submit", created);
      expect(reviewed).toMatchObject({ status: "IN_REVIEW", version: 2, live: false });

      const before = Date.now();
      const approved = await stepOk(app, tokens.REVIEWER, "approve", reviewed);
      expect(approved).toMatchObject({ status: "APPROVED", version: 3, reviewedBy: "Test REVIEWER", live: false });
      const reviewedAt = Date.parse(approved.lastReviewedAt);
      expect(reviewedAt).toBeGreaterThanOrEqual(before - 5000);
      expect(reviewedAt).toBeLessThanOrEqual(Date.now() + 5000);
      const threeYears = new Date(approved.lastReviewedAt);
      threeYears.setUTCFullYear(threeYears.getUTCFullYear() + 3);
      expect(approved.nextReviewDueAt).toBe(threeYears.toISOString());
      expect(await liveSymptom(created.slug)).toBeNull();

      const published = await stepOk(app, tokens.EDITOR, "publish", approved);
      expect(published).toMatchObject({ status: "PUBLISHED", version: 4, live: true, liveVersion: 4, reviewedBy: "Test REVIEWER" });
      expect(Date.parse(published.publishedAt)).toBeGreaterThanOrEqual(before - 5000);
      expect(await liveSymptom(created.slug)).toMatchObject({ id: created.id, version: 4, reviewedBy: "Test REVIEWER" });
    });

    it("requestChanges sends IN_REVIEW back to DRAFT; unpublish turns PUBLISHED into APPROVED and takes it off the site", async () => {
      const reviewed = await advance(app, tokens, await newSymptom(), "IN_REVIEW");
      expect(await stepOk(app, tokens.REVIEWER, "requestChanges", reviewed, { comment: "Cite a source" })).toMatchObject({
        status: "DRAFT",
        version: 3,
      });

      const published = await advance(app, tokens, await newSymptom(), "PUBLISHED");
      const unpublished = await stepOk(app, tokens.EDITOR, "unpublish", published);
      expect(unpublished).toMatchObject({ status: "APPROVED", live: false, liveVersion: null, version: published.version + 1 });
      expect(await liveSymptom(published.slug)).toBeNull();
      const archived = await stepOk(app, tokens.EDITOR, "archive", await stepOk(app, tokens.EDITOR, "publish", unpublished));
      expect(archived).toMatchObject({ status: "ARCHIVED", live: false });
      expect(await liveSymptom(published.slug)).toBeNull();
    });
  });

  describe("illegal transitions", () => {
    it.each([
      ["approve", "DRAFT", "REVIEWER"],
      ["publish", "DRAFT", "EDITOR"],
      ["publish", "IN_REVIEW", "EDITOR"],
      ["submit", "IN_REVIEW", "EDITOR"],
      ["submit", "APPROVED", "EDITOR"],
      ["requestChanges", "APPROVED", "REVIEWER"],
      ["approve", "APPROVED", "REVIEWER"],
      ["publish", "PUBLISHED", "EDITOR"],
      ["unpublish", "APPROVED", "EDITOR"],
      ["unpublish", "DRAFT", "EDITOR"],
      ["submit", "ARCHIVED", "EDITOR"],
      ["publish", "ARCHIVED", "ADMIN"],
      ["archive", "ARCHIVED", "EDITOR"],
    ] as const)("%s of a %s item -> CONFLICT, nothing changes", async (action, status, role) => {
      const item = await advance(app, tokens, await newSymptom(), status);
      const error = expectErrorCode(await step(app, tokens[role], action, item), "CONFLICT");
      expect(error.extensions!.status).toBe(status);
      expect(await editorialItem(app, tokens.EDITOR, SYMPTOM, item.id)).toMatchObject({ status, version: item.version });
    });

    it("publish with override: an ADMIN with a reason may, an EDITOR may not, and no reason is BAD_USER_INPUT", async () => {
      const reviewed = await advance(app, tokens, await newSymptom(), "IN_REVIEW");
      expectErrorCode(await step(app, tokens.EDITOR, "publish", reviewed, { override: true, reason: "urgent" }), "FORBIDDEN");
      expectErrorCode(await step(app, tokens.ADMIN, "publish", reviewed, { override: true }), "BAD_USER_INPUT");
      expectErrorCode(await step(app, tokens.ADMIN, "publish", reviewed, { override: true, reason: "   " }), "BAD_USER_INPUT");
      const published = await stepOk(app, tokens.ADMIN, "publish", reviewed, { override: true, reason: "Safety notice" });
      expect(published).toMatchObject({ status: "PUBLISHED", live: true, version: reviewed.version + 1 });
      const draft = await newSymptom();
      expect(await stepOk(app, tokens.ADMIN, "publish", draft, { override: true, reason: "Safety notice" })).toMatchObject({
        status: "PUBLISHED",
      });
    });

    it("keeps sign-off to reviewers and publishing to editors", async () => {
      const reviewed = await advance(app, tokens, await newSymptom(), "IN_REVIEW");
      expectErrorCode(await step(app, tokens.EDITOR, "approve", reviewed), "FORBIDDEN");
      const approved = await stepOk(app, tokens.REVIEWER, "approve", reviewed);
      expectErrorCode(await step(app, tokens.REVIEWER, "publish", approved), "FORBIDDEN");
      expectErrorCode(await step(app, "", "publish", approved), "UNAUTHENTICATED");
    });
  });

  describe("approve", () => {
    it("takes the next review date it is given", async () => {
      const reviewed = await advance(app, tokens, await newSymptom(), "IN_REVIEW");
      const approved = await stepOk(app, tokens.ADMIN, "approve", reviewed, { due: "2031-06-30T09:00:00.000Z" });
      expect(approved).toMatchObject({ status: "APPROVED", nextReviewDueAt: "2031-06-30T09:00:00.000Z", reviewedBy: "Test ADMIN" });
    });

    it("refuses a past review date with BAD_USER_INPUT and leaves the item in review", async () => {
      const reviewed = await advance(app, tokens, await newSymptom(), "IN_REVIEW");
      for (const due of [new Date(Date.now() - DAY).toISOString(), "2020-01-01T00:00:00.000Z"]) {
        const error = expectErrorCode(await step(app, tokens.REVIEWER, "approve", reviewed, { due }), "BAD_USER_INPUT");
        expect(error.extensions!.argument).toBe("nextReviewDueAt");
      }
      expect(await editorialItem(app, tokens.REVIEWER, SYMPTOM, reviewed.id)).toMatchObject({
        status: "IN_REVIEW",
        version: reviewed.version,
        reviewedBy: null,
      });
    });
  });

  describe("edits of signed-off content", () => {
    it("updating APPROVED content sends it back to IN_REVIEW (still not live)", async () => {
      const approved = await advance(app, tokens, await newSymptom(), "APPROVED");
      const updated = dataOf(
        await app.gql(
          UPDATE_SYMPTOM,
          { id: approved.id, version: approved.version, input: { description: "Changed" } },
          { token: tokens.EDITOR },
        ),
      ).item;
      expect(updated).toMatchObject({ status: "IN_REVIEW", version: approved.version + 1, live: false });
      expect(updated.content.description).toBe("Changed");
    });

    it("updating PUBLISHED content sends the draft back to IN_REVIEW while the live copy stays as published", async () => {
      const published = await advance(app, tokens, await newSymptom("Calf twinge"), "PUBLISHED");
      const updated = dataOf(
        await app.gql(
          UPDATE_SYMPTOM,
          { id: published.id, version: published.version, input: { name: "Calf twinge (edited)" } },
          { token: tokens.EDITOR },
        ),
      ).item;
      expect(updated).toMatchObject({
        status: "IN_REVIEW",
        version: published.version + 1,
        live: true,
        liveVersion: published.version,
        title: "Calf twinge (edited)",
      });
      expect(await liveSymptom(published.slug)).toMatchObject({ name: "Calf twinge", version: published.version });
      // Publishing again needs a new sign-off; then the edit goes live.
      expectErrorCode(await step(app, tokens.EDITOR, "publish", updated), "CONFLICT");
      const approved = await stepOk(app, tokens.REVIEWER, "approve", updated);
      const republished = await stepOk(app, tokens.EDITOR, "publish", approved);
      expect(await liveSymptom(published.slug)).toMatchObject({ name: "Calf twinge (edited)", version: republished.version });
    });

    it("setLinks on PUBLISHED content sends it back to IN_REVIEW; the live links stay unchanged", async () => {
      const created = dataOf(
        await app.gql(
          `mutation { item: createCondition(input: { name: "Workflow links condition", summary: "S" }) { ${ITEM_FIELDS} } }`,
          {},
          { token: tokens.EDITOR },
        ),
      ).item;
      const published = await advance(app, tokens, created, "PUBLISHED");
      const symptom = dataOf(await app.gql(`{ symptoms(first: 1) { edges { node { id slug } } } }`)).symptoms.edges[0].node;
      const linked = dataOf(
        await app.gql(
          SET_LINKS,
          {
            type: "CONDITION",
            id: published.id,
            version: published.version,
            kind: "CONDITION_SYMPTOMS",
            links: [{ id: symptom.id, note: "n" }],
          },
          { token: tokens.EDITOR },
        ),
      ).item;
      expect(linked).toMatchObject({ status: "IN_REVIEW", live: true, liveVersion: published.version, version: published.version + 1 });
      expect(linked.links.conditionSymptom).toEqual([{ targetId: symptom.id, order: 0, note: "n" }]);
      const live = dataOf(
        await app.gql(`query($slug: String!) { condition(slug: $slug) { version symptoms { slug } } }`, { slug: published.slug }),
      ).condition;
      expect(live).toEqual({ version: published.version, symptoms: [] });
    });

    it("editing ARCHIVED content is a CONFLICT, by update and by setLinks", async () => {
      const archived = await advance(app, tokens, await newSymptom(), "ARCHIVED");
      const error = expectErrorCode(
        await app.gql(
          UPDATE_SYMPTOM,
          { id: archived.id, version: archived.version, input: { description: "x" } },
          { token: tokens.EDITOR },
        ),
        "CONFLICT",
      );
      expect(error.extensions!.status).toBe("ARCHIVED");
      const condition = dataOf(
        await app.gql(
          `mutation { item: createCondition(input: { name: "Archived links condition" }) { id type version } }`,
          {},
          { token: tokens.EDITOR },
        ),
      ).item;
      const archivedCondition = await stepOk(app, tokens.EDITOR, "archive", condition);
      expectErrorCode(
        await app.gql(
          SET_LINKS,
          { type: "CONDITION", id: archivedCondition.id, version: archivedCondition.version, kind: "CONDITION_SYMPTOMS", links: [] },
          { token: tokens.EDITOR },
        ),
        "CONFLICT",
      );
      expect(await editorialItem(app, tokens.EDITOR, SYMPTOM, archived.id)).toMatchObject({
        status: "ARCHIVED",
        version: archived.version,
      });
    });
  });
});
