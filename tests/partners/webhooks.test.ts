import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import vm from "node:vm";
import { AddressInfo } from "node:net";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { stepOk, UPDATE_SYMPTOM } from "../helpers/editorial-workflow";
import { createSymptom, tokensByRole } from "../helpers/users";
import { Role } from "../../src/access/access";
import { signature } from "../../src/partners/webhooks/send";
import { waitFor } from "./helpers";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records what it gets; it can go down and come back on its port. */
class Receiver {
  readonly got: Received[] = [];
  private server?: http.Server;
  port = 0;

  async up(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        this.got.push({ headers: req.headers, body });
        res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  events(): Array<{ event: string; delivery: string; payload: any; signature: string; body: string }> {
    return this.got.map((r) => ({
      event: String(r.headers["x-cms-event"]),
      delivery: String(r.headers["x-cms-delivery"]),
      signature: String(r.headers["x-cms-signature"]),
      payload: JSON.parse(r.body),
      body: r.body,
    }));
  }
}

/** The verification recipe exactly as the README documents it. */
function readmeVerifier(): (body: string, header: string, secret: string) => boolean {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const block = /<!-- webhook-verify -->\s*```js\n([\s\S]*?)```\s*<!-- \/webhook-verify -->/.exec(readme);
  if (!block) throw new Error("README has no webhook-verify block");
  return vm.runInNewContext(`${block[1]}\nverifyWebhook`, { require, Buffer }) as (body: string, header: string, secret: string) => boolean;
}

const CREATE_WEBHOOK = `mutation($input: NewWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events contentTypes } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 50) {
  id eventId event status attempts lastStatusCode lastError payload attemptLog { attempt ok statusCode error durationMs responseExcerpt } } }`;

describe("webhooks", () => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const dns: Record<string, string> = {};
  beforeAll(async () => {
    app = await startTestApp({
      scheduler: { work: true, pollingSeconds: 0.5 },
      partners: { webhooks: { retryBaseMs: 300, relayIntervalMs: 200, timeoutMs: 3000, allowAddresses: ["127.0.0.1"] } },
      // Names resolve only as the test says: no DNS traffic leaves the machine.
      webhookResolver: async (host) => {
        if (!dns[host]) throw new Error("ENOTFOUND");
        return [{ address: dns[host], family: 4 }];
      },
    });
    tokens = await tokensByRole(app);
  });
  afterAll(() => app.close());

  async function register(url: string, events: string[], contentTypes?: string[]) {
    const data = dataOf(await app.gql(CREATE_WEBHOOK, { input: { url, events, contentTypes } }, { token: tokens.ADMIN }));
    return { id: data.createWebhook.webhook.id as string, secret: data.createWebhook.secret as string };
  }

  async function publishNew(name: string) {
    const created = await createSymptom(app, tokens.EDITOR, name);
    const ref = { type: "SYMPTOM", id: created.id, version: created.version };
    const item = await stepOk(app, tokens.ADMIN, "publish", ref, { override: true, reason: "webhook test" });
    return { ...ref, version: item.version as number, slug: created.slug };
  }

  it("signs every change of live content, carries no draft text, and verifies with the README's recipe", async () => {
    const receiver = await new Receiver().up();
    try {
      const hook = await register(receiver.url, ["PUBLISH", "UPDATE", "UNPUBLISH", "DELETE"], ["SYMPTOM"]);
      const ref = await publishNew("Webhook symptom");
      // A draft edit changes nothing live: no event. Its text must never travel.
      const edited = dataOf(
        await app.gql(
          UPDATE_SYMPTOM,
          { id: ref.id, version: ref.version, input: { description: "SECRET DRAFT TEXT" } },
          { token: tokens.EDITOR },
        ),
      ).item;
      let item = await stepOk(app, tokens.ADMIN, "publish", { ...ref, version: edited.version }, { override: true, reason: "again" });
      item = await stepOk(app, tokens.EDITOR, "unpublish", { ...ref, version: item.version });
      item = await stepOk(app, tokens.ADMIN, "publish", { ...ref, version: item.version }, { override: true, reason: "back" });
      dataOf(
        await app.gql(
          `mutation($id: ID!, $version: Int!) { deleteSymptom(id: $id, version: $version) { deleted } }`,
          { id: ref.id, version: item.version },
          { token: tokens.EDITOR },
        ),
      );

      await waitFor("five events", async () => receiver.got.length >= 5);
      // Deliveries run in parallel, so they may arrive in any order; occurredAt orders them.
      const events = receiver.events().sort((a, b) => a.payload.occurredAt.localeCompare(b.payload.occurredAt));
      expect(events.map((e) => e.event)).toEqual(["PUBLISH", "UPDATE", "UNPUBLISH", "PUBLISH", "DELETE"]);
      const verify = readmeVerifier();
      for (const e of events) {
        expect(verify(e.body, e.signature, hook.secret)).toBe(true);
        expect(verify(e.body.replace("SYMPTOM", "CONDITION"), e.signature, hook.secret)).toBe(false);
        expect(verify(e.body, e.signature, hook.secret + "x")).toBe(false);
        expect(e.payload.event).toBe(e.event);
        expect(e.payload.item).toMatchObject({ type: "SYMPTOM", id: ref.id, slug: ref.slug, slugs: { en: ref.slug } });
        expect(Object.keys(e.payload).sort()).toEqual(["event", "id", "item", "occurredAt"]);
        expect(Object.keys(e.payload.item).sort()).toEqual(["id", "nextReviewDueAt", "publishedAt", "slug", "slugs", "type", "version"]);
        expect(e.body).not.toMatch(/SECRET DRAFT TEXT|Webhook symptom/);
      }
      expect(events[0].payload.item.version).toBe(ref.version);
      expect(new Set(events.map((e) => e.delivery)).size).toBe(5);
      // A stale signature is refused by the recipe: replaying a captured request later fails.
      const old = Math.floor(Date.now() / 1000) - 3600;
      expect(verify(events[0].body, signature(hook.secret, events[0].body, old), hook.secret)).toBe(false);
    } finally {
      await receiver.down();
    }
  });

  it("gets every event to a receiver that was down for a while, with each attempt in the log; replays", async () => {
    const receiver = await new Receiver().up();
    await receiver.down();
    const hook = await register(receiver.url, ["PUBLISH"]);
    const published = [await publishNew("Down 1"), await publishNew("Down 2"), await publishNew("Down 3")];
    const attempts = async () =>
      app.writer.query<Array<{ attempts: number }>>(`SELECT attempts FROM cms.webhook_delivery WHERE endpoint_id = $1`, [hook.id]);
    await waitFor("two failed attempts each", async () => {
      const rows = await attempts();
      return rows.length === 3 && rows.every((r) => r.attempts >= 2);
    });
    await receiver.up();
    await waitFor(
      "every delivery",
      async () => {
        const rows = dataOf(await app.gql(DELIVERIES, { id: hook.id }, { token: tokens.ADMIN })).webhookDeliveries;
        return rows.every((d: { status: string }) => d.status === "DELIVERED") && rows;
      },
      30_000,
    );
    const ids = new Set(receiver.events().map((e) => e.payload.item.id));
    for (const item of published) expect(ids).toContain(item.id);

    const deliveries = dataOf(await app.gql(DELIVERIES, { id: hook.id }, { token: tokens.ADMIN })).webhookDeliveries;
    expect(deliveries).toHaveLength(3);
    for (const d of deliveries) {
      const log = d.attemptLog;
      expect(log.length).toBeGreaterThanOrEqual(3);
      expect(
        log.slice(0, -1).every((a: { ok: boolean; statusCode: number | null; error: string }) => !a.ok && a.statusCode === null && a.error),
      ).toBe(true);
      expect(log.at(-1)).toMatchObject({ ok: true, statusCode: 200, responseExcerpt: "thanks" });
      expect(d.attempts).toBe(log.length);
    }

    // Replay: the same event again, as a new delivery.
    const before = receiver.got.length;
    const replay = dataOf(
      await app.gql(
        `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id eventId status } }`,
        { id: deliveries[0].id },
        { token: tokens.ADMIN },
      ),
    ).replayWebhookDelivery;
    expect(replay.eventId).toBe(deliveries[0].eventId);
    expect(replay.id).not.toBe(deliveries[0].id);
    await waitFor("the replay", async () => receiver.got.length > before);
    const last = receiver.events().at(-1)!;
    expect(last.delivery).toBe(replay.id);
    expect(last.payload.id).toBe(deliveries[0].eventId);
    await receiver.down();
  });

  it("announces reviews that fall due, for the types asked for", async () => {
    const receiver = await new Receiver().up();
    try {
      // Whatever fell due before (the seed is due from its import) is announced to nobody.
      await app.runtime.services.partners!.worker!.scanReviewsDue();
      await register(receiver.url, ["REVIEW_DUE"], ["CONDITION"]);
      const [condition] = await app.writer.query(`SELECT id FROM live.condition ORDER BY id LIMIT 1`);
      const [treatment] = await app.writer.query(`SELECT id FROM live.treatment ORDER BY id LIMIT 1`);
      for (const table of ["condition", "treatment"]) {
        const id = table === "condition" ? condition.id : treatment.id;
        await app.writer.query(`UPDATE live.${table} SET next_review_due_at = clock_timestamp() WHERE id = $1`, [id]);
      }
      await app.runtime.services.partners!.worker!.scanReviewsDue();
      await waitFor("the review-due event", async () => receiver.got.length >= 1);
      // A second scan covers only the time since the first: no repeat.
      await app.runtime.services.partners!.worker!.scanReviewsDue();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.events().map((e) => [e.event, e.payload.item.type, e.payload.item.id])).toEqual([
        ["REVIEW_DUE", "CONDITION", condition.id],
      ]);
    } finally {
      await receiver.down();
    }
  });

  it("checks the target's addresses again before each attempt and connects to the address it checked", async () => {
    const receiver = await new Receiver().up();
    try {
      dns["partner.test"] = "127.0.0.1";
      const hook = await register(`http://partner.test:${receiver.port}/hook`, ["PUBLISH"]);
      await publishNew("Pinned");
      await waitFor("the first event", async () => receiver.got.length >= 1);
      expect(receiver.got[0].headers.host).toBe(`partner.test:${receiver.port}`);

      // The name now points inside the network (DNS rebinding): nothing is sent.
      dns["partner.test"] = "10.0.0.1";
      await publishNew("Rebound");
      const refused = await waitFor("a refused attempt", async () => {
        const rows = dataOf(await app.gql(DELIVERIES, { id: hook.id }, { token: tokens.ADMIN })).webhookDeliveries;
        return rows.find((d: { attemptLog: Array<{ error: string | null }> }) => d.attemptLog.some((a) => a.error?.startsWith("refused")));
      });
      expect(refused.attemptLog[0]).toMatchObject({ ok: false, statusCode: null });
      expect(refused.attemptLog[0].error).toMatch(/10\.0\.0\.1/);
      expect(receiver.got).toHaveLength(1);
    } finally {
      await receiver.down();
    }
  });

  it("follows no redirect and keeps only the start of an answer", async () => {
    const receiver = await new Receiver().up();
    const redirecting = http.createServer((_req, res) => {
      res.writeHead(307, { location: receiver.url }).end("x".repeat(5000));
    });
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
    try {
      const hook = await register(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hook`, ["PUBLISH"]);
      await publishNew("Redirected");
      const delivery = await waitFor("an attempt", async () => {
        const rows = dataOf(await app.gql(DELIVERIES, { id: hook.id }, { token: tokens.ADMIN })).webhookDeliveries;
        return rows[0]?.attemptLog.length ? rows[0] : null;
      });
      expect(delivery.attemptLog[0]).toMatchObject({ ok: false, statusCode: 307, error: "HTTP 307" });
      expect(delivery.attemptLog[0].responseExcerpt.length).toBeLessThanOrEqual(500);
      expect(delivery.status).toBe("PENDING");
      expect(receiver.got).toHaveLength(0);
    } finally {
      redirecting.closeAllConnections();
      redirecting.close();
      await receiver.down();
    }
  });

  it("refuses internal targets at registration, without sending anything", async () => {
    const receiver = await new Receiver().up();
    let connections = 0;
    const counting = http.createServer().on("connection", () => connections++);
    await new Promise<void>((resolve) => counting.listen(0, "::1", resolve));
    const port = (counting.address() as AddressInfo).port;
    try {
      // This server allows 127.0.0.1 alone; everything else internal stays refused.
      for (const url of [
        `http://[::1]:${port}/`,
        `http://0.0.0.0:${receiver.port}/`,
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://[::]/",
        "ftp://partner.example/",
        "http://user:pass@partner.test/",
        "http://unknown.test/",
      ]) {
        const answer = await app.gql(CREATE_WEBHOOK, { input: { url, events: ["PUBLISH"] } }, { token: tokens.ADMIN });
        const error = expectErrorCode(answer, "BAD_USER_INPUT");
        expect(error.message).toMatch(/refused/);
      }
      expect(connections).toBe(0);
      expect(receiver.got).toHaveLength(0);
      expectErrorCode(
        await app.gql(CREATE_WEBHOOK, { input: { url: receiver.url, events: ["PUBLISH"] } }, { token: tokens.EDITOR }),
        "FORBIDDEN",
      );
    } finally {
      counting.close();
      await receiver.down();
    }
  });
});
