import { randomUUID } from "node:crypto";
import { Role } from "../../src/access/access";
import { Scheduler } from "../../src/jobs/scheduler";
import { approveItem, editorialClient, EditorialClient, Item, liveSymptom, User, usersByRole } from "../helpers/editorial-history";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";

const SCHEDULE = (mutation: "schedulePublish" | "scheduleUnpublish") => /* GraphQL */ `
  mutation($id: ID!, $at: DateTimeISO!) { ${mutation}(type: SYMPTOM, id: $id, at: $at) { jobId action at } }
`;
const AUDIT = `query($id: ID!) { auditLog(contentId: $id, first: 100) { action actorEmail versionBefore versionAfter detail } }`;

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("scheduled publish and unpublish with two workers", () => {
  let app: TestApp;
  let second: Scheduler | undefined;
  let users: Record<Role, User>;
  let client: EditorialClient;
  const auditOf = async (id: string) => dataOf(await app.gql(AUDIT, { id }, { token: users.ADMIN.token })).auditLog as any[];
  const schedule = async (mutation: "schedulePublish" | "scheduleUnpublish", id: string, at: Date, token = users.EDITOR.token) =>
    app.gql(SCHEDULE(mutation), { id, at: at.toISOString() }, { token });
  /** The pg-boss job row: state (created, active, completed, failed, ...) and output. */
  const job = async (jobId: string) =>
    (await app.writer.query(`SELECT state, output, retry_count AS "retryCount" FROM pgboss.job WHERE id = $1`, [jobId]))[0] as
      { state: string; output: any; retryCount: number } | undefined;

  beforeAll(async () => {
    app = await startTestApp({ scheduler: { work: true, pollingSeconds: 0.5 } });
    second = await Scheduler.start({ url: app.logins.jobs, editorial: app.runtime.services.editorial!, work: true, pollingSeconds: 0.5 });
    users = await usersByRole(app);
    client = editorialClient(app);
  });
  afterAll(async () => {
    await second?.stop();
    await app?.close();
  });

  describe("an approved symptom", () => {
    let approved: Item;
    let publishJob: string;

    beforeAll(async () => {
      const draft = await client.createSymptom(users.EDITOR.token, { name: "Scheduled throb", description: "Goes live later" });
      approved = await approveItem(client, users, "SYMPTOM", draft.id, draft.version);
      expect(approved.status).toBe("APPROVED");
    });

    it("goes live at the scheduled time, published exactly once", async () => {
      const at = new Date(Date.now() + 1500);
      const { schedulePublish } = dataOf(await schedule("schedulePublish", approved.id, at));
      expect(schedulePublish).toEqual({ jobId: expect.any(String), action: "PUBLISH", at: at.toISOString() });
      publishJob = schedulePublish.jobId;
      expect(await liveSymptom(app, approved.slug)).toBeNull();

      const live = await waitFor("the symptom to go live", () => liveSymptom(app, approved.slug));
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
      expect(live).toMatchObject({ id: approved.id, name: "Scheduled throb", version: approved.version + 1 });
      await waitFor("the job to complete", async () => (await job(publishJob))?.state === "completed");
      // Give the other worker every chance to pick the job up again: it must not.
      await sleep(2000);

      const entries = await auditOf(approved.id);
      const publishes = entries.filter((e) => e.action === "PUBLISH");
      expect(publishes).toEqual([
        {
          action: "PUBLISH",
          actorEmail: `${users.EDITOR.email} (scheduled)`,
          versionBefore: approved.version,
          versionAfter: approved.version + 1,
          detail: { statusBefore: "APPROVED", statusAfter: "PUBLISHED" },
        },
      ]);
      expect(entries.filter((e) => e.action === "SCHEDULE_PUBLISH")).toEqual([
        {
          action: "SCHEDULE_PUBLISH",
          actorEmail: users.EDITOR.email,
          versionBefore: null,
          versionAfter: null,
          detail: { at: at.toISOString(), jobId: publishJob },
        },
      ]);
      // The schedule entry comes before the publish.
      expect(entries.map((e) => e.action).indexOf("SCHEDULE_PUBLISH")).toBeGreaterThan(entries.map((e) => e.action).indexOf("PUBLISH"));
      const revisions = await client.revisions(users.EDITOR.token, approved.id);
      expect(revisions.filter((r) => r.action === "PUBLISH")).toHaveLength(1);
      expect(await client.get(users.EDITOR.token, "SYMPTOM", approved.id)).toMatchObject({
        status: "PUBLISHED",
        live: true,
        version: approved.version + 1,
      });
    });

    it("a scheduled unpublish takes it off the live site later", async () => {
      const at = new Date(Date.now() + 1500);
      const { scheduleUnpublish } = dataOf(await schedule("scheduleUnpublish", approved.id, at));
      expect(scheduleUnpublish).toMatchObject({ action: "UNPUBLISH", at: at.toISOString() });
      expect(await liveSymptom(app, approved.slug)).not.toBeNull();

      await waitFor("the symptom to leave the live site", async () => (await liveSymptom(app, approved.slug)) === null);
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
      await waitFor("the job to complete", async () => (await job(scheduleUnpublish.jobId))?.state === "completed");
      await sleep(1000);

      const entries = await auditOf(approved.id);
      expect(entries.filter((e) => e.action === "UNPUBLISH")).toEqual([
        expect.objectContaining({
          actorEmail: `${users.EDITOR.email} (scheduled)`,
          versionBefore: approved.version + 1,
          versionAfter: approved.version + 2,
        }),
      ]);
      expect(entries.filter((e) => e.action === "SCHEDULE_UNPUBLISH")).toHaveLength(1);
      expect(entries.filter((e) => e.action === "PUBLISH")).toHaveLength(1);
      expect(await client.get(users.EDITOR.token, "SYMPTOM", approved.id)).toMatchObject({
        status: "APPROVED",
        live: false,
        liveVersion: null,
      });
    });
  });

  it("a scheduled publish of an item that is not approved runs, fails and leaves it unpublished", async () => {
    const draft = await client.createSymptom(users.EDITOR.token, { name: "Unapproved scheduled ache" });
    // The worker logs the expected failure; keep the test output quiet.
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const at = new Date(Date.now() + 1000);
    const { schedulePublish } = dataOf(await schedule("schedulePublish", draft.id, at));

    const failed = await waitFor("the job to fail", async () => {
      const row = await job(schedulePublish.jobId);
      return row?.state === "failed" ? row : null;
    });
    expect(JSON.stringify(failed.output)).toMatch(/Cannot publish an item that is DRAFT/);
    expect(failed.retryCount).toBe(0);
    await sleep(1000);
    quiet.mockRestore();

    expect(await liveSymptom(app, draft.slug)).toBeNull();
    expect(await client.get(users.EDITOR.token, "SYMPTOM", draft.id)).toMatchObject({
      status: "DRAFT",
      live: false,
      version: draft.version,
    });
    expect((await auditOf(draft.id)).map((e) => e.action)).toEqual(["SCHEDULED_PUBLISH_FAILED", "SCHEDULE_PUBLISH", "CREATE"]);
    expect((await client.revisions(users.EDITOR.token, draft.id)).map((r) => r.action)).toEqual(["CREATE"]);
  });

  it("refuses a time in the past, an unknown item and a reviewer", async () => {
    const draft = await client.createSymptom(users.EDITOR.token, { name: "Never scheduled" });
    expectErrorCode(await schedule("schedulePublish", draft.id, new Date(Date.now() - 3_600_000)), "BAD_USER_INPUT");
    expectErrorCode(await schedule("scheduleUnpublish", draft.id, new Date(Date.now() - 3_600_000)), "BAD_USER_INPUT");
    expectErrorCode(await schedule("schedulePublish", randomUUID(), new Date(Date.now() + 60_000)), "NOT_FOUND");
    expectErrorCode(await schedule("scheduleUnpublish", randomUUID(), new Date(Date.now() + 60_000)), "NOT_FOUND");
    expectErrorCode(await schedule("schedulePublish", draft.id, new Date(Date.now() + 60_000), users.REVIEWER.token), "FORBIDDEN");
    // Nothing was scheduled or audited for the refused requests.
    expect((await auditOf(draft.id)).map((e) => e.action)).toEqual(["CREATE"]);
  });
});
