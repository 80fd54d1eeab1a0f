import { BadUserInputError } from "../common/errors";
import { CONTENT_TYPES } from "../content/content-types";
import type { ApiKeyScope } from "./api-keys";

export interface NewApiKey {
  name: string;
  scopes: ApiKeyScope[];
  allowedTypes?: string[] | null;
  allowedOrigins?: string[] | null;
  requestsPerMinute: number;
}

/** Refuses a key that could not work as asked: no scope, unknown types, origins that are no origins. */
export function checkInput(input: NewApiKey): void {
  if (!input.name.trim() || input.name.length > 200)
    throw new BadUserInputError("A key needs a name of at most 200 characters.", "input.name");
  if (!input.scopes.length) throw new BadUserInputError("A key needs at least one scope.", "input.scopes");
  if (!Number.isInteger(input.requestsPerMinute) || input.requestsPerMinute < 1 || input.requestsPerMinute > 1_000_000)
    throw new BadUserInputError("requestsPerMinute must be between 1 and 1000000.", "input.requestsPerMinute");
  for (const type of input.allowedTypes ?? []) {
    if (!CONTENT_TYPES[type]) throw new BadUserInputError(`Unknown content type ${type}.`, "input.allowedTypes");
  }
  if (input.allowedTypes && !input.allowedTypes.length)
    throw new BadUserInputError("allowedTypes lists at least one type; leave it out for all.", "input.allowedTypes");
  for (const [i, origin] of (input.allowedOrigins ?? []).entries()) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin)
      throw new BadUserInputError(`"${origin}" is not an origin such as https://example.org.`, `input.allowedOrigins[${i}]`);
  }
}
