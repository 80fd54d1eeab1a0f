import { App, createApp } from "../../src/server/app";
import { GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";
import { signIn } from "../helpers/users";

describe("unexpected errors: masked for clients, detailed in the log", () => {
  let app: TestApp;
  let logged: App;
  let endpoint: string;
  const lines: Array<Record<string, any>> = [];

  beforeAll(async () => {
    app = await startTestApp();
    logged = await createApp(app.runtime.services, { logLevel: "info", logStream: { write: (line) => lines.push(JSON.parse(line)) } });
    endpoint = await logged.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await logged.close();
    await app.close();
  });

  async function post(query: string, token?: string): Promise<GraphQLResponse & { requestIdHeader: string | null }> {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { ...((await res.json()) as GraphQLResponse), status: res.status, requestIdHeader: res.headers.get("x-request-id") };
  }

  it("answers INTERNAL_SERVER_ERROR with a request id and logs the cause under that id", async () => {
    const token = await signIn(app, "EDITOR");
    const [[user]] = await Promise.all([app.writer.query("SELECT id FROM cms.app_user ORDER BY created_at DESC LIMIT 1")]);
    // A fault the API cannot foresee: its role loses the right to read a live table.
    await app.writer.query("REVOKE SELECT ON live.condition FROM cms_delivery");
    let response: Awaited<ReturnType<typeof post>>;
    try {
      response = await post("query BrokenList { conditions { totalCount } }", token);
    } finally {
      await app.writer.query("GRANT SELECT ON live.condition TO cms_delivery");
    }
    expect(response.status).toBe(200);
    const [error] = response.errors!;
    expect(error).toEqual({
      message: "Internal server error",
      locations: [{ line: 1, column: 20 }],
      path: ["conditions"],
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: response.requestIdHeader },
    });
    expect(JSON.stringify(response)).not.toMatch(/permission|SELECT|live\.|\.ts:|node_modules|stack/i);

    const detail = lines.find((l) => l.msg === "unexpected error" && l.requestId === response.requestIdHeader)!;
    expect(detail).toMatchObject({ level: 50, operationName: "BrokenList", userId: user.id });
    expect(detail.err.message).toMatch(/permission denied/);
    expect(detail.err.stack).toEqual(expect.any(String));
    const summary = lines.find((l) => l.msg === "graphql request" && l.requestId === response.requestIdHeader)!;
    expect(summary).toMatchObject({
      level: 30,
      operationName: "BrokenList",
      userId: user.id,
      status: 200,
      errors: ["INTERNAL_SERVER_ERROR"],
      durationMs: expect.any(Number),
    });
  });

  it("keeps a client's well-formed x-request-id and replaces one that is not", async () => {
    const mine = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "edge-42" },
      body: JSON.stringify({ query: "{ conditions { totalCount } }" }),
    });
    expect(mine.headers.get("x-request-id")).toBe("edge-42");
    const forged = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": 'x" injected=1' },
      body: JSON.stringify({ query: "{ conditions { totalCount } }" }),
    });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
