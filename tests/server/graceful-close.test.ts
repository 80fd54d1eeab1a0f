import { createApp } from "../../src/server/app";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

describe("graceful close", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("lets requests in flight finish, then refuses new connections", async () => {
    const server = await createApp(app.runtime.services, { logLevel: "silent" });
    const endpoint = await server.listen(0, "127.0.0.1");
    const arrived = new Promise<void>((resolve) => server.server.once("request", () => resolve()));
    const inFlight = fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ condition(slug: "sciatica") { name symptoms { slug } } }` }),
    });
    await arrived;
    const closed = server.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(dataOf((await res.json()) as any).condition.symptoms.length).toBeGreaterThan(0);
    await closed;
    await expect(fetch(endpoint)).rejects.toThrow();
  });
});
