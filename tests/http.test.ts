import { formatError } from "../src/server/app";
import { startTestApp, TestApp } from "./helpers/test-app";

describe("HTTP server", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  const url = (path: string) => app.endpoint.replace(/graphql$/, path);

  it("answers GET /healthz from the process alone", async () => {
    const res = await fetch(url("healthz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers GET /readyz once the database answers and every migration is applied", async () => {
    const res = await fetch(url("readyz"));
    expect(await res.json()).toEqual({ status: "ready" });
    expect(res.status).toBe(200);
  });

  it("answers /readyz with 503 while a migration of this build is missing", async () => {
    // The editorial login may read the migrations table only where granted; grant it here.
    await app.writer.query("GRANT SELECT ON public.cms_migrations TO cms_editor");
    const [[last]] = await app.writer.query(
      "DELETE FROM public.cms_migrations WHERE id = (SELECT max(id) FROM public.cms_migrations) RETURNING *",
    );
    try {
      const res = await fetch(url("readyz"));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", reason: "migrations pending", pending: [last.name] });
    } finally {
      await app.writer.query("INSERT INTO public.cms_migrations (timestamp, name) VALUES ($1, $2)", [last.timestamp, last.name]);
    }
    expect((await fetch(url("readyz"))).status).toBe(200);
  });

  it("exports Prometheus metrics: requests by operation, errors by code, pool use", async () => {
    await app.gql("query Probe { conditions { totalCount } }");
    await app.gql("{ nope }");
    const text = await (await fetch(url("metrics"))).text();
    expect(text).toMatch(/graphql_requests_total\{operation="Probe",status="200"\} [1-9]/);
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="Probe"\} [1-9]/);
    expect(text).toMatch(/graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
    expect(text).toMatch(/db_pool_connections\{pool="delivery"\} [1-9]/);
  });

  it("keeps answers to signed-in or preview requests out of shared caches, and tags GET answers with an ETag", async () => {
    const preview = await fetch(app.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "x-preview": "true" },
      body: JSON.stringify({ query: "{ conditions { totalCount } }" }),
    });
    expect(preview.headers.get("cache-control")).toBe("private, no-store");
    const get = await fetch(`${app.endpoint}?query=${encodeURIComponent("{ conditions { totalCount } }")}`);
    // This server runs without the response cache: nothing may store its answers either.
    expect(get.headers.get("cache-control")).toBe("no-store");
    const tag = get.headers.get("etag");
    expect(tag).toBeTruthy();
    const again = await fetch(`${app.endpoint}?query=${encodeURIComponent("{ conditions { totalCount } }")}`, {
      headers: { "if-none-match": tag! },
    });
    expect(again.status).toBe(304);
  });

  it("refuses bodies over the limit with 413 and PAYLOAD_TOO_LARGE", async () => {
    const big = "x".repeat(1_000_000);
    const res = await fetch(app.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query Q($s: String!) { condition(slug: $s) { id } }", variables: { s: big } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
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
    const masked = formatError(
      { message: 'relation "secret" does not exist', extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["x"] } },
      new Error("db"),
    );
    expect(masked).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    const kept = formatError({ message: "bad first", extensions: { code: "BAD_USER_INPUT", stacktrace: ["x"] } }, null);
    expect(kept).toEqual({ message: "bad first", extensions: { code: "BAD_USER_INPUT" } });
  });
});
