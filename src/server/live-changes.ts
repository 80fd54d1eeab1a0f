import { EventEmitter } from "node:events";
import { Client } from "pg";

/** The channel that publishing, unpublishing and deleting notify, in the same transaction. */
export const LIVE_CHANGED = "cms_live_changed";

/**
 * Hears every change of the live graph, from any instance: PostgreSQL delivers a NOTIFY at
 * the commit of the transaction that changed `live`. Emits `change` with the live table's name
 * (statement triggers: one notice per table and transaction, no item ids), and
 * `unsure` whenever notices may have been missed (the listening connection was lost), so a
 * cache can drop everything and stop storing until `listening` comes back.
 */
export class LiveChanges extends EventEmitter {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  listening = false;

  constructor(private readonly url: string) {
    super();
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: "health-cms:live-changes" });
    client.on("notification", (message) => {
      if (message.channel === LIVE_CHANGED) this.emit("change", message.payload ?? "");
    });
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANGED}`);
    this.client = client;
    this.listening = true;
    // Whatever changed while nobody listened is unknown: start from nothing.
    this.emit("unsure");
    this.emit("listening");
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    this.emit("unsure");
    if (!this.stopped) this.reconnect(500);
  }

  private reconnect(delayMs: number): void {
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch(() => {
        if (!this.stopped) this.reconnect(Math.min(delayMs * 2, 10_000));
      });
    }, delayMs);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }
}
