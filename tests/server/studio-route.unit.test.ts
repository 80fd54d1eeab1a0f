import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify, { FastifyInstance } from "fastify";
import { registerStudio, STUDIO_CSP } from "../../src/server/studio";

/** A bare server with the studio route, and `get(url)` over real HTTP. */
async function serve(root: string): Promise<{ get(url: string): Promise<Response>; close(): Promise<void> }> {
  const app: FastifyInstance = Fastify();
  await registerStudio(app, root);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return { get: (url) => fetch(`http://127.0.0.1:${port}${url}`, { redirect: "manual" }), close: () => app.close() };
}

describe("/studio", () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "studio-"));
    fs.mkdirSync(path.join(root, "assets"));
    fs.writeFileSync(path.join(root, "index.html"), '<!doctype html><script type="module" src="/studio/assets/app-1.js"></script>');
    fs.writeFileSync(path.join(root, "assets", "app-1.js"), "console.log(1)");
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("answers index.html for deep links, under the studio's strict CSP, revalidated", async () => {
    const app = await serve(root);
    for (const url of ["/studio/", "/studio/edit/symptom/123", "/studio/admin/audit"]) {
      const res = await app.get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(await res.text()).toContain("/studio/assets/app-1.js");
      expect(res.headers.get("content-security-policy")).toBe(STUDIO_CSP);
      expect(res.headers.get("cache-control")).toBe("no-cache");
    }
    expect(STUDIO_CSP).toContain("script-src 'self'");
    expect(STUDIO_CSP).not.toContain("unsafe-inline");
    expect((await app.get("/studio")).headers.get("location")).toBe("/studio/");
    await app.close();
  });

  it("serves hashed assets as immutable", async () => {
    const app = await serve(root);
    const res = await app.get("/studio/assets/app-1.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await app.close();
  });

  it("says how to build it when dist/studio is missing", async () => {
    const app = await serve(path.join(root, "missing"));
    const res = await app.get("/studio/");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("npm run build");
    await app.close();
  });
});
