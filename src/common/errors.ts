import { GraphQLError } from "graphql";

/** The stable error codes clients can rely on (DESIGN.md, "API shape"). */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "SERVICE_UNAVAILABLE"
  | "REQUEST_TIMEOUT"
  | "INTERNAL_SERVER_ERROR";

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends AppError {
  /** `argument` names the offending argument or input path, e.g. "first" or "filter.symptom". */
  constructor(message: string, argument?: string) {
    super("BAD_USER_INPUT", message, argument ? { argument, fields: [{ path: argument, message }] } : {});
  }
}

/** Codes whose messages are safe to show; everything else is masked. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
  "REQUEST_TIMEOUT",
  "PAYLOAD_TOO_LARGE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else is the client's mistake, not a database error. */
export function assertUuid(value: string, argument: string): string {
  if (!UUID.test(value)) throw new BadUserInputError(`\`${argument}\` is not a valid id.`, argument);
  return value;
}
