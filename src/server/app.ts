import http from "node:http";
import { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLFormattedError } from "graphql";
import { Actor, canReadDrafts } from "../access/access";
import { AppError, PUBLIC_ERROR_CODES } from "../common/errors";
import { createContext, RequestContext, Services } from "./context";
import { graphqlSchema } from "./schema";

const MAX_BODY_BYTES = 1024 * 1024;

export interface App {
  server: http.Server;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** Keeps known errors, masks the rest (their detail goes to the log, not the client). */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === "string" && PUBLIC_ERROR_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error("[graphql] unexpected error:", unwrapResolverError(error));
  return { message: "Internal server error", locations: formatted.locations, path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error("Request body is larger than 1 MiB."), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function requestError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
}

/** Who sent the request (Authorization: Bearer) and whether it asks for preview (X-Preview: true). */
async function requestContext(services: Services, headers: HeaderMap): Promise<RequestContext> {
  let actor: Actor | null = null;
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match || !services.auth) throw new AppError("UNAUTHENTICATED", "Send the token as `Authorization: Bearer <token>`.", { http: { status: 401 } });
    try {
      actor = await services.auth.authenticate(match[1]);
    } catch (error) {
      if (error instanceof AppError) error.extensions.http = { status: 401 };
      throw error;
    }
  }
  const preview = /^(1|true)$/i.test(headers.get("x-preview") ?? "");
  if (preview) {
    const decision = canReadDrafts(actor);
    if (decision !== "ALLOW") {
      throw new AppError(decision, "Preview shows drafts: sign in as an editor, reviewer or admin.", { http: { status: decision === "UNAUTHENTICATED" ? 401 : 403 } });
    }
  }
  return createContext(services, actor, preview);
}

/** The HTTP server: GraphQL at /graphql, liveness and database check at /healthz. */
export async function createApp(services: Services): Promise<App> {
  const apollo = new ApolloServer<RequestContext>({
    schema: await graphqlSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // Auth is by bearer token, never cookies, so a browser cannot be tricked into a request.
    csrfPrevention: false,
  });
  await apollo.start();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      try {
        await services.content.run("SELECT 1", []);
        return sendJson(res, 200, { status: "ok" });
      } catch {
        return sendJson(res, 503, { status: "unavailable", reason: "database unreachable" });
      }
    }
    if (url.pathname !== "/graphql") return sendJson(res, 404, { error: "Not found. GraphQL is served at /graphql." });

    let body: unknown = undefined;
    if (req.method === "POST") {
      let text: string;
      try {
        text = await readBody(req);
      } catch (error) {
        return requestError(res, (error as { status?: number }).status ?? 400, (error as Error).message);
      }
      const type = req.headers["content-type"] ?? "";
      if (type.includes("application/json")) {
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          return requestError(res, 400, "Request body is not valid JSON.");
        }
      } else body = text;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
      context: () => requestContext(services, headers),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    // Answers for signed-in users (editorial data, previews) must not sit in shared caches.
    if (headers.get("authorization") || headers.get("x-preview")) res.setHeader("cache-control", "private, no-store");
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  // Requests still being answered; close() lets them finish before the pool goes away.
  const inFlight = new Set<Promise<unknown>>();
  const server = http.createServer((req, res) => {
    const done = handle(req, res)
      .catch((error) => {
        console.error("[http] request failed:", error);
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
        else res.end();
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://localhost:${address.port}/graphql`);
        });
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
