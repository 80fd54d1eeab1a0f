import { Role } from "../../src/access/access";
import { prepareDatabase } from "../../src/db/prepare";
import { App, createApp } from "../../src/server/app";
import { Runtime, startRuntime } from "../../src/server/boot";
import { approveItem, editorialClient, liveSymptom, User, usersByRole } from "../helpers/editorial-history";
import { dataOf, expectErrorCode, GraphQLResponse, startTestApp, TEST_JWT_SECRET, TestApp } from "../helpers/test-app";
import { PASSWORD } from "../helpers/users";

/**
 * Two API instances on one database, each booted as a server boots (prepareDatabase, then its
 * own pools, job worker and HTTP server): a token from one works on the other, a revocation on
 * one holds on the other, and a scheduled job runs once, whichever instance takes it.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

describe("two instances on one database", () => {
  let a: TestApp;
  let runtime: Runtime;
  let app: App;
  let endpointB: string;
  let users: Record<Role, User>;

  const onB = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse> => {
    const res = await fetch(endpointB, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as GraphQLResponse), status: res.status };
  };

  beforeAll(async () => {
    a = await startTestApp({ scheduler: { work: true, pollingSeconds: 0.5 } });
    const { logins, jwtKey } = await prepareDatabase(a.databaseUrl, { jwtSecret: TEST_JWT_SECRET });
    runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 4, scheduler: { work: true, pollingSeconds: 0.5 } });
    app = await createApp(runtime.services, { logLevel: "silent", responseCache: false });
    endpointB = await app.listen(0, "127.0.0.1");
    users = await usersByRole(a);
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await a?.close();
  });

  test("a token signed in on one instance works on the other, and revoking it on one holds on both", async () => {
    const me = `{ me { email role } }`;
    expect(dataOf(await onB(me, {}, users.EDITOR.token)).me).toEqual({ email: users.EDITOR.email, role: "EDITOR" });
    const changed = dataOf(
      await onB(
        `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`,
        { c: PASSWORD, n: "another-long-password" },
        users.EDITOR.token,
      ),
    ).changePassword;
    expectErrorCode(await a.gql(me, {}, { token: users.EDITOR.token }), "UNAUTHENTICATED");
    expect(dataOf(await a.gql(me, {}, { token: changed.token })).me.email).toBe(users.EDITOR.email);
    users.EDITOR.token = changed.token;
  });

  test("a scheduled publish runs once, whichever instance takes it", async () => {
    const client = editorialClient(a);
    const draft = await client.createSymptom(users.EDITOR.token, { name: "Twice scheduled ache", description: "Goes live later" });
    const approved = await approveItem(client, users, "SYMPTOM", draft.id, draft.version);
    const at = new Date(Date.now() + 1500);
    dataOf(
      await onB(
        `mutation($id: ID!, $at: DateTimeISO!) { schedulePublish(type: SYMPTOM, id: $id, at: $at) { jobId } }`,
        { id: approved.id, at: at.toISOString() },
        users.EDITOR.token,
      ),
    );
    await waitFor("the symptom to go live", () => liveSymptom(a, approved.slug));
    // Both workers poll every half second: give the other every chance to run it again.
    await sleep(2500);
    const audit = dataOf(
      await onB(`query($id: ID!) { auditLog(contentId: $id, first: 100) { action } }`, { id: approved.id }, users.ADMIN.token),
    ).auditLog as Array<{ action: string }>;
    expect(audit.filter((e) => e.action === "PUBLISH")).toHaveLength(1);
    expect(audit.filter((e) => /FAILED/.test(e.action))).toEqual([]);
  });
});

/**
 * An instance started with RUN_JOBS=false works no queue: it still adds jobs (a scheduled
 * publish), which the instances that work the queue run. It runs none of the queue's upkeep
 * or its cron clock (which polls a queue of its own every two seconds), so while idle it sends
 * the database nothing.
 */
describe("an instance that works no job queue", () => {
  test("sends the database nothing while idle, and its scheduled publish runs on an instance that works the queue", async () => {
    const quiet = await startTestApp({ scheduler: { work: false } });
    let worker: Runtime | undefined;
    try {
      const users = await usersByRole(quiet);
      const client = editorialClient(quiet);
      const draft = await client.createSymptom(users.EDITOR.token, { name: "Quietly scheduled ache", description: "Goes live later" });
      const approved = await approveItem(client, users, "SYMPTOM", draft.id, draft.version);
      dataOf(
        await quiet.gql(
          `mutation($id: ID!, $at: DateTimeISO!) { schedulePublish(type: SYMPTOM, id: $id, at: $at) { jobId } }`,
          { id: approved.id, at: new Date(Date.now() + 1000).toISOString() },
          { token: users.EDITOR.token },
        ),
      );

      // Every statement a connection runs moves its query_start: the job queue's connections
      // of this database (the only instance on it) run none in five seconds.
      const activity = () =>
        quiet.writer.query<Array<{ pid: number; query_start: Date | null }>>(
          `SELECT pid, query_start FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'health-cms:jobs'
           ORDER BY pid`,
        );
      const before = await activity();
      expect(before.length).toBeGreaterThan(0);
      await sleep(5000);
      expect(await activity()).toEqual(before);
      expect(await liveSymptom(quiet, approved.slug)).toBeFalsy();

      const { logins, jwtKey } = await prepareDatabase(quiet.databaseUrl, { jwtSecret: TEST_JWT_SECRET });
      worker = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 2, scheduler: { work: true, pollingSeconds: 0.5 } });
      await waitFor("the symptom to go live", () => liveSymptom(quiet, approved.slug));
    } finally {
      await worker?.close();
      await quiet.close();
    }
  });
});
