import type { TypedDocumentString } from "./gql/graphql";

/** A GraphQL error as the API sends it: a stable code and, for bad input, the fields it is about. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Messages per input path, e.g. { "input.name": "name cannot be empty." }. */
  get fieldMessages(): Record<string, string> {
    const fields = (this.extensions.fields as Array<{ path: string; message: string }> | undefined) ?? [];
    const out: Record<string, string> = {};
    for (const f of fields) out[f.path] = out[f.path] ? `${out[f.path]} ${f.message}` : f.message;
    if (typeof this.extensions.field === "string") out[this.extensions.field] = this.message;
    return out;
  }
}

let token: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The bearer token of every request from now on (set before rendering what uses it). */
export function setToken(value: string | null): void {
  token = value;
}

/** Called when the server refuses the current token (expired, revoked, password changed). */
export function onSessionEnded(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** Sends one operation to /graphql; `preview` reads the draft graph (X-Preview). */
export async function request<R, V>(
  document: TypedDocumentString<R, V> | string,
  variables?: V,
  options: { preview?: boolean } = {},
): Promise<R> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const sent = token;
  if (sent) headers.authorization = `Bearer ${sent}`;
  if (options.preview) headers["x-preview"] = "true";
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query: String(document), variables }) });
  } catch {
    throw new ApiError("The server cannot be reached. Check your connection and try again.", "NETWORK");
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: R;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  const error = body.errors?.[0];
  if (error) {
    const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
    // Only when the token refused is still the session's: an answer to a request sent before
    // signing in again must not end the new session.
    if (code === "UNAUTHENTICATED" && sent && sent === token) onUnauthenticated?.();
    throw new ApiError(error.message, code, error.extensions);
  }
  if (!body.data) throw new ApiError(`The server answered ${response.status}.`, "INTERNAL_SERVER_ERROR");
  return body.data;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
