import { GraphQLError, locatedError } from "graphql";
import { isDatabaseUnavailable, isStatementTimeout } from "../../src/common/db-errors";

describe("telling an unreachable database from other failures", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["a server shutting down (57P01)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["too many connections (53300)", Object.assign(new Error("sorry, too many clients already"), { code: "53300" })],
    ["a dropped connection", new Error("Connection terminated unexpectedly")],
    ["an exhausted pool", new Error("timeout exceeded when trying to connect")],
    ["a driver error inside TypeORM's", Object.assign(new Error("query failed"), { driverError: { code: "08006" } })],
    [
      "a socket error that graphql only printed",
      locatedError({ errno: -111, code: "ECONNREFUSED", syscall: "connect" }, undefined, ["conditions"]),
    ],
  ])("%s is unavailability", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new GraphQLError("wrapped", { originalError: error }))).toBe(true);
  });

  it.each([
    ["a permission error", Object.assign(new Error("permission denied for table condition"), { code: "42501" })],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["a client's text mentioning a code", new Error('slug "ECONNREFUSED" not found')],
  ])("%s is not", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("recognises statement_timeout cancellations", () => {
    expect(isStatementTimeout(Object.assign(new Error("query failed"), { driverError: { code: "57014" } }))).toBe(true);
    expect(isStatementTimeout(new Error("other"))).toBe(false);
  });
});
