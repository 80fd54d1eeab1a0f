import { dataOf, TestApp } from "../helpers/test-app";

export const CREATE_KEY = `mutation($input: NewApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name hint scopes allowedTypes allowedOrigins requestsPerMinute revokedAt } }
}`;

/** Creates a key as `adminToken`; returns its id and secret. */
export async function createKey(
  app: TestApp,
  adminToken: string,
  input: { name?: string; scopes?: string[]; allowedTypes?: string[]; allowedOrigins?: string[]; requestsPerMinute?: number } = {},
): Promise<{ id: string; secret: string }> {
  const data = dataOf(
    await app.gql(
      CREATE_KEY,
      { input: { name: "Partner app", scopes: ["DELIVERY"], requestsPerMinute: 1000, ...input } },
      { token: adminToken },
    ),
  );
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

/** A POST (or GET, with `get`) to `endpoint` with any headers, answered with status, headers and body. */
export async function request(
  endpoint: string,
  query: string,
  options: { headers?: Record<string, string>; variables?: Record<string, unknown>; get?: boolean } = {},
): Promise<Answer> {
  const res = options.get
    ? await fetch(`${endpoint}?query=${encodeURIComponent(query)}`, { headers: options.headers })
    : await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify({ query, variables: options.variables }),
      });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

export const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

/** Waits, when needed, so that the next few seconds lie in one rate-limit window (a fixed minute). */
export async function freshMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
