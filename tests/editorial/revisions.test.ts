import { randomUUID } from "node:crypto";
import { Role } from "../../src/access/access";
import {
  editorialClient,
  EditorialClient,
  Item,
  liveSymptom,
  publishItem,
  REVISION_FIELDS,
  User,
  usersByRole,
} from "../helpers/editorial-history";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";

const DIFF = /* GraphQL */ `
  query ($from: ID!, $to: ID!) {
    revisionDiff(from: $from, to: $to) {
      from {
        id
        version
      }
      to {
        id
        version
      }
      fields {
        path
        kind
        before
        after
      }
      links {
        path
        kind
        before
        after
      }
    }
  }
`;
const RESTORE = /* GraphQL */ `
  mutation ($revisionId: ID!, $version: Int!) {
    restoreRevision(revisionId: $revisionId, version: $version) {
      id
      version
      status
      live
      liveVersion
      content
      links
      translations {
        locale
        title
      }
    }
  }
`;

describe("revisions", () => {
  let app: TestApp;
  let users: Record<Role, User>;
  let client: EditorialClient;
  const diff = async (from: string, to: string) => dataOf(await app.gql(DIFF, { from, to }, { token: users.EDITOR.token })).revisionDiff;
  /** Revisions oldest first, so index i holds version i + 1 for a plain edit history. */
  const history = async (id: string) => (await client.revisions(users.EDITOR.token, id)).reverse();

  beforeAll(async () => {
    app = await startTestApp();
    users = await usersByRole(app);
    client = editorialClient(app);
  });
  afterAll(() => app.close());

  describe("of a symptom edited four times", () => {
    let symptom: Item;
    let conditionId: string;

    beforeAll(async () => {
      symptom = await client.createSymptom(users.EDITOR.token, { name: "Revision ache", description: "First text" });
      symptom = await client.updateSymptom(users.EDITOR.token, symptom.id, symptom.version, { name: "Revision ache renamed" });
      symptom = await client.updateSymptom(users.EDITOR.token, symptom.id, symptom.version, { description: "Second text" });
      symptom = await client.updateSymptom(
        users.ADMIN.token,
        symptom.id,
        symptom.version,
        { name: "Dolor de revisión", description: "Texto" },
        "es",
      );
      const condition = await client.createCondition(users.EDITOR.token, { name: "Revision condition" });
      await client.setSymptoms(users.EDITOR.token, condition.id, condition.version, [{ id: symptom.id, note: "often" }]);
      conditionId = condition.id;
    });

    it("lists one revision per save, newest first, with versions, actions and authors", async () => {
      const revisions = await client.revisions(users.REVIEWER.token, symptom.id);
      expect(revisions.map((r) => [r.version, r.action, r.authorEmail])).toEqual([
        [4, "UPDATE", users.ADMIN.email],
        [3, "UPDATE", users.EDITOR.email],
        [2, "UPDATE", users.EDITOR.email],
        [1, "CREATE", users.EDITOR.email],
      ]);
      for (const r of revisions) expect(r).toMatchObject({ type: "SYMPTOM", contentId: symptom.id });
      const times = revisions.map((r) => new Date(r.createdAt).getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(new Set(revisions.map((r) => r.id)).size).toBe(4);
    });

    it("revision(id) returns the snapshot with its translations", async () => {
      const [latest] = await client.revisions(users.EDITOR.token, symptom.id);
      const { revision } = dataOf(
        await app.gql(`query($id: ID!) { revision(id: $id) { ${REVISION_FIELDS} } }`, { id: latest.id }, { token: users.EDITOR.token }),
      );
      expect(revision).toEqual(latest);
      expect(revision.snapshot.type).toBe("symptom");
      expect(revision.snapshot.document).toMatchObject({ id: symptom.id, version: 4, status: "DRAFT", kind: "SYMPTOM" });
      expect(revision.snapshot.translations).toEqual([
        expect.objectContaining({ locale: "en", name: "Revision ache renamed", description: "Second text", slug: "revision-ache" }),
        expect.objectContaining({ locale: "es", name: "Dolor de revisión", description: "Texto" }),
      ]);
      // A symptom owns no links (the condition does): its snapshot says so.
      expect(revision.snapshot.links).toEqual({});
    });

    it("revisionDiff reports the changed fields with their paths and values", async () => {
      const [v1, v2, v3, v4] = await history(symptom.id);
      const first = await diff(v1.id, v2.id);
      expect(first.from).toEqual({ id: v1.id, version: 1 });
      expect(first.to).toEqual({ id: v2.id, version: 2 });
      expect(first.fields).toEqual([
        { path: "translations.en.name", kind: "CHANGED", before: "Revision ache", after: "Revision ache renamed" },
      ]);
      expect(first.links).toEqual([]);

      expect((await diff(v2.id, v3.id)).fields).toEqual([
        { path: "translations.en.description", kind: "CHANGED", before: "First text", after: "Second text" },
      ]);

      const added = await diff(v3.id, v4.id);
      expect(added.fields.map((c: any) => [c.path, c.kind])).toEqual([
        ["translations.es.description", "ADDED"],
        ["translations.es.locale", "ADDED"],
        ["translations.es.name", "ADDED"],
        ["translations.es.slug", "ADDED"],
      ]);
      expect(added.fields).toContainEqual({ path: "translations.es.name", kind: "ADDED", before: null, after: "Dolor de revisión" });

      // Backwards, over several saves: the translation goes, both en fields change back.
      const back = await diff(v4.id, v1.id);
      expect(back.fields).toContainEqual({
        path: "translations.en.name",
        kind: "CHANGED",
        before: "Revision ache renamed",
        after: "Revision ache",
      });
      expect(back.fields).toContainEqual({
        path: "translations.en.description",
        kind: "CHANGED",
        before: "Second text",
        after: "First text",
      });
      expect(back.fields).toContainEqual({ path: "translations.es.name", kind: "REMOVED", before: "Dolor de revisión", after: null });
      expect(back.fields.filter((c: any) => c.path.startsWith("document."))).toEqual([]);
    });

    it("the condition's revision holds the link, and a diff across items is refused", async () => {
      const [linked] = await client.revisions(users.EDITOR.token, conditionId);
      expect(linked).toMatchObject({ action: "SET_LINKS", version: 2, type: "CONDITION" });
      expect(linked.snapshot.links.conditionSymptom).toEqual([{ targetId: symptom.id, order: 0, note: "often" }]);

      const [symptomLatest] = await client.revisions(users.EDITOR.token, symptom.id);
      expectErrorCode(await app.gql(DIFF, { from: symptomLatest.id, to: linked.id }, { token: users.EDITOR.token }), "BAD_USER_INPUT");
    });
  });

  describe("link changes on a condition", () => {
    let a: Item, b: Item, c: Item, condition: Item;

    beforeAll(async () => {
      [a, b, c] = [
        await client.createSymptom(users.EDITOR.token, { name: "Link A" }),
        await client.createSymptom(users.EDITOR.token, { name: "Link B" }),
        await client.createSymptom(users.EDITOR.token, { name: "Link C" }),
      ];
      condition = await client.createCondition(users.EDITOR.token, { name: "Linked condition", summary: "Kept" });
      condition = await client.setSymptoms(users.EDITOR.token, condition.id, condition.version, [
        { id: a.id, note: "first" },
        { id: b.id },
      ]); // v2
      condition = await client.setSymptoms(users.EDITOR.token, condition.id, condition.version, [
        { id: a.id, note: "first" },
        { id: c.id },
      ]); // v3
      condition = await client.setSymptoms(users.EDITOR.token, condition.id, condition.version, [
        { id: a.id, note: "renoted" },
        { id: c.id },
      ]); // v4
      condition = await client.setSymptoms(users.EDITOR.token, condition.id, condition.version, [
        { id: a.id, note: "renoted" },
        { id: c.id },
      ]); // v5, no change
    });

    it("reports links ADDED, REMOVED and CHANGED by target id, and no field changes", async () => {
      const [v1, v2, v3, v4] = await history(condition.id);
      const added = await diff(v1.id, v2.id);
      expect(added.links).toEqual(
        [
          { path: `links.conditionSymptom.${a.id}`, kind: "ADDED", before: null, after: { order: 0, note: "first" } },
          { path: `links.conditionSymptom.${b.id}`, kind: "ADDED", before: null, after: { order: 1, note: null } },
        ].sort((x, y) => x.path.localeCompare(y.path)),
      );
      expect(added.fields).toEqual([]);

      const swapped = await diff(v2.id, v3.id);
      expect(swapped.links).toHaveLength(2);
      expect(swapped.links).toContainEqual({
        path: `links.conditionSymptom.${b.id}`,
        kind: "REMOVED",
        before: { order: 1, note: null },
        after: null,
      });
      expect(swapped.links).toContainEqual({
        path: `links.conditionSymptom.${c.id}`,
        kind: "ADDED",
        before: null,
        after: { order: 1, note: null },
      });

      expect((await diff(v3.id, v4.id)).links).toEqual([
        {
          path: `links.conditionSymptom.${a.id}`,
          kind: "CHANGED",
          before: { order: 0, note: "first" },
          after: { order: 0, note: "renoted" },
        },
      ]);
    });

    it("an unchanged save is a revision with no field or link changes", async () => {
      const revisions = await history(condition.id);
      expect(revisions.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
      expect(revisions.map((r) => r.action)).toEqual(["CREATE", "SET_LINKS", "SET_LINKS", "SET_LINKS", "SET_LINKS"]);
      const same = await diff(revisions[3].id, revisions[4].id);
      expect(same).toMatchObject({ fields: [], links: [] });
      // Re-saving the same text is no change either.
      const resaved = await client.updateSymptom(users.EDITOR.token, c.id, c.version, { name: "Link C" });
      const [after, before] = await client.revisions(users.EDITOR.token, c.id);
      expect(after.version).toBe(resaved.version);
      expect(await diff(before.id, after.id)).toMatchObject({ fields: [], links: [] });
    });

    it("restores links from an old revision, skipping targets deleted since", async () => {
      const [, v2] = await history(condition.id);
      condition = await client.get(users.EDITOR.token, "CONDITION", condition.id);
      await client.deleteSymptom(users.EDITOR.token, b.id, b.version);
      // The deleted item's revisions stay, the delete included.
      expect((await client.revisions(users.EDITOR.token, b.id)).map((r) => [r.action, r.version])).toEqual([
        ["DELETE", 1],
        ["CREATE", 1],
      ]);
      const { restoreRevision: restored } = dataOf(
        await app.gql(RESTORE, { revisionId: v2.id, version: condition.version }, { token: users.EDITOR.token }),
      );
      expect(restored).toMatchObject({ version: condition.version + 1, status: "DRAFT" });
      expect(restored.links.conditionSymptom).toEqual([{ targetId: a.id, order: 0, note: "first" }]);
      const [entry] = dataOf(
        await app.gql(
          `query($id: ID!) { auditLog(contentId: $id, first: 1) { action detail } }`,
          { id: condition.id },
          { token: users.ADMIN.token },
        ),
      ).auditLog;
      expect(entry).toMatchObject({ action: "RESTORE", detail: { revisionId: v2.id, revisionVersion: 2, skippedLinks: [b.id] } });
    });
  });

  describe("restoreRevision", () => {
    let symptom: Item;
    let published: Item;

    beforeAll(async () => {
      symptom = await client.createSymptom(users.EDITOR.token, { name: "Restorable pain", description: "Original text", kind: "SIGN" }); // v1
      symptom = await client.updateSymptom(users.EDITOR.token, symptom.id, symptom.version, {
        name: "Published pain",
        description: "Published text",
      }); // v2
      published = await publishItem(client, users, "SYMPTOM", symptom.id, symptom.version); // v5
      symptom = await client.updateSymptom(users.EDITOR.token, symptom.id, published.version, { kind: "SYMPTOM" }); // v6, IN_REVIEW
      symptom = await client.updateSymptom(users.EDITOR.token, symptom.id, symptom.version, { name: "Dolor restaurable" }, "es"); // v7
    });

    it("makes the old content the draft: fields, translations, DRAFT, version + 1, a RESTORE revision", async () => {
      const [v1] = await history(symptom.id);
      expect(v1.action).toBe("CREATE");
      const { restoreRevision: restored } = dataOf(
        await app.gql(RESTORE, { revisionId: v1.id, version: symptom.version }, { token: users.EDITOR.token }),
      );
      expect(restored).toMatchObject({ id: symptom.id, version: 8, status: "DRAFT", live: true, liveVersion: 5, links: {} });
      expect(restored.content).toMatchObject({ name: "Restorable pain", description: "Original text", kind: "SIGN" });
      // The Spanish text was added after v1: it is gone.
      expect(restored.translations).toEqual([{ locale: "en", title: "Restorable pain" }]);
      expect((await client.get(users.EDITOR.token, "SYMPTOM", symptom.id, "es")).translations.map((t) => t.locale)).toEqual(["en"]);

      const [latest, previous] = await client.revisions(users.EDITOR.token, symptom.id);
      expect(latest).toMatchObject({ version: 8, action: "RESTORE", authorEmail: users.EDITOR.email });
      expect(previous.version).toBe(7);
      // Only the sign-off bookkeeping of the publish in between differs from v1; content is v1's.
      const sinceV1 = await diff(v1.id, latest.id);
      expect(sinceV1.fields.map((c: any) => c.path).sort()).toEqual([
        "document.lastReviewedAt",
        "document.nextReviewDueAt",
        "document.publishedAt",
        "document.reviewedBy",
      ]);
      symptom = { ...symptom, version: 8 };
    });

    it("refuses a stale version with CONFLICT and changes nothing", async () => {
      const [, v2] = await history(symptom.id);
      const error = expectErrorCode(await app.gql(RESTORE, { revisionId: v2.id, version: 7 }, { token: users.EDITOR.token }), "CONFLICT");
      expect(error.extensions).toMatchObject({ currentVersion: 8, yourVersion: 7 });
      const current = await client.get(users.EDITOR.token, "SYMPTOM", symptom.id);
      expect(current).toMatchObject({ version: 8, title: "Restorable pain" });
      expect((await client.revisions(users.EDITOR.token, symptom.id)).length).toBe(8);
    });

    it("leaves the live copy alone until the restored draft is published", async () => {
      expect(await liveSymptom(app, published.slug)).toMatchObject({
        id: symptom.id,
        name: "Published pain",
        description: "Published text",
        version: 5,
      });
      expect((await liveSymptom(app, published.slug, "es"))?.locale).toBe("en");
      const republished = await publishItem(client, users, "SYMPTOM", symptom.id, symptom.version);
      expect(republished).toMatchObject({ status: "PUBLISHED", live: true, liveVersion: republished.version });
      expect(await liveSymptom(app, published.slug)).toMatchObject({
        name: "Restorable pain",
        description: "Original text",
        version: republished.version,
      });
    });

    it("unknown revisions are NOT_FOUND", async () => {
      const unknown = randomUUID();
      expect(
        dataOf(await app.gql(`query($id: ID!) { revision(id: $id) { id } }`, { id: unknown }, { token: users.EDITOR.token })).revision,
      ).toBeNull();
      const [latest] = await client.revisions(users.EDITOR.token, symptom.id);
      expectErrorCode(await app.gql(DIFF, { from: unknown, to: latest.id }, { token: users.EDITOR.token }), "NOT_FOUND");
      expectErrorCode(await app.gql(DIFF, { from: latest.id, to: unknown }, { token: users.EDITOR.token }), "NOT_FOUND");
      expectErrorCode(await app.gql(RESTORE, { revisionId: unknown, version: 1 }, { token: users.EDITOR.token }), "NOT_FOUND");
      expectErrorCode(
        await app.gql(`query { revision(id: "not-a-revision") { id } }`, {}, { token: users.EDITOR.token }),
        "BAD_USER_INPUT",
      );
      expect(await client.revisions(users.EDITOR.token, unknown)).toEqual([]);
    });
  });
});
