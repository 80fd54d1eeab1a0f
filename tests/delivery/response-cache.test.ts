import { createHash } from "node:crypto";
import { prepareDatabase } from "../../src/db/prepare";
import { App, createApp } from "../../src/server/app";
import { Runtime, startRuntime } from "../../src/server/boot";
import { TEST_JWT_SECRET } from "../setup/template-databases";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, tokensByRole } from "../helpers/users";
import { mayChangeLive } from "../../src/server/answer-plugin";
import { OperationDefinitionNode, parse } from "graphql";

const PAGE = `query Page($slug: String!) { condition(slug: $slug) { name symptoms { slug name } } }`;

/** A second server on the same database, as another instance behind a load balancer would be. */
async function secondInstance(app: TestApp): Promise<{ endpoint: string; close(): Promise<void> }> {
  const { logins, jwtKey } = await prepareDatabase(app.databaseUrl, { jwtSecret: TEST_JWT_SECRET });
  const runtime: Runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 2, scheduler: false });
  const server: App = await createApp(runtime.services, { logLevel: "silent", responseCache: { maxEntries: 100, maxAgeSeconds: 60 } });
  const endpoint = await server.listen(0, "127.0.0.1");
  return { endpoint, close: async () => (await server.close(), await runtime.close()) };
}

async function post(endpoint: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Polls until `check` holds, at most about 5 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await check()).toBe(true);
}

describe("response cache of published answers", () => {
  let app: TestApp;
  let other: { endpoint: string; close(): Promise<void> };
  beforeAll(async () => {
    app = await startTestApp({ responseCache: true });
    other = await secondInstance(app);
  });
  afterAll(async () => {
    await other.close();
    await app.close();
  });

  it("answers a repeated anonymous query from the cache: same bytes, no SQL, with validators and tags", async () => {
    const first = await post(app.endpoint, PAGE, { slug: "sciatica" });
    expect(first.headers.get("x-cache")).toBe("MISS");
    let second: Awaited<ReturnType<typeof post>> | undefined;
    expect(await app.countStatements(async () => (second = await post(app.endpoint, PAGE, { slug: "sciatica" })))).toBe(0);
    expect(second!.headers.get("x-cache")).toBe("HIT");
    expect(second!.text).toBe(first.text);
    expect(second!.headers.get("etag")).toBe(`"${createHash("sha1").update(first.text).digest("base64url")}"`);
    expect(second!.headers.get("cache-control")).toMatch(/^public, max-age=60, stale-while-revalidate=\d+$/);
    const tags = second!.headers.get("surrogate-key")!.split(" ");
    const sciatica = dataOf(await app.gql(`{ condition(slug: "sciatica") { id symptoms { id } } }`)).condition;
    expect(tags).toEqual(expect.arrayContaining([sciatica.id, ...sciatica.symptoms.map((s: { id: string }) => s.id)]));
    // A sign-in is a mutation too, but changes no content: the cache keeps its answers.
    await post(app.endpoint, `mutation { login(email: "nobody@example.org", password: "not-the-password") { token } }`, {});
    expect((await post(app.endpoint, PAGE, { slug: "sciatica" })).headers.get("x-cache")).toBe("HIT");
    // Nor does an editor's draft: readers cannot see it, so their answers stay cached.
    const { EDITOR } = await tokensByRole(app);
    await createSymptom(app, EDITOR);
    expect((await post(app.endpoint, PAGE, { slug: "sciatica" })).headers.get("x-cache")).toBe("HIT");
    // Other variables are another answer.
    expect((await post(app.endpoint, PAGE, { slug: "tendinitis" })).headers.get("x-cache")).toBe("MISS");
  });

  it("answers GET with a matching If-None-Match with 304 and no body", async () => {
    const url = `${app.endpoint}?query=${encodeURIComponent(PAGE)}&variables=${encodeURIComponent(JSON.stringify({ slug: "bakers-cyst" }))}`;
    const first = await fetch(url);
    const etag = first.headers.get("etag")!;
    await first.text();
    const again = await fetch(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("x-cache")).toBe("HIT");
  });

  it("serves Automatic Persisted Queries over GET from the cache, by hash alone", async () => {
    const query = `{ condition(slug: "tendinitis") { name } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") } };
    const byHash = `${app.endpoint}?extensions=${encodeURIComponent(JSON.stringify(extensions))}`;
    const unknown = await fetch(byHash);
    expect(JSON.parse(await unknown.text()).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(unknown.headers.get("cache-control")).toBe("private, no-store");
    await fetch(app.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, extensions }),
    }).then((r) => r.text());
    const first = await fetch(byHash);
    expect(JSON.parse(await first.text()).data.condition.name).toMatch(/Tendinitis/);
    const again = await fetch(byHash);
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(JSON.parse(await again.text()).data.condition.name).toMatch(/Tendinitis/);
  });

  it("never stores or serves signed-in, preview, failed or mutation answers", async () => {
    const tokens = await tokensByRole(app);
    const signedIn = { authorization: `Bearer ${tokens.EDITOR}` };
    for (const headers of [signedIn, { ...signedIn, "x-preview": "true" }]) {
      await post(app.endpoint, PAGE, { slug: "shin-splints" }, headers);
      const again = await post(app.endpoint, PAGE, { slug: "shin-splints" }, headers);
      expect(again.headers.get("x-cache")).toBeNull();
      expect(again.headers.get("cache-control")).toBe("private, no-store");
    }
    const bad = `{ condition(slug: "x") { nope } }`;
    await post(app.endpoint, bad, {});
    const failed = await post(app.endpoint, bad, {});
    expect(failed.headers.get("x-cache")).not.toBe("HIT");
    expect(failed.headers.get("cache-control")).toBe("private, no-store");
  });

  it("never serves an answer older than the last publish, on this instance or another", async () => {
    const tokens = await tokensByRole(app);
    // Warm both instances.
    for (const endpoint of [app.endpoint, other.endpoint]) {
      await post(endpoint, PAGE, { slug: "muscle-strain" });
      expect((await post(endpoint, PAGE, { slug: "muscle-strain" })).headers.get("x-cache")).toBe("HIT");
    }
    // Rename the condition and publish it through the editorial API of the first instance.
    const id = dataOf(await app.gql(`{ condition(slug: "muscle-strain") { id } }`)).condition.id;
    const draft = dataOf(
      await app.gql(`query($id: ID!) { editorialItem(type: CONDITION, id: $id) { version } }`, { id }, { token: tokens.EDITOR }),
    ).editorialItem;
    const renamed = dataOf(
      await app.gql(
        `mutation($id: ID!, $v: Int!) { updateCondition(id: $id, version: $v, input: { name: "Calf muscle strain" }) { version } }`,
        { id, v: draft.version },
        { token: tokens.EDITOR },
      ),
    ).updateCondition;
    dataOf(
      await app.gql(
        `mutation($id: ID!, $v: Int!) { publish(type: CONDITION, id: $id, version: $v, override: true, reason: "cache test") { live } }`,
        { id, v: renamed.version },
        { token: tokens.ADMIN },
      ),
    );
    const nameOn = async (endpoint: string) =>
      JSON.parse((await post(endpoint, PAGE, { slug: "muscle-strain" })).text).data.condition?.name;
    expect(await nameOn(app.endpoint)).toBe("Calf muscle strain");
    // The other instance drops its answers when the database's notice reaches it, which can trail
    // the publisher's answer by a few milliseconds on a loaded machine (with Redis: at once, see tests/cache).
    await until(async () => (await nameOn(other.endpoint)) === "Calf muscle strain");
    // Unpublishing takes it off every instance at once too.
    const published = dataOf(
      await app.gql(`query($id: ID!) { editorialItem(type: CONDITION, id: $id) { version } }`, { id }, { token: tokens.EDITOR }),
    ).editorialItem;
    for (const endpoint of [app.endpoint, other.endpoint]) await post(endpoint, PAGE, { slug: "muscle-strain" });
    dataOf(
      await app.gql(
        `mutation($id: ID!, $v: Int!) { unpublish(type: CONDITION, id: $id, version: $v) { live } }`,
        { id, v: published.version },
        { token: tokens.EDITOR },
      ),
    );
    expect(await nameOn(app.endpoint)).toBeUndefined();
    await until(async () => (await nameOn(other.endpoint)) === undefined);
  });

  it("drops what it holds when the live graph changes by any other way (a database notice)", async () => {
    await post(other.endpoint, PAGE, { slug: "flat-feet" });
    expect((await post(other.endpoint, PAGE, { slug: "flat-feet" })).headers.get("x-cache")).toBe("HIT");
    await app.writer.query(`UPDATE live.condition_translation SET name = 'Flat feet (edited in the database)' WHERE slug = 'flat-feet'`);
    // The notice arrives at commit; give the other instance's listener its turn of the event loop.
    let name = "";
    for (let i = 0; i < 50 && name !== "Flat feet (edited in the database)"; i++) {
      name = JSON.parse((await post(other.endpoint, PAGE, { slug: "flat-feet" })).text).data.condition.name;
      if (name !== "Flat feet (edited in the database)") await new Promise((r) => setTimeout(r, 20));
    }
    expect(name).toBe("Flat feet (edited in the database)");
  });
});

describe("which staff mutations empty the response cache", () => {
  const operation = (text: string) => parse(text).definitions[0] as OperationDefinitionNode;
  it.each([
    ['mutation { publish(type: SYMPTOM, id: "x", version: 1) { id } }', true],
    ["mutation { publishRelease(items: []) { id } }", true],
    ['mutation { unpublish(type: SYMPTOM, id: "x", version: 1) { id } }', true],
    ['mutation { archive(type: SYMPTOM, id: "x", version: 1) { id } }', true],
    ['mutation { deleteSymptom(id: "x") }', true],
    ['mutation { deleteTranslation(type: SYMPTOM, id: "x", locale: "es") { id } }', true],
    ['mutation { updateSymptom(id: "x", version: 1, input: {}) { id } publish(type: SYMPTOM, id: "x", version: 2) { id } }', true],
    ["mutation { ...F } fragment F on Mutation { createSymptom(input: {}) { id } }", true],
    ["mutation { somethingAddedLater }", true],
    ["mutation { createSymptom(input: {}) { id } }", false],
    [
      'mutation { updateCondition(id: "x", version: 1, input: {}) { id } setLinks(type: CONDITION, id: "x", version: 2, kind: SYMPTOMS, links: []) { id } }',
      false,
    ],
    ['mutation { submitForReview(type: SYMPTOM, id: "x", version: 1) { id } approve(type: SYMPTOM, id: "x", version: 2) { id } }', false],
    ['mutation { schedulePublish(type: SYMPTOM, id: "x", at: "2030-01-01T00:00:00Z") { id } }', false],
    ['mutation { login(email: "a@b.c", password: "p") { token } }', false],
  ])("%s -> %s", (text, expected) => {
    expect(mayChangeLive(operation(text))).toBe(expected);
  });
});
