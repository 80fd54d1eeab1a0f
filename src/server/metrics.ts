import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DataSource } from "typeorm";

/** pg's pool counters, reached through TypeORM's driver. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function poolOf(dataSource: DataSource): PgPool | undefined {
  return (dataSource.driver as unknown as { master?: PgPool }).master;
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/**
 * Prometheus metrics of one server. A registry of its own (not prom-client's global one), so
 * that several servers in one process (the tests) do not collide.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly requests: Counter<"operation" | "status">;
  private readonly latency: Histogram<"operation">;
  private readonly errors: Counter<"code">;
  /** Answers written from the planned item without GraphQL execution (src/delivery/direct.ts). */
  readonly directAnswers: Counter;

  constructor(pools: Record<string, DataSource> = {}) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: "graphql_requests_total",
      help: "GraphQL requests by operation name and HTTP status",
      labelNames: ["operation", "status"],
      registers,
    });
    this.latency = new Histogram({
      name: "graphql_request_duration_seconds",
      help: "GraphQL request latency by operation name",
      labelNames: ["operation"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: "graphql_errors_total", help: "GraphQL errors by extensions.code", labelNames: ["code"], registers });
    this.directAnswers = new Counter({
      name: "graphql_direct_answers_total",
      help: "Item queries answered from the planned item without GraphQL execution",
      registers,
    });
    const pool = (name: string, help: string, read: (p: PgPool) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ["pool"],
        registers,
        collect() {
          for (const [label, ds] of Object.entries(pools)) {
            const p = ds.isInitialized ? poolOf(ds) : undefined;
            if (p) this.set({ pool: label }, read(p));
          }
        },
      });
    pool("db_pool_connections", "Open connections per pool", (p) => p.totalCount);
    pool("db_pool_idle_connections", "Idle connections per pool", (p) => p.idleCount);
    pool("db_pool_waiting_requests", "Queries waiting for a connection per pool", (p) => p.waitingCount);
  }

  /** Client-chosen names are labels only while they look like names and stay few. */
  private label(operation: string | null | undefined): string {
    if (!operation) return "anonymous";
    if (!OPERATION_NAME.test(operation)) return "invalid";
    if (!this.names.has(operation)) {
      if (this.names.size >= MAX_OPERATION_NAMES) return "other";
      this.names.add(operation);
    }
    return operation;
  }

  observe(operation: string | null | undefined, status: number, seconds: number, codes: string[]): void {
    const label = this.label(operation);
    this.requests.inc({ operation: label, status: String(status) });
    this.latency.observe({ operation: label }, seconds);
    for (const code of codes) this.errors.inc({ code });
  }
}
