import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { projectRoot } from "../config/config";

/**
 * The studio's own policy: its scripts and styles come from this server only (Vite emits no
 * inline script), it talks to /graphql on the same origin, and no other site may frame it.
 */
export const STUDIO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function studioRoot(): string {
  return path.join(projectRoot(), "dist", "studio");
}

/**
 * The editor studio at /studio: the files `npm run build` puts in dist/studio, and index.html for
 * every other path under /studio so that deep links open the app. Hashed assets are cached for
 * a year; index.html is revalidated, so a new build is picked up at once.
 */
export async function registerStudio(fastify: FastifyInstance, root = studioRoot()): Promise<void> {
  const built = fs.existsSync(path.join(root, "index.html"));
  await fastify.register(async (studio) => {
    studio.addHook("onSend", async (_request, reply) => {
      reply.header("content-security-policy", STUDIO_CSP);
    });
    studio.get("/studio", (_request, reply) => reply.redirect("/studio/"));
    if (!built) {
      studio.get("/studio/*", (_request, reply) =>
        reply.code(404).type("text/plain").send("The studio is not built: run `npm run build`."),
      );
      return;
    }
    await studio.register(fastifyStatic, {
      root,
      prefix: "/studio/",
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply, file) => {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        void reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    const app = (_request: unknown, reply: FastifyReply) => {
      reply.header("cache-control", "no-cache");
      return reply.sendFile("index.html");
    };
    studio.get("/studio/", app);
    studio.get("/studio/*", app);
  });
}
