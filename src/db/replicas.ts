import { EventEmitter } from "node:events";
import { DataSource } from "typeorm";
import { isDatabaseUnavailable } from "../common/db-errors";
import { PlanMode, preparedRunner, SqlRunner } from "./sql-runner";

/**
 * Delivery reads spread over streaming replicas (DATABASE_REPLICA_URLS), never stale after a
 * change this instance has heard of:
 * - Every change of the live graph notifies the primary's `cms_live_changed`. On a notice the
 *   router sends every read to the primary at once, reads the primary's WAL position, and
 *   takes a replica back only once it has replayed past that position. So an answer computed
 *   after a notice (the response cache stores only those) never comes from a replica that has
 *   not seen the change; reads that started before it are not stored anyway.
 * - A replica that fails (connection refused, shut down, a conflict with recovery) is left
 *   out and its statement runs on the primary: delivery fails over to the primary and comes
 *   back to the replica once it answers and has caught up again.
 * - A replica that does not answer when the server starts is connected later by the replay
 *   checks (an attempt every few seconds), and takes reads once it has caught up: no restart.
 * - Between notices, a replica may lag the primary by its replay delay, as any replica does:
 *   only changes this instance has not heard of yet can be missing, for that long.
 */
interface Replica {
  name: string;
  /** Null while a replica that was away at start-up is not connected yet. */
  source: DataSource | null;
  run: SqlRunner;
  /** Last WAL position seen replayed, or null when it did not answer. */
  replayed: bigint | null;
  connect?: () => Promise<DataSource>;
  connecting?: Promise<DataSource>;
  /** No connection attempt before this time (ms). */
  retryAt: number;
}

/** A replica's pool, or how to make one (initialised and checked) for a replica away at start-up. */
export type ReplicaSource = { name: string; source: DataSource } | { name: string; connect: () => Promise<DataSource> };

const CONNECT_RETRY_MS = 2000;
const unconnected: SqlRunner = async () => {
  throw new Error("replica not connected");
};

/** "16/B374D848" -> a comparable number. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt("0x" + high) << 32n) + BigInt("0x" + low);
}

/** Conflicts with recovery (40001 on a standby) and lost connections: the primary can answer instead. */
const retryOnPrimary = (error: unknown) => isDatabaseUnavailable(error) || (error as { code?: string }).code === "40001";

export class ReplicaRouter extends EventEmitter {
  private readonly replicas: Replica[];
  private readonly primaryRun: SqlRunner;
  /** The primary's WAL position when the last change was heard: replicas must replay past it. */
  private target: bigint | null = null;
  /** Notices whose WAL position is not known yet: replicas wait until there are none. */
  private pending = 0;
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly reads = { replica: 0, primary: 0 };

  constructor(
    private readonly primary: DataSource,
    replicas: ReplicaSource[],
    private readonly pollMs = 100,
  ) {
    super();
    this.primaryRun = preparedRunner(primary);
    this.replicas = replicas.map((r) =>
      "source" in r
        ? { name: r.name, source: r.source, run: preparedRunner(r.source), replayed: null, retryAt: 0 }
        : { name: r.name, source: null, run: unconnected, replayed: null, connect: r.connect, retryAt: 0 },
    );
  }

  /** Starts the replay checks; reads use the primary until a replica has caught up. */
  start(): void {
    this.changed();
    this.schedule();
  }

  /** A change was heard (or notices may have been missed): the primary serves until replicas catch up. */
  changed(): void {
    this.pending++;
    this.primary
      .query(`SELECT pg_current_wal_lsn()::text AS lsn`)
      .then((rows: Array<{ lsn: string }>) => {
        const lsn = parseLsn(rows[0].lsn);
        this.target = this.target === null || lsn > this.target ? lsn : this.target;
        this.pending--;
        return this.check();
      })
      .catch(() => {
        // The primary did not answer: this notice stays pending (reads stay on the primary,
        // whose errors reach the clients) and its position is asked for again.
        setTimeout(() => {
          if (this.stopped) return;
          this.pending--;
          this.changed();
        }, 500).unref();
      });
  }

  private usable(r: Replica): boolean {
    return this.pending === 0 && r.replayed !== null && this.target !== null && r.replayed >= this.target;
  }

  private async check(): Promise<void> {
    await Promise.all(
      this.replicas.map(async (r) => {
        try {
          const source = r.source ?? (await this.connect(r));
          if (!source) return;
          const rows: Array<{ lsn: string | null }> = await source.query(`SELECT pg_last_wal_replay_lsn()::text AS lsn`);
          // Null on a server that is not in recovery: promoted, it is no replica any more.
          r.replayed = rows[0].lsn === null ? null : parseLsn(rows[0].lsn);
        } catch {
          r.replayed = null;
        }
      }),
    );
  }

  /** One attempt (at most every CONNECT_RETRY_MS) at connecting a replica that was away; null if it is still away. */
  private async connect(r: Replica): Promise<DataSource | null> {
    if (!r.connect || r.connecting || Date.now() < r.retryAt) return null;
    r.retryAt = Date.now() + CONNECT_RETRY_MS;
    r.connecting = r.connect();
    try {
      const source = await r.connecting;
      if (this.stopped) {
        await source.destroy().catch(() => undefined);
        return null;
      }
      r.source = source;
      r.run = preparedRunner(source);
      this.emit("replicaConnected", r.name);
      return source;
    } catch {
      return null;
    } finally {
      r.connecting = undefined;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    // Often while a replica is behind or away, seldom once all have caught up.
    const waiting = this.pending > 0 || this.replicas.some((r) => !this.usable(r));
    this.timer = setTimeout(
      () => {
        this.check()
          .catch(() => undefined)
          .finally(() => this.schedule());
      },
      waiting ? this.pollMs : 2000,
    );
    this.timer.unref();
  }

  /** The runner delivery's ContentService uses: a caught-up replica, else the primary. */
  readonly run: SqlRunner = async <T>(text: string, values: unknown[], plan?: PlanMode): Promise<T[]> => {
    for (let i = 0; i < this.replicas.length; i++) {
      const r = this.replicas[(this.next + i) % this.replicas.length];
      if (!this.usable(r)) continue;
      this.next = (this.next + i + 1) % this.replicas.length;
      try {
        const rows = await r.run<T>(text, values, plan);
        this.reads.replica++;
        return rows;
      } catch (error) {
        if (!retryOnPrimary(error)) throw error;
        r.replayed = null;
        this.emit("replicaFailed", r.name, error);
        break;
      }
    }
    this.reads.primary++;
    return this.primaryRun<T>(text, values, plan);
  };

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(
      this.replicas.map(async (r) => {
        await r.connecting?.then((source) => source.destroy()).catch(() => undefined);
        await r.source?.destroy().catch(() => undefined);
      }),
    );
  }
}

/**
 * The delivery login's URL on a replica: a replica has the primary's roles and passwords, so
 * only the host, port and database come from the replica URL (its user too, when it names one).
 */
export function replicaLoginUrl(deliveryUrl: string, replicaUrl: string): string {
  const login = new URL(deliveryUrl);
  const replica = new URL(replicaUrl);
  login.hostname = replica.hostname;
  login.port = replica.port;
  if (replica.pathname && replica.pathname !== "/") login.pathname = replica.pathname;
  if (replica.username) {
    login.username = replica.username;
    login.password = replica.password;
  }
  for (const [key, value] of replica.searchParams) login.searchParams.set(key, value);
  return login.toString();
}
