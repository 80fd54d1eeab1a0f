import { dataOf, expectErrorCode, GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, signIn } from "../helpers/users";

/**
 * `editorialItems`: the editors' work lists, filtered, ordered and paged by the server over the
 * draft tables of every content type.
 */

const LIST = `query($filter: EditorialItemFilter, $first: Int, $after: String, $orderBy: EditorialItemOrder, $locale: String) {
  editorialItems(filter: $filter, first: $first, after: $after, orderBy: $orderBy, locale: $locale) {
    totalCount totalCountIsExact
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id type status version title createdBy updatedBy updatedAt publishedAt nextReviewDueAt live liveVersion } }
  }
}`;

const FULL = `id type status version slug title locale live liveVersion createdBy updatedBy updatedAt publishedAt
  reviewedBy lastReviewedAt nextReviewDueAt reviewStatus content links translations { locale slug title }`;

const STEP = (field: string, extra = "") =>
  `mutation($type: ContentType!, $id: ID!, $version: Int!${extra ? ", " + extra : ""}) {
    item: ${field}(type: $type, id: $id, version: $version${extra ? ", nextReviewDueAt: $due" : ""}) { id version status }
  }`;

interface Node {
  id: string;
  type: string;
  status: string;
  title: string;
  createdBy: string | null;
  updatedBy: string | null;
  updatedAt: string;
  nextReviewDueAt: string | null;
  live: boolean;
}

describe("editorial work lists (editorialItems)", () => {
  let app: TestApp;
  const email = (name: string) => `${name}@work-lists.example.org`;
  let ada: string; // EDITOR
  let ben: string; // EDITOR
  let rita: string; // REVIEWER
  let adminA: string;
  let adminB: string;

  async function list(token: string, variables: Record<string, unknown>): Promise<GraphQLResponse> {
    return app.gql(LIST, variables, { token });
  }
  async function page(token: string, variables: Record<string, unknown>) {
    return dataOf(await list(token, variables)).editorialItems as {
      totalCount: number;
      totalCountIsExact: boolean;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ cursor: string; node: Node }>;
    };
  }
  const titles = (p: { edges: Array<{ node: Node }> }) => p.edges.map((e) => e.node.title);

  async function step(token: string, field: string, item: { id: string; version: number }, due?: string) {
    return dataOf(
      await app.gql(
        STEP(field, due ? "$due: DateTimeISO" : ""),
        { type: "SYMPTOM", id: item.id, version: item.version, ...(due ? { due } : {}) },
        { token },
      ),
    ).item as { id: string; version: number; status: string };
  }

  async function createCondition(token: string, name: string) {
    return dataOf(
      await app.gql(`mutation($name: String!) { item: createCondition(input: { name: $name }) { id version } }`, { name }, { token }),
    ).item as { id: string; version: number };
  }

  const items: Record<string, { id: string; version: number }> = {};

  beforeAll(async () => {
    app = await startTestApp({ seed: false });
    ada = await signIn(app, "EDITOR", email("ada"));
    ben = await signIn(app, "EDITOR", email("ben"));
    rita = await signIn(app, "REVIEWER", email("rita"));
    adminA = await signIn(app, "ADMIN", email("admin-a"));
    adminB = await signIn(app, "ADMIN", email("admin-b"));

    // Ada: three symptom drafts and a condition; one of the drafts goes to review.
    for (const name of ["Ada draft one", "Ada draft two", "Ada 100% sure"]) items[name] = await createSymptom(app, ada, name);
    items["Ada condition"] = await createCondition(ada, "Ada condition");
    items["Ada draft two"] = await step(ada, "submitForReview", items["Ada draft two"]);
    // Ben: a draft of his, and a change to one of Ada's (Ben is its last editor, Ada its creator).
    items["Ben draft"] = await createSymptom(app, ben, "Ben draft");
    const changed = dataOf(
      await app.gql(
        `mutation($id: ID!, $version: Int!) { item: updateSymptom(id: $id, version: $version, input: { description: "Ben's words" }) { id version } }`,
        { id: items["Ada draft one"].id, version: items["Ada draft one"].version },
        { token: ben },
      ),
    ).item;
    items["Ada draft one"] = changed;
    // Admin A writes and submits an item (their own change); Admin A also submits Ben's draft (not authorship).
    items["Admin A change"] = await createSymptom(app, adminA, "Admin A change");
    items["Admin A change"] = await step(adminA, "submitForReview", items["Admin A change"]);
    items["Ben draft"] = await step(adminA, "submitForReview", items["Ben draft"]);
    // One approved with a review due soon, then published.
    items["Due soon"] = await createSymptom(app, ben, "Due soon");
    items["Due soon"] = await step(ben, "submitForReview", items["Due soon"]);
    items["Due soon"] = await step(rita, "approve", items["Due soon"], new Date(Date.now() + 10 * 86_400_000).toISOString());
    items["Due soon"] = await step(ben, "publish", items["Due soon"]);
  });
  afterAll(() => app?.close());

  it("lists every type's drafts, latest change first, with totalCount", async () => {
    const all = await page(ada, {});
    expect(all.totalCount).toBe(7);
    expect(all.totalCountIsExact).toBe(true);
    expect(all.pageInfo.hasNextPage).toBe(false);
    const times = all.edges.map((e) => Date.parse(e.node.updatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(all.edges.map((e) => e.node.type))).toEqual(new Set(["SYMPTOM", "CONDITION"]));
    expect(titles(await page(ada, { filter: { types: ["CONDITION"] } }))).toEqual(["Ada condition"]);
  });

  it("filters by status, name, author, mine, review date and live, on the server", async () => {
    expect(titles(await page(ada, { filter: { statuses: ["IN_REVIEW"] } })).sort()).toEqual(
      ["Ada draft two", "Admin A change", "Ben draft"].sort(),
    );
    expect(titles(await page(ada, { filter: { statuses: ["DRAFT", "PUBLISHED"], types: ["SYMPTOM"] } })).sort()).toEqual(
      ["Ada 100% sure", "Ada draft one", "Due soon"].sort(),
    );
    // Case-insensitive, any part of the name; % and _ are plain characters.
    expect(titles(await page(ada, { filter: { nameContains: "DRAFT" } })).sort()).toEqual(
      ["Ada draft one", "Ada draft two", "Ben draft"].sort(),
    );
    expect(titles(await page(ada, { filter: { nameContains: "100%" } }))).toEqual(["Ada 100% sure"]);
    expect((await page(ada, { filter: { nameContains: "%" } })).totalCount).toBe(1);
    expect((await page(ada, { filter: { nameContains: "_" } })).totalCount).toBe(0);
    // Mine: what I created, whoever changed it since.
    const mine = await page(ada, { filter: { mine: true } });
    expect(titles(mine).sort()).toEqual(["Ada 100% sure", "Ada condition", "Ada draft one", "Ada draft two"].sort());
    expect(mine.edges.every((e) => e.node.createdBy === email("ada"))).toBe(true);
    expect(titles(await page(ada, { filter: { mine: true, statuses: ["DRAFT"], nameContains: "draft" } }))).toEqual(["Ada draft one"]);
    expect(titles(await page(rita, { filter: { createdBy: email("ben") } })).sort()).toEqual(["Ben draft", "Due soon"].sort());
    expect(titles(await page(rita, { filter: { updatedBy: email("ben") } })).sort()).toEqual(["Ada draft one", "Due soon"].sort());
    expect(titles(await page(rita, { filter: { mine: true } }))).toEqual([]);
    // Review due: only the approved item has a date before a month from now.
    const due = await page(ada, { filter: { reviewDueBefore: new Date(Date.now() + 30 * 86_400_000).toISOString() } });
    expect(titles(due)).toEqual(["Due soon"]);
    expect(titles(await page(ada, { filter: { live: true } }))).toEqual(["Due soon"]);
    expect((await page(ada, { filter: { live: false } })).totalCount).toBe(6);
  });

  it("awaitingMyReview leaves out items whose latest content change is mine (four eyes)", async () => {
    const forA = titles(await page(adminA, { filter: { awaitingMyReview: true } })).sort();
    // Admin A wrote "Admin A change": not waiting for them. Submitting Ben's draft made no content change.
    expect(forA).toEqual(["Ada draft two", "Ben draft"].sort());
    const forB = titles(await page(adminB, { filter: { awaitingMyReview: true } })).sort();
    expect(forB).toEqual(["Ada draft two", "Admin A change", "Ben draft"].sort());
    expect(titles(await page(rita, { filter: { awaitingMyReview: true } })).sort()).toEqual(forB);

    // The list agrees with the sign-off rule: what it leaves out, approve refuses.
    const own = await app.gql(
      STEP("approve"),
      { type: "SYMPTOM", id: items["Admin A change"].id, version: items["Admin A change"].version },
      { token: adminA },
    );
    expectErrorCode(own, "FORBIDDEN");
  });

  it("pages with cursors: every item once, in a stable order, whatever the page size", async () => {
    const expected = (await page(ada, { first: 100 })).edges.map((e) => e.node.id);
    for (const size of [1, 3]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < 10; n++) {
        const p = await page(ada, { first: size, after });
        expect(p.totalCount).toBe(7);
        expect(p.edges.length).toBeLessThanOrEqual(size);
        seen.push(...p.edges.map((e) => e.node.id));
        if (!p.pageInfo.hasNextPage) break;
        expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
        after = p.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    }
    // Other orders page the same way: soonest review first, the undated last.
    const dues: Array<string | null> = [];
    let after: string | null = null;
    for (let n = 0; n < 10; n++) {
      const p = await page(ada, { first: 2, after, orderBy: "REVIEW_DUE_ASC" });
      dues.push(...p.edges.map((e) => e.node.nextReviewDueAt));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(dues).toHaveLength(7);
    expect(dues[0]).not.toBeNull();
    expect(dues.slice(1).every((d) => d === null)).toBe(true);
    const published = await page(ada, { first: 1, orderBy: "PUBLISHED_DESC" });
    expect(titles(published)).toEqual(["Due soon"]);
  });

  it("a node is the item editorialItem returns: content, translations and links", async () => {
    const condition = items["Ada condition"];
    const linked = dataOf(
      await app.gql(
        `mutation($id: ID!, $version: Int!, $target: ID!) {
          item: setLinks(type: CONDITION, id: $id, version: $version, kind: CONDITION_SYMPTOMS, links: [{ id: $target, note: "Often" }]) { version }
        }`,
        { id: condition.id, version: condition.version, target: items["Ada 100% sure"].id },
        { token: ada },
      ),
    ).item;
    items["Ada condition"] = { id: condition.id, version: linked.version };
    const listed = dataOf(
      await app.gql(`query { editorialItems(filter: { types: [CONDITION] }) { edges { node { ${FULL} } } } }`, {}, { token: ada }),
    ).editorialItems.edges[0].node;
    const single = dataOf(
      await app.gql(`query($id: ID!) { editorialItem(type: CONDITION, id: $id) { ${FULL} } }`, { id: condition.id }, { token: ada }),
    ).editorialItem;
    expect(listed).toEqual(single);
    expect((listed.links.conditionSymptom as Array<{ note: string }>)[0].note).toBe("Often");
  });

  it("costs the same number of statements for a page of 2 or of 20, with its count, content and links", async () => {
    for (let i = 0; i < 20; i++) await createSymptom(app, ben, `Bulk ${i}`);
    const query = `query($first: Int) { editorialItems(first: $first) { totalCount edges { node { ${FULL} } } } }`;
    let small: any;
    let big: any;
    const smallCount = await app.countStatements(async () => (small = dataOf(await app.gql(query, { first: 2 }, { token: rita }))));
    const bigCount = await app.countStatements(async () => (big = dataOf(await app.gql(query, { first: 20 }, { token: rita }))));
    expect(small.editorialItems.edges).toHaveLength(2);
    expect(big.editorialItems.edges).toHaveLength(20);
    expect(big.editorialItems.totalCount).toBe(27);
    expect(bigCount).toBe(smallCount);
    // The page and its count, whatever the number of content types (plus what signing the request in costs).
    const countOnly = await app.countStatements(() => app.gql(`{ editorialItems(first: 1) { totalCount } }`, {}, { token: rita }));
    expect(countOnly).toBe(smallCount);
    const pageOnly = await app.countStatements(() =>
      app.gql(`{ editorialItems(first: 20) { edges { node { id } } } }`, {}, { token: rita }),
    );
    expect(pageOnly).toBe(smallCount - 1);
  });

  it("is for signed-in editorial users only", async () => {
    expectErrorCode(await app.gql(LIST, {}), "UNAUTHENTICATED");
    for (const token of [ada, rita, adminA]) expect((await page(token, { first: 1 })).edges).toHaveLength(1);
  });

  it("refuses bad input with BAD_USER_INPUT", async () => {
    const bad = async (variables: Record<string, unknown>) => expectErrorCode(await list(ada, variables), "BAD_USER_INPUT");
    await bad({ first: 101 });
    await bad({ first: -1 });
    await bad({ after: "not-a-cursor" });
    await bad({ filter: { nameContains: "x".repeat(201) } });
    await bad({ filter: { createdBy: "x".repeat(321) } });
    await bad({ filter: { mine: true, createdBy: email("ada") } });
    await bad({ filter: { types: [] } });
    await bad({ filter: { statuses: [] } });
    await bad({ filter: { statuses: ["NOT_A_STATUS"] } });
    await bad({ locale: "not a locale" });
    // A cursor of one order is refused by another, and a forged position is refused too.
    const cursor = (await page(ada, { first: 1 })).pageInfo.endCursor;
    await bad({ after: cursor, orderBy: "REVIEW_DUE_ASC" });
    const forged = Buffer.from(JSON.stringify(["editorial:UPDATED_DESC", "yesterday", items["Ben draft"].id])).toString("base64url");
    await bad({ after: forged });
  });
});
