import { randomUUID } from "node:crypto";
import { Role } from "../../src/access/access";
import { editorialItem, step, stepOk, UPDATE_SYMPTOM } from "../helpers/editorial-workflow";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, tokensByRole } from "../helpers/users";

const WRITERS = 50;

describe("concurrent writes (optimistic versions under a row lock)", () => {
  let app: TestApp;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    app = await startTestApp();
    tokens = await tokensByRole(app);
  });
  afterAll(() => app.close());

  const newSymptom = async () => ({ ...(await createSymptom(app, tokens.EDITOR)), type: "SYMPTOM" });
  const update = (id: string, version: number, input: Record<string, unknown>) =>
    app.gql(UPDATE_SYMPTOM, { id, version, input }, { token: tokens.EDITOR });

  it(`${WRITERS} updates from the same version: one wins, the rest get CONFLICT with the winner's version`, async () => {
    const item = await newSymptom();
    expect(item.version).toBe(1);
    const names = Array.from({ length: WRITERS }, (_, i) => `Concurrent name ${String(i).padStart(2, "0")}`);

    const responses = await Promise.all(names.map((name) => update(item.id, item.version, { name })));

    const winners = responses.flatMap((r, i) => (r.errors ? [] : [{ name: names[i], item: r.data.item }]));
    const conflicts = responses.filter((r) => r.errors?.[0]?.extensions?.code === "CONFLICT");
    const other = responses.filter((r) => r.errors && r.errors[0]?.extensions?.code !== "CONFLICT");
    expect(other.map((r) => r.errors)).toEqual([]);
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(WRITERS - 1);

    const [winner] = winners;
    expect(winner.item).toMatchObject({ version: item.version + 1, title: winner.name, status: "DRAFT" });
    for (const conflict of conflicts) {
      expect(conflict.status).toBe(200);
      expect(conflict.errors).toHaveLength(1);
      expect(conflict.errors![0].extensions).toMatchObject({
        code: "CONFLICT",
        currentVersion: winner.item.version,
        yourVersion: item.version,
      });
    }

    // The stored draft is the winner's, one version on.
    const stored = await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id);
    expect(stored).toMatchObject({ version: item.version + 1, title: winner.name });
    expect(stored.content.name).toBe(winner.name);
    const rows: Array<{ name: string; version: number }> = await app.writer.query(
      `SELECT t.name, d.version FROM draft.symptom d JOIN draft.symptom_translation t ON t.symptom_id = d.id WHERE d.id = $1`,
      [item.id],
    );
    expect(rows).toEqual([{ name: winner.name, version: item.version + 1 }]);

    // Exactly one UPDATE revision and one UPDATE audit entry.
    const revisions = dataOf(
      await app.gql(`query($id: ID!) { revisions(id: $id) { action version snapshot } }`, { id: item.id }, { token: tokens.EDITOR }),
    ).revisions;
    const updateRevisions = revisions.filter((r: any) => r.action === "UPDATE");
    expect(revisions.map((r: any) => `${r.action}@${r.version}`)).toEqual(["UPDATE@2", "CREATE@1"]);
    expect(updateRevisions[0].snapshot.translations[0].name).toBe(winner.name);
    const audit = dataOf(
      await app.gql(
        `query($id: ID!) { auditLog(contentId: $id) { action versionBefore versionAfter detail } }`,
        { id: item.id },
        { token: tokens.ADMIN },
      ),
    ).auditLog;
    const updateAudits = audit.filter((a: any) => a.action === "UPDATE");
    expect(updateAudits).toEqual([expect.objectContaining({ versionBefore: 1, versionAfter: 2 })]);
    expect(audit.map((a: any) => a.action)).toEqual(["UPDATE", "CREATE"]);

    console.log(
      `concurrency: ${WRITERS} updateSymptom calls from version ${item.version}: ${winners.length} succeeded ("${winner.name}" -> version ${winner.item.version}), ` +
        `${conflicts.length} CONFLICT (currentVersion ${conflicts[0].errors![0].extensions!.currentVersion}), ${other.length} other errors; ` +
        `stored version ${stored.version}; UPDATE revisions ${updateRevisions.length}; UPDATE audit entries ${updateAudits.length}`,
    );
  });

  it("a later write with the new version goes through", async () => {
    const item = await newSymptom();
    const first = dataOf(await update(item.id, item.version, { name: "First edit" })).item;
    expectErrorCode(await update(item.id, item.version, { name: "Stale edit" }), "CONFLICT");
    const second = dataOf(await update(item.id, first.version, { name: "Second edit" })).item;
    expect(second).toMatchObject({ version: 3, title: "Second edit" });
  });

  it("a stale delete gets CONFLICT with the current version and deletes nothing", async () => {
    const item = await newSymptom();
    const edited = dataOf(await update(item.id, item.version, { description: "Edited" })).item;
    const remove = (version: number) =>
      app.gql(
        `mutation($id: ID!, $version: Int!) { deleteSymptom(id: $id, version: $version) { id deleted } }`,
        { id: item.id, version },
        { token: tokens.EDITOR },
      );
    const error = expectErrorCode(await remove(item.version), "CONFLICT");
    expect(error.extensions).toMatchObject({ currentVersion: edited.version, yourVersion: item.version });
    expect(await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id)).toMatchObject({ version: edited.version });
    expect(dataOf(await remove(edited.version)).deleteSymptom).toEqual({ id: item.id, deleted: true });
    expect(await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id)).toBeNull();
  });

  it("a stale publish gets CONFLICT with the current version and publishes nothing", async () => {
    const item = await newSymptom();
    const reviewed = await stepOk(app, tokens.EDITOR, "submit", item);
    const approved = await stepOk(app, tokens.REVIEWER, "approve", reviewed);
    const error = expectErrorCode(await step(app, tokens.EDITOR, "publish", reviewed), "CONFLICT");
    expect(error.extensions).toMatchObject({ currentVersion: approved.version, yourVersion: reviewed.version });
    expect(await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id)).toMatchObject({
      status: "APPROVED",
      live: false,
      version: approved.version,
    });
    expect(dataOf(await app.gql(`query($slug: String!) { symptom(slug: $slug) { id } }`, { slug: item.slug })).symptom).toBeNull();
  });

  it("concurrent publishes of the same version: one wins, the other gets CONFLICT", async () => {
    const item = await newSymptom();
    const approved = await stepOk(app, tokens.REVIEWER, "approve", await stepOk(app, tokens.EDITOR, "submit", item));
    const results = await Promise.all([1, 2, 3].map(() => step(app, tokens.EDITOR, "publish", approved)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === "CONFLICT")).toHaveLength(2);
    expect(await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id)).toMatchObject({
      status: "PUBLISHED",
      version: approved.version + 1,
      liveVersion: approved.version + 1,
    });
  });

  it("an unknown id gets NOT_FOUND from update, delete and workflow steps", async () => {
    const id = randomUUID();
    expectErrorCode(await update(id, 1, { name: "Nobody" }), "NOT_FOUND");
    expectErrorCode(
      await app.gql(`mutation($id: ID!) { deleteSymptom(id: $id, version: 1) { id } }`, { id }, { token: tokens.EDITOR }),
      "NOT_FOUND",
    );
    for (const action of ["submit", "publish", "archive"] as const) {
      expectErrorCode(await step(app, tokens.EDITOR, action, { type: "SYMPTOM", id, version: 1 }), "NOT_FOUND");
    }
    expectErrorCode(await step(app, tokens.REVIEWER, "approve", { type: "SYMPTOM", id, version: 1 }), "NOT_FOUND");
    expect(await editorialItem(app, tokens.EDITOR, "SYMPTOM", id)).toBeNull();
  });

  it("an id that is not a UUID is a client error, not an internal one", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (const response of [
        await update("not-a-uuid", 1, { name: "Nobody" }),
        await step(app, tokens.EDITOR, "publish", { type: "SYMPTOM", id: "not-a-uuid", version: 1 }),
        await app.gql(`{ editorialItem(type: SYMPTOM, id: "not-a-uuid") { id } }`, {}, { token: tokens.EDITOR }),
      ]) {
        expect(["NOT_FOUND", "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(response.errors?.[0]?.extensions?.code);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
