import { Client } from "pg";
import { Role } from "../../src/access/access";
import { editorialClient, EditorialClient, Item, User, usersByRole } from "../helpers/editorial-history";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";

const AUDIT = /* GraphQL */ `
  query ($contentId: ID, $first: Int, $before: ID) {
    auditLog(contentId: $contentId, first: $first, before: $before) {
      id
      at
      actorEmail
      action
      type
      contentId
      versionBefore
      versionAfter
      detail
    }
  }
`;

const PERMISSION = /permission denied/i;
const APPEND_ONLY = (table: string) => new RegExp(`${table} is append-only`);

describe("the audit log", () => {
  let app: TestApp;
  let users: Record<Role, User>;
  let client: EditorialClient;
  let symptom: Item;
  let condition: Item;
  const audit = async (variables: Record<string, unknown> = {}, token = users.ADMIN.token) =>
    dataOf(await app.gql(AUDIT, variables, { token })).auditLog as any[];

  beforeAll(async () => {
    app = await startTestApp();
    users = await usersByRole(app);
    client = editorialClient(app);
    const { EDITOR, REVIEWER, ADMIN } = users;
    symptom = await client.createSymptom(EDITOR.token, { name: "Audited twinge" }); // v1
    symptom = await client.updateSymptom(EDITOR.token, symptom.id, symptom.version, { description: "Now described" }); // v2
    symptom = await client.step(EDITOR.token, "submitForReview", "SYMPTOM", symptom.id, symptom.version); // v3
    symptom = await client.step(REVIEWER.token, "approve", "SYMPTOM", symptom.id, symptom.version); // v4
    symptom = await client.step(EDITOR.token, "publish", "SYMPTOM", symptom.id, symptom.version); // v5
    condition = await client.createCondition(EDITOR.token, { name: "Audited condition" }); // v1
    condition = await client.setSymptoms(ADMIN.token, condition.id, condition.version, [{ id: symptom.id, note: "audited" }]); // v2
    await client.deleteSymptom(ADMIN.token, symptom.id, symptom.version);
  });
  afterAll(() => app.close());

  it("records every write of an item with actor, action and versions, newest first", async () => {
    const entries = await audit({ contentId: symptom.id });
    expect(entries.map((e) => [e.action, e.actorEmail, e.versionBefore, e.versionAfter])).toEqual([
      ["DELETE", users.ADMIN.email, 5, null],
      ["PUBLISH", users.EDITOR.email, 4, 5],
      ["APPROVE", users.REVIEWER.email, 3, 4],
      ["SUBMIT", users.EDITOR.email, 2, 3],
      ["UPDATE", users.EDITOR.email, 1, 2],
      ["CREATE", users.EDITOR.email, null, 1],
    ]);
    for (const e of entries) expect(e).toMatchObject({ type: "SYMPTOM", contentId: symptom.id });
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e.detail]));
    expect(byAction.UPDATE).toEqual({ locale: "en", fields: ["description"], statusBefore: "DRAFT", statusAfter: "DRAFT" });
    expect(byAction.SUBMIT).toEqual({ statusBefore: "DRAFT", statusAfter: "IN_REVIEW" });
    expect(byAction.APPROVE).toMatchObject({ statusBefore: "IN_REVIEW", statusAfter: "APPROVED", nextReviewDueAt: expect.any(String) });
    expect(byAction.PUBLISH).toEqual({ statusBefore: "APPROVED", statusAfter: "PUBLISHED" });
    // Every content write also left a revision, the delete included.
    const revisions = await client.revisions(users.EDITOR.token, symptom.id);
    expect(revisions.map((r) => r.action)).toEqual(entries.map((e) => e.action));
  });

  it("records link changes on the owning item", async () => {
    const entries = await audit({ contentId: condition.id });
    expect(entries).toEqual([
      expect.objectContaining({
        action: "SET_LINKS",
        actorEmail: users.ADMIN.email,
        type: "CONDITION",
        versionBefore: 1,
        versionAfter: 2,
        detail: { kind: "conditionSymptom", count: 1 },
      }),
      expect.objectContaining({ action: "CREATE", actorEmail: users.EDITOR.email, versionBefore: null, versionAfter: 1 }),
    ]);
  });

  it("lists all items' entries newest first without a filter", async () => {
    const all = await audit({ first: 500 });
    expect(all.length).toBeGreaterThanOrEqual(8);
    const ids = all.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const times = all.map((e) => new Date(e.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.filter((e) => [symptom.id, condition.id].includes(e.contentId))).toHaveLength(8);
    expect(all.slice(0, 2).map((e) => e.action)).toEqual(["DELETE", "SET_LINKS"]);
  });

  it("pages with `before`, with or without a content filter", async () => {
    const all = await audit({ first: 500 });
    const paged: any[] = [];
    for (let before: string | undefined; ;) {
      const page = await audit({ first: 3, before });
      expect(page.length).toBeLessThanOrEqual(3);
      if (!page.length) break;
      paged.push(...page);
      before = page[page.length - 1].id;
    }
    expect(paged).toEqual(all);

    const ofSymptom = await audit({ contentId: symptom.id });
    const second = await audit({ contentId: symptom.id, first: 2, before: ofSymptom[1].id });
    expect(second).toEqual(ofSymptom.slice(2, 4));
    expect(await audit({ contentId: symptom.id, before: ofSymptom[5].id })).toEqual([]);
  });

  it("is for ADMINs only, and checks its arguments", async () => {
    expectErrorCode(await app.gql(AUDIT, {}, { token: users.EDITOR.token }), "FORBIDDEN");
    expectErrorCode(await app.gql(AUDIT, {}, { token: users.REVIEWER.token }), "FORBIDDEN");
    expectErrorCode(await app.gql(AUDIT, {}), "UNAUTHENTICATED");
    expectErrorCode(await app.gql(AUDIT, { first: 0 }, { token: users.ADMIN.token }), "BAD_USER_INPUT");
    expectErrorCode(await app.gql(AUDIT, { first: 501 }, { token: users.ADMIN.token }), "BAD_USER_INPUT");
    expectErrorCode(await app.gql(AUDIT, { before: "abc" }, { token: users.ADMIN.token }), "BAD_USER_INPUT");
  });

  describe("is append-only, like the revisions", () => {
    const rows = async () => ({
      audit: await app.writer.query(`SELECT * FROM cms.audit_log ORDER BY id`),
      revisions: await app.writer.query(`SELECT * FROM cms.revision ORDER BY id`),
    });
    let before: Awaited<ReturnType<typeof rows>>;

    beforeAll(async () => {
      before = await rows();
      expect(before.audit.length).toBeGreaterThanOrEqual(8);
      expect(before.revisions.length).toBeGreaterThanOrEqual(8);
    });

    it("the editorial role may read but not update, delete or truncate", async () => {
      const [{ editor }] = await app.editor.query(`SELECT pg_has_role('cms_editor', 'USAGE') AS editor`);
      expect(editor).toBe(true);
      expect((await app.editor.query(`SELECT count(*)::int AS n FROM cms.audit_log`))[0].n).toBe(before.audit.length);
      for (const table of ["audit_log", "revision"]) {
        await expect(app.editor.query(`UPDATE cms.${table} SET action = 'FORGED'`)).rejects.toThrow(PERMISSION);
        await expect(app.editor.query(`UPDATE cms.${table} SET action = 'FORGED' WHERE content_id = $1`, [symptom.id])).rejects.toThrow(
          PERMISSION,
        );
        await expect(app.editor.query(`DELETE FROM cms.${table}`)).rejects.toThrow(PERMISSION);
        await expect(app.editor.query(`DELETE FROM cms.${table} WHERE content_id = $1`, [symptom.id])).rejects.toThrow(PERMISSION);
        await expect(app.editor.query(`TRUNCATE cms.${table}`)).rejects.toThrow(PERMISSION);
      }
    });

    it("even the owner (a superuser) is stopped by the trigger", async () => {
      const owner = new Client({ connectionString: app.databaseUrl });
      await owner.connect();
      try {
        const [{ superuser }] = (await owner.query(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`)).rows;
        expect(superuser).toBe(true);
        for (const table of ["audit_log", "revision"]) {
          await expect(owner.query(`UPDATE cms.${table} SET action = 'FORGED' WHERE content_id = $1`, [symptom.id])).rejects.toThrow(
            APPEND_ONLY(table),
          );
          await expect(owner.query(`UPDATE cms.${table} SET action = 'FORGED'`)).rejects.toThrow(APPEND_ONLY(table));
          await expect(owner.query(`DELETE FROM cms.${table} WHERE content_id = $1`, [symptom.id])).rejects.toThrow(APPEND_ONLY(table));
          await expect(owner.query(`DELETE FROM cms.${table}`)).rejects.toThrow(APPEND_ONLY(table));
          await expect(owner.query(`TRUNCATE cms.${table}`)).rejects.toThrow(APPEND_ONLY(table));
          await expect(owner.query(`TRUNCATE cms.${table} CASCADE`)).rejects.toThrow(APPEND_ONLY(table));
        }
        // The error carries the insufficient_privilege code.
        const error = await owner.query(`DELETE FROM cms.audit_log`).catch((e) => e);
        expect(error.code).toBe("42501");
      } finally {
        await owner.end();
      }
    });

    it("leaves every row as it was", async () => {
      expect(await rows()).toEqual(before);
      const entries = await audit({ contentId: symptom.id });
      expect(entries.map((e) => e.action)).toEqual(["DELETE", "PUBLISH", "APPROVE", "SUBMIT", "UPDATE", "CREATE"]);
    });
  });
});
