import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { backoffSeconds, LoginThrottle, THROTTLE_RULES } from "../../src/auth/login-throttle";
import { loadConfig } from "../../src/config/config";
import { dataOf, expectErrorCode, startTestApp, TEST_JWT_SECRET, TestApp } from "../helpers/test-app";
import { PASSWORD, signIn } from "../helpers/users";

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id role } } }`;
const ME = `{ me { id email role disabled } }`;
const AUDIT = `query($id: ID!) { auditLog(contentId: $id, first: 50) { action actorEmail detail } }`;
const ADMIN_OP = (op: string, extra = "") =>
  `mutation($id: ID!${extra ? ", $role: UserRole!" : ""}) { ${op}(id: $id${extra}) { id role disabled } }`;

describe("accounts", () => {
  let app: TestApp;
  let admin: string;
  let adminId: string;
  const login = (email: string, password = PASSWORD) => app.gql(LOGIN, { email, password });
  const newUser = async (role: "EDITOR" | "REVIEWER" = "EDITOR") => {
    const email = `acct-${randomBytes(4).toString("hex")}@example.org`;
    const token = await signIn(app, role, email);
    const { me } = dataOf(await app.gql(ME, {}, { token }));
    return { email, token, id: me.id as string };
  };
  const expectRevoked = async (token: string) => {
    const res = await app.gql(ME, {}, { token });
    expectErrorCode(res, "UNAUTHENTICATED");
    expect(res.status).toBe(401);
  };
  const adminDoes = (op: string, id: string, role?: string) =>
    app.gql(ADMIN_OP(op, role ? ", role: $role" : ""), { id, role }, { token: admin });

  beforeAll(async () => {
    app = await startTestApp({ seed: false });
    admin = await signIn(app, "ADMIN");
    adminId = dataOf(await app.gql(ME, {}, { token: admin })).me.id;
  });
  afterAll(() => app?.close());

  it("disableUser revokes the tokens and refuses sign-in until enableUser", async () => {
    const user = await newUser();
    expect(dataOf(await adminDoes("disableUser", user.id)).disableUser).toMatchObject({ disabled: true });
    await expectRevoked(user.token);
    expect(expectErrorCode(await login(user.email), "UNAUTHENTICATED").message).toMatch(/disabled/);
    expect(dataOf(await adminDoes("enableUser", user.id)).enableUser).toMatchObject({ disabled: false });
    dataOf(await login(user.email));
    await expectRevoked(user.token);
  });

  it("changeUserRole revokes the tokens; the next sign-in carries the new role", async () => {
    const user = await newUser("EDITOR");
    dataOf(await adminDoes("changeUserRole", user.id, "REVIEWER"));
    await expectRevoked(user.token);
    expect(dataOf(await login(user.email)).login.user.role).toBe("REVIEWER");
    expectErrorCode(await adminDoes("changeUserRole", user.id, "OWNER"), "BAD_USER_INPUT");
  });

  it("revokeSessions and logout end every token of the user", async () => {
    const user = await newUser();
    const second = dataOf(await login(user.email)).login.token;
    dataOf(await adminDoes("revokeSessions", user.id));
    await expectRevoked(user.token);
    await expectRevoked(second);
    const fresh = dataOf(await login(user.email)).login.token;
    expect(dataOf(await app.gql(`mutation { logout }`, {}, { token: fresh })).logout).toBe(true);
    await expectRevoked(fresh);
  });

  it("an admin cannot disable or demote themselves; unknown ids are NOT_FOUND", async () => {
    expectErrorCode(await adminDoes("disableUser", adminId), "FORBIDDEN");
    expectErrorCode(await adminDoes("changeUserRole", adminId, "EDITOR"), "FORBIDDEN");
    expectErrorCode(await adminDoes("revokeSessions", "00000000-0000-4000-8000-000000000000"), "NOT_FOUND");
    expectErrorCode(await adminDoes("disableUser", "not-an-id"), "BAD_USER_INPUT");
  });

  it("user management, logins and failed logins land in the audit log", async () => {
    const user = await newUser();
    expectErrorCode(await login(user.email, "wrong-password-here"), "UNAUTHENTICATED");
    dataOf(
      await app.gql(
        `mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "another-long-password") { token } }`,
        {},
        { token: user.token },
      ),
    );
    dataOf(await adminDoes("changeUserRole", user.id, "REVIEWER"));
    dataOf(await adminDoes("disableUser", user.id));
    const entries = dataOf(await app.gql(AUDIT, { id: user.id }, { token: admin })).auditLog.reverse();
    expect(entries.map((e: any) => e.action)).toEqual([
      "USER_CREATED",
      "LOGIN",
      "LOGIN_FAILED",
      "PASSWORD_CHANGED",
      "USER_ROLE_CHANGED",
      "USER_DISABLED",
    ]);
    expect(entries[2].detail).toMatchObject({ email: user.email, reason: "password" });
    expect(entries[4]).toMatchObject({ actorEmail: expect.stringMatching(/^admin-/), detail: { from: "EDITOR", to: "REVIEWER" } });
    expect(JSON.stringify(entries)).not.toMatch(/argon2|another-long-password/);
  });

  it("refuses tokens without exp, iat or sub, even when signed with the right key", async () => {
    const { id } = await newUser();
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const base = () => new SignJWT({ role: "EDITOR", tv: 1 }).setProtectedHeader({ alg: "HS256" }).setIssuer("health-cms");
    const tokens = [
      await base().setSubject(id).setIssuedAt().sign(key),
      await base().setSubject(id).setExpirationTime("1h").sign(key),
      await base().setIssuedAt().setExpirationTime("1h").sign(key),
    ];
    for (const token of tokens) await expectRevoked(token);
  });
});

describe("sign-in throttling", () => {
  let app: TestApp;
  let throttle: LoginThrottle;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
    throttle = new LoginThrottle(app.editor);
  });
  afterAll(() => app?.close());

  it("backs off 1, 2, 4 ... seconds after the free failures, up to each rule's cap", () => {
    const waits = Array.from({ length: 12 }, (_, i) => backoffSeconds(THROTTLE_RULES.pair, i + 1));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64]);
    expect(backoffSeconds(THROTTLE_RULES.pair, 1000)).toBe(15 * 60);
    expect(backoffSeconds(THROTTLE_RULES.account, 1000)).toBe(60);
  });

  it("slows the guessing address down, not the real user at another address", async () => {
    const email = `victim-${randomBytes(4).toString("hex")}@example.org`;
    await signIn(app, "EDITOR", email);
    for (let i = 0; i < 10; i++) await throttle.failed(email, "198.51.100.7");
    const auth = app.runtime.services.auth!;
    const refused = await auth.login(email, PASSWORD, "198.51.100.7").catch((e) => e);
    expect(refused.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfter: expect.any(Number) });
    expect(refused.extensions.retryAfter).toBeLessThanOrEqual(16);
    await expect(auth.login(email, PASSWORD, "203.0.113.9")).resolves.toMatchObject({ user: { email } });
  });

  it("caps the account-wide wait at a minute, however many addresses guess", async () => {
    const email = `spray-${randomBytes(4).toString("hex")}@example.org`;
    for (let i = 0; i < 40; i++) await throttle.failed(email, `192.0.2.${i}`);
    const refused = await app.runtime.services.auth!.login(email, PASSWORD, "203.0.113.10").catch((e) => e);
    expect(refused.extensions.code).toBe("RATE_LIMITED");
    expect(refused.extensions.retryAfter).toBeGreaterThan(30);
    expect(refused.extensions.retryAfter).toBeLessThanOrEqual(60);
  });

  it("answers RATE_LIMITED with HTTP 429 and Retry-After, even for the right password", async () => {
    const email = `http-${randomBytes(4).toString("hex")}@example.org`;
    await signIn(app, "EDITOR", email);
    for (let i = 0; i < 30; i++) await throttle.failed(email, undefined);
    const res = await fetch(app.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: LOGIN, variables: { email, password: PASSWORD } }),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBe(body.errors[0].extensions.retryAfter);
    expect(body.errors[0].extensions).not.toHaveProperty("http");
    expectErrorCode({ ...body, status: res.status }, "RATE_LIMITED");
  });
});

describe("JWT_SECRET", () => {
  const saved = process.env.JWT_SECRET;
  afterEach(() => (saved === undefined ? delete process.env.JWT_SECRET : (process.env.JWT_SECRET = saved)));

  it("must have at least 32 bytes, or the server does not start", () => {
    process.env.JWT_SECRET = "short-secret";
    expect(() => loadConfig()).toThrow("JWT_SECRET must be at least 32 bytes long (it has 12)");
    process.env.JWT_SECRET = "x".repeat(32);
    expect(loadConfig().jwtSecret).toBe("x".repeat(32));
  });
});
