import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { LookupFunction } from "node:net";
import { AddressPolicy, checkTarget, RefusedTarget, Resolver, systemResolver } from "./address-guard";

/** Characters of a receiver's answer kept in the delivery log. */
const EXCERPT_CHARS = 500;

export interface SignedRequest {
  url: string;
  secret: string;
  event: string;
  deliveryId: string;
  attempt: number;
  body: string;
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  excerpt: string | null;
  durationMs: number;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (see README, Webhooks). */
export function signature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

/**
 * One signed POST. The host is resolved and every address checked first; the connection then
 * goes to the checked address (the URL's host still names the server for TLS and `Host`).
 * Redirects are not followed (a 3xx is a failure), the whole attempt is cut at `timeoutMs`, and
 * only the start of the answer is read.
 */
export async function sendSigned(
  request: SignedRequest,
  options: { policy: AddressPolicy; timeoutMs: number; resolve?: Resolver },
): Promise<AttemptResult> {
  const started = Date.now();
  const done = (r: Omit<AttemptResult, "durationMs">): AttemptResult => ({ ...r, durationMs: Date.now() - started });
  let target;
  try {
    const resolve = options.resolve ?? systemResolver;
    // DNS counts against the attempt's time too.
    const bounded = (host: string) =>
      Promise.race([
        resolve(host),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("DNS lookup timed out")), options.timeoutMs).unref()),
      ]);
    target = await checkTarget(request.url, options.policy, bounded);
  } catch (error) {
    const reason = error instanceof RefusedTarget ? `refused: ${error.message}` : `refused: ${(error as Error).message}`;
    return done({ ok: false, statusCode: null, error: reason, excerpt: null });
  }
  const { address, family } = target.addresses[0];
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all)
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<AttemptResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = client.request(
      target.url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: {
          "content-type": "application/json",
          "user-agent": "health-cms-webhooks/1",
          "x-cms-event": request.event,
          "x-cms-delivery": request.deliveryId,
          "x-cms-attempt": String(request.attempt),
          "x-cms-signature": signature(request.secret, request.body),
        },
      },
      (res) => {
        let excerpt = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          excerpt += chunk;
          if (excerpt.length >= EXCERPT_CHARS) res.destroy();
        });
        const end = () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          finish({ ok, statusCode: status, error: ok ? null : `HTTP ${status}`, excerpt: excerpt.slice(0, EXCERPT_CHARS) || null });
        };
        res.on("end", end);
        res.on("close", end);
        res.on("error", end);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on("error", (error) => finish({ ok: false, statusCode: null, error: error.message, excerpt: null }));
    req.end(request.body);
  });
}
