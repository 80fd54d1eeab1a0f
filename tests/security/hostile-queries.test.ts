import { queryLimitsFromEnv } from "../../src/config/config";
import { App, createApp } from "../../src/server/app";
import { dataOf, expectErrorCode, GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";

/** `conditions(first: 1) { edges { node { symptoms { conditions { ... n times` */
function nestedLinks(levels: number): string {
  let inner = "slug";
  for (let i = 0; i < levels; i++) inner = `symptoms { conditions { ${inner} } }`;
  return `{ conditions(first: 1) { edges { node { ${inner} } } } }`;
}

const PAGE = `{ condition(slug: "sciatica") { name symptoms { slug } treatmentLinks { order treatment { slug } } } }`;

const HOSTILE: Array<{ name: string; query: string; variables?: Record<string, unknown>; code: string; limit?: string }> = [
  { name: "depth 50", query: nestedLinks(24), code: "GRAPHQL_VALIDATION_FAILED", limit: "depth" },
  { name: "nested links, 8 levels", query: nestedLinks(8), code: "GRAPHQL_VALIDATION_FAILED" },
  {
    name: "nested links within the depth limit",
    query: `{ condition(slug: "sciatica") { symptoms { conditions { symptoms { conditions { slug } } } } } }`,
    code: "GRAPHQL_VALIDATION_FAILED",
    limit: "cost",
  },
  {
    name: "1,000 aliases",
    query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(" ")} }`,
    code: "GRAPHQL_PARSE_FAILED",
  },
  {
    name: "16 aliases",
    query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: conditions { totalCount }`).join(" ")} }`,
    code: "GRAPHQL_VALIDATION_FAILED",
    limit: "aliases",
  },
  {
    name: "first: 1000000000",
    query: `{ conditions(first: 1000000000) { edges { node { slug } } } }`,
    code: "GRAPHQL_VALIDATION_FAILED",
    limit: "cost",
  },
  {
    name: "first: 1000000000 in a variable",
    query: `query Big($n: Int) { conditions(first: $n) { edges { node { slug } } } }`,
    variables: { n: 1000000000 },
    code: "GRAPHQL_VALIDATION_FAILED",
    limit: "cost",
  },
  {
    name: "circular fragments",
    query: `{ conditions { ...A } } fragment A on ConditionConnection { edges { node { symptoms { conditions { ...B } } } } } fragment B on ConditionConnection { ...A }`,
    code: "GRAPHQL_VALIDATION_FAILED",
  },
  {
    name: "many directives",
    query: `{ conditions { totalCount ${"@include(if: true) ".repeat(30)} } }`,
    code: "GRAPHQL_VALIDATION_FAILED",
    limit: "directives",
  },
];

describe("hostile queries are refused before anything runs", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it.each(HOSTILE)("$name: refused with a stable code and no SQL", async ({ query, variables, code, limit }) => {
    let response!: GraphQLResponse;
    const statements = await app.countStatements(async () => {
      response = await app.gql(query, variables);
    });
    expect(statements).toBe(0);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    const error = expectErrorCode(response, code);
    if (limit) expect(error.extensions?.limit).toBe(limit);
  });

  it("answers normal traffic correctly while hostile queries arrive alongside", async () => {
    const normal = Array.from({ length: 20 }, () => app.gql(PAGE));
    const hostile = Array.from({ length: 20 }, (_, i) => app.gql(HOSTILE[i % HOSTILE.length].query, HOSTILE[i % HOSTILE.length].variables));
    const [pages, refusals] = await Promise.all([Promise.all(normal), Promise.all(hostile)]);
    for (const page of pages) expect(dataOf(page).condition.symptoms.length).toBeGreaterThan(0);
    for (const refusal of refusals) expect(refusal.status).toBe(400);
  });

  it("lets the ordinary condition page and list queries through", async () => {
    dataOf(await app.gql(PAGE));
    dataOf(await app.gql(`{ conditions(first: 100) { edges { node { slug symptoms { slug } treatments { slug } } } } }`));
  });
});

describe("per-request limits", () => {
  let app: TestApp;
  const extra: App[] = [];
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    for (const a of extra) await a.close();
    await app.close();
  });

  /** A second server on the same database with other limits. */
  async function serverWith(limits: Partial<ReturnType<typeof queryLimitsFromEnv>>) {
    const other = await createApp(app.runtime.services, { logLevel: "silent", limits: { ...queryLimitsFromEnv(), ...limits } });
    extra.push(other);
    const endpoint = await other.listen(0, "127.0.0.1");
    return async (query: string): Promise<GraphQLResponse> => {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      return { ...((await res.json()) as GraphQLResponse), status: res.status };
    };
  }

  it("cuts link lists to the list cap", async () => {
    const full = dataOf(await app.gql(PAGE)).condition;
    expect(full.symptoms.length).toBeGreaterThan(2);
    const gql = await serverWith({ listCap: 2 });
    const capped = dataOf(await gql(PAGE)).condition;
    expect(capped.symptoms).toEqual(full.symptoms.slice(0, 2));
    expect(capped.treatmentLinks).toEqual(full.treatmentLinks.slice(0, 2));
  });

  it("stops resolving once the request's time budget is spent", async () => {
    const gql = await serverWith({ timeoutMs: -1 });
    let response!: GraphQLResponse;
    const statements = await app.countStatements(async () => {
      response = await gql(PAGE);
    });
    expect(statements).toBe(0);
    const error = expectErrorCode(response, "REQUEST_TIMEOUT");
    expect(error.extensions?.requestId).toEqual(expect.any(String));
  });

  it("hides introspection and field suggestions when introspection is off (NODE_ENV=production)", async () => {
    const gql = await serverWith({ introspection: false });
    expectErrorCode(await gql("{ __schema { types { name } } }"), "GRAPHQL_VALIDATION_FAILED");
    const typo = await gql("{ conditons { totalCount } }");
    expectErrorCode(typo, "GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean/);
    expect(JSON.stringify(await app.gql("{ conditons { totalCount } }"))).toMatch(/Did you mean/);
  });

  it("turns introspection off by default in production", () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      expect(queryLimitsFromEnv().introspection).toBe(false);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it("bounds every statement of the delivery and editorial pools with statement_timeout", async () => {
    expect(await app.delivery.query("SHOW statement_timeout")).toEqual([{ statement_timeout: "5s" }]);
    expect(await app.editor.query("SHOW statement_timeout")).toEqual([{ statement_timeout: "5s" }]);
  });
});
