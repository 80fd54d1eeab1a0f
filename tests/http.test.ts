import { formatError } from "../src/server/app";
import { startTestApp, TestApp } from "./helpers/test-app";

describe("HTTP server", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  it("answers GET /healthz after checking the database", async () => {
    const res = await fetch(app.endpoint.replace(/graphql$/, "healthz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("serves queries over GET too (cacheable by CDNs)", async () => {
    const res = await fetch(`${app.endpoint}?query=${encodeURIComponent("{ conditions { totalCount } }")}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { conditions: { totalCount: 0 } } });
  });

  it("rejects malformed JSON with 400 and a code", async () => {
    const res = await fetch(app.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("answers unknown paths with 404", async () => {
    const res = await fetch(app.endpoint.replace(/graphql$/, "elsewhere"));
    expect(res.status).toBe(404);
  });

  it("reports invalid queries with GRAPHQL_VALIDATION_FAILED, not a stack trace", async () => {
    const response = await app.gql("{ condition(slug: 1) { nope } }");
    expect(response.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(response)).not.toContain("stacktrace");
  });

  it("masks unexpected errors and keeps known ones", () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const masked = formatError({ message: "relation \"secret\" does not exist", extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["x"] } }, new Error("db"));
    expect(masked).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(spy).toHaveBeenCalled();
    const kept = formatError({ message: "bad first", extensions: { code: "BAD_USER_INPUT", stacktrace: ["x"] } }, null);
    expect(kept).toEqual({ message: "bad first", extensions: { code: "BAD_USER_INPUT" } });
    spy.mockRestore();
  });
});
