import { randomBytes } from "node:crypto";
import { LoginThrottle } from "../../src/auth/login-throttle";
import { expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { PASSWORD, signIn } from "../helpers/users";

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

/** Sign-in throttling keys on the client's address as the HTTP layer sees it. */
describe.each([
  ["behind a trusted proxy (TRUST_PROXY=true)", "true"],
  ["with no proxy trusted (the default)", undefined],
])("the client's address %s", (_label, trustProxy) => {
  let app: TestApp;
  const previous = process.env.TRUST_PROXY;
  beforeAll(async () => {
    if (trustProxy) process.env.TRUST_PROXY = trustProxy;
    else delete process.env.TRUST_PROXY;
    app = await startTestApp({ seed: false });
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = previous;
    await app?.close();
  });

  it("throttles the guessing address and, only through a trusted proxy, lets the user in from another", async () => {
    const email = `client-${randomBytes(4).toString("hex")}@example.org`;
    await signIn(app, "EDITOR", email);
    const throttle = new LoginThrottle(app.editor);
    // What the server saw as the guesser's address: the forwarded one if it trusts the proxy.
    const guesser = trustProxy ? "198.51.100.7" : "127.0.0.1";
    for (let i = 0; i < 10; i++) await throttle.failed(email, guesser);
    const from = (address: string) => app.gql(LOGIN, { email, password: PASSWORD }, { headers: { "x-forwarded-for": address } });
    expectErrorCode(await from("198.51.100.7"), "RATE_LIMITED");
    const other = await from("203.0.113.9");
    if (trustProxy) expect(other.errors).toBeUndefined();
    else expectErrorCode(other, "RATE_LIMITED");
  });
});
