/**
 * Failures that mean "the database cannot serve us right now" rather than "this request is
 * wrong": clients get 503 SERVICE_UNAVAILABLE with Retry-After and can simply try again.
 */
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"]);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, connection_* (08xxx)
const UNAVAILABLE_SQLSTATES = /^(57P0[123]|53300|08\d{3})$/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|the database system is (starting up|shutting down|in recovery)/i;
// A socket error that reached graphql as a plain object (an Error of another realm, say) keeps
// only its printed form: "Unexpected error value: { errno: -111, code: "ECONNREFUSED", ... }".
const PRINTED_NODE_CODE = /^Unexpected error value: .*\bcode: "(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN)"/;

/** The error itself or what TypeORM / GraphQL wrapped around it. */
function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.includes(current) && seen.length < 5) {
    seen.push(current);
    const e = current as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    current = e.originalError ?? e.driverError ?? e.cause;
  }
  return seen;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    return typeof message === "string" && (UNAVAILABLE_MESSAGES.test(message) || PRINTED_NODE_CODE.test(message));
  });
}

/** statement_timeout cancelled the statement (SQLSTATE 57014). */
export function isStatementTimeout(error: unknown): boolean {
  return causes(error).some((e) => (e as { code?: unknown }).code === "57014");
}
