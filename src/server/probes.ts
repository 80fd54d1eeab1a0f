import type { FastifyInstance } from "fastify";
import { Services } from "./context";
import { Metrics } from "./metrics";

/**
 * Liveness says only that the process answers, so an orchestrator never restarts healthy
 * instances because the database blinked; readiness says whether to send traffic here.
 */
export function registerProbes(
  fastify: FastifyInstance,
  services: Services,
  metrics: Metrics,
  pendingMigrations?: () => Promise<string[]>,
): void {
  fastify.get("/healthz", async () => ({ status: "ok" }));

  fastify.get("/readyz", async (_request, reply) => {
    try {
      await services.content.run("SELECT 1", []);
    } catch (error) {
      fastify.log.warn({ reason: (error as Error).message }, "readiness: database unreachable");
      return reply.code(503).header("retry-after", "5").send({ status: "unavailable", reason: "database unreachable" });
    }
    const pending = pendingMigrations ? await pendingMigrations().catch((error: Error) => [`(unknown: ${error.message})`]) : [];
    if (pending.length) return reply.code(503).send({ status: "unavailable", reason: "migrations pending", pending });
    return { status: "ready" };
  });

  fastify.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
