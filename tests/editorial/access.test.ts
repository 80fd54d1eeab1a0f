import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  buildSchema as buildSdl,
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
} from "graphql";
import { SignJWT, UnsecuredJWT } from "jose";
import { Role } from "../../src/access/access";
import { DEFINITIONS } from "../../src/model/registry";
import { accessRules, graphqlSchema } from "../../src/server/schema";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, PASSWORD, signIn } from "../helpers/users";

type Rule = "public" | "signedIn" | Role[];
const EDIT: Role[] = ["ADMIN", "EDITOR"];
const REVIEW: Role[] = ["ADMIN", "REVIEWER"];
const DRAFTS: Role[] = ["ADMIN", "EDITOR", "REVIEWER"];
const ADMIN: Role[] = ["ADMIN"];
// Every content type's item and list queries are public, its writes are for editors: the
// policy of a type declared tomorrow, checked the same way.
const TYPES = DEFINITIONS.map((d) => d.name);
const DELIVERY = [...DEFINITIONS.flatMap((d) => [d.itemQuery, d.listQuery]), "node", "nodes", "contentModel", "search"];

/** Who may call what: the intended policy. A change in the server's rules must fail against it. */
const TABLE: Record<string, Rule> = {
  ...Object.fromEntries(DELIVERY.map((f) => [`Query.${f}`, "public"])),
  "Query.editorialItem": DRAFTS,
  "Query.revisions": DRAFTS,
  "Query.revision": DRAFTS,
  "Query.revisionDiff": DRAFTS,
  "Query.contentDueForReview": DRAFTS,
  "Query.editorialItems": DRAFTS,
  "Query.auditLog": ADMIN,
  "Query.users": ADMIN,
  "Query.me": "signedIn",
  ...Object.fromEntries(TYPES.flatMap((t) => ["create", "update", "delete"].map((op) => [`Mutation.${op}${t}`, EDIT]))),
  ...Object.fromEntries(
    [
      "setLinks",
      "deleteTranslation",
      "submitForReview",
      "publish",
      "unpublish",
      "archive",
      "publishRelease",
      "restoreRevision",
      "schedulePublish",
      "scheduleUnpublish",
    ].map((f) => [`Mutation.${f}`, EDIT]),
  ),
  "Mutation.approve": REVIEW,
  "Mutation.requestChanges": REVIEW,
  "Mutation.createUser": ADMIN,
  "Mutation.changePassword": "signedIn",
  "Mutation.login": "public",
  "Mutation.logout": "signedIn",
  "Mutation.disableUser": ADMIN,
  "Mutation.enableUser": ADMIN,
  "Mutation.changeUserRole": ADMIN,
  "Mutation.revokeSessions": ADMIN,
  ...Object.fromEntries(
    [
      "Query.apiKeys",
      "Mutation.createApiKey",
      "Mutation.revokeApiKey",
      "Mutation.rotateApiKey",
      "Query.webhooks",
      "Query.webhookDeliveries",
      "Mutation.createWebhook",
      "Mutation.deleteWebhook",
      "Mutation.replayWebhookDelivery",
    ].map((f) => [f, ADMIN]),
  ),
};

const rootFields = (schema: GraphQLSchema) =>
  [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`)).sort();

/** A valid value for a required argument or input field of this type. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(isRequiredInputField);
    return Object.fromEntries(fields.map((f) => [f.name, sample(f.type)]));
  }
  const scalars: Record<string, () => unknown> = {
    ID: () => randomUUID(),
    Int: () => 1,
    Float: () => 1,
    String: () => "x",
    Boolean: () => false,
    DateTimeISO: () => new Date(Date.now() + 86400e3).toISOString(),
    JSON: () => ({}),
    JSONObject: () => ({}),
  };
  if (!scalars[type.name]) throw new Error(`No sample value for scalar ${type.name}`);
  return scalars[type.name]();
}

/** `mutation($a: T!) { field(a: $a) { __typename leaf... } }` with its required arguments only. */
function callOf(operation: "query" | "mutation", field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter(isRequiredArgument);
  const named = getNamedType(field.type);
  const leaves = isObjectType(named)
    ? Object.values(named.getFields())
        .filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some(isRequiredArgument))
        .map((f) => f.name)
    : [];
  const selection = isLeafType(named) ? "" : `{ __typename ${leaves.join(" ")} }`;
  const decl = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ")})` : "";
  const pass = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  return {
    query: `${operation}${decl} { ${field.name}${pass} ${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, sample(a.type)])),
  };
}

const ACCESS_CODES = ["UNAUTHENTICATED", "FORBIDDEN"];

describe("editorial access", () => {
  let app: TestApp;
  let schema: GraphQLSchema;
  const tokens = {} as Record<Role, string>;
  const emails = {} as Record<Role, string>;
  const serverErrors: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ scheduler: { work: false } });
    schema = await graphqlSchema();
    for (const role of DRAFTS) {
      emails[role] = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.org`;
      tokens[role] = await signIn(app, role, emails[role]);
    }
  });
  afterAll(async () => {
    if (serverErrors.length) console.warn("Allowed calls that failed with INTERNAL_SERVER_ERROR:\n" + serverErrors.join("\n"));
    await app.close();
  });

  describe("closed by default", () => {
    it("gives every Query and Mutation field of the built schema a rule", async () => {
      const rules = await accessRules();
      expect([...rules.keys()].sort()).toEqual(rootFields(schema));
      const committed = buildSdl(fs.readFileSync(path.join(__dirname, "..", "..", "schema", "schema.graphql"), "utf8"));
      expect(rootFields(committed)).toEqual(rootFields(schema));
      const without = [...rules].filter(([, rule]) => !rule).map(([name]) => name);
      expect(without).toEqual([]);
    });

    it("makes public exactly the delivery queries and login", async () => {
      const rules = await accessRules();
      const publicFields = [...rules].filter(([, rule]) => rule?.description === "public" || rule?.(null) === "ALLOW").map(([n]) => n);
      expect(publicFields.sort()).toEqual([...DELIVERY.map((f) => `Query.${f}`), "Mutation.login"].sort());
    });

    it("has a row in the policy table for every root field, and none for unknown fields", () => {
      expect(Object.keys(TABLE).sort()).toEqual(rootFields(schema));
    });
  });

  describe("role matrix over HTTP", () => {
    it.each(Object.entries(TABLE))("%s", async (name, rule) => {
      const [typeName, fieldName] = name.split(".");
      const type = (typeName === "Query" ? schema.getQueryType() : schema.getMutationType()) as GraphQLObjectType;
      const field = type.getFields()[fieldName];
      expect(field).toBeDefined();
      const call = callOf(typeName === "Query" ? "query" : "mutation", field);

      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const who of ["anonymous", ...DRAFTS] as const) {
        const role = who === "anonymous" ? null : who;
        expected[who] =
          rule === "public" ? "ALLOWED" : !role ? "UNAUTHENTICATED" : rule === "signedIn" || rule.includes(role) ? "ALLOWED" : "FORBIDDEN";
        let variables = call.variables;
        let token = role ? tokens[role] : undefined;
        // These two would fail on their credentials with UNAUTHENTICATED, so give them real ones.
        if (fieldName === "login") variables = { email: emails.EDITOR, password: PASSWORD };
        if (fieldName === "changePassword") {
          variables = { currentPassword: PASSWORD, newPassword: "another-long-password" };
          if (role) token = await signIn(app, role); // a throwaway account: this revokes its token
        }
        if (fieldName === "logout" && role) token = await signIn(app, role);
        const res = await app.gql(call.query, variables, { token });
        const codes = (res.errors ?? []).map((e) => e.extensions?.code as string);
        expect(codes).not.toContain("GRAPHQL_VALIDATION_FAILED");
        expect(codes).not.toContain("BAD_REQUEST");
        const accessError = res.errors?.find((e) => ACCESS_CODES.includes(e.extensions?.code));
        actual[who] = accessError ? accessError.extensions!.code : "ALLOWED";
        if (accessError) {
          const verb = accessError.extensions!.code === "UNAUTHENTICATED" ? "Sign in to use" : "Your role may not use";
          expect(accessError.message).toBe(`${verb} ${name}.`);
        }
        if (codes.includes("INTERNAL_SERVER_ERROR")) serverErrors.push(`${name} as ${who}`);
      }
      expect(actual).toEqual(expected);
    });
  });

  describe("authentication", () => {
    const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { email role } } }`;
    const ME = `{ me { id email role displayName } }`;
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token user { email } } }`;
    const CREATE_USER = `mutation($input: NewUserInput!) { createUser(input: $input) { id email role } }`;

    it("refuses a wrong password and an unknown email alike", async () => {
      const wrong = expectErrorCode(await app.gql(LOGIN, { email: emails.EDITOR, password: "not-the-password" }), "UNAUTHENTICATED");
      const unknown = expectErrorCode(await app.gql(LOGIN, { email: "nobody@example.org", password: PASSWORD }), "UNAUTHENTICATED");
      expect(unknown.message).toBe(wrong.message);
      expect(wrong.message).not.toMatch(/password is wrong|no such user|unknown/i);
    });

    it("matches the email case-insensitively and `me` returns the user", async () => {
      const { login } = dataOf(await app.gql(LOGIN, { email: `  ${emails.REVIEWER.toUpperCase()} `, password: PASSWORD }));
      expect(login.user).toEqual({ email: emails.REVIEWER, role: "REVIEWER" });
      expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const { me } = dataOf(await app.gql(ME, {}, { token: login.token }));
      expect(me).toMatchObject({ email: emails.REVIEWER, role: "REVIEWER", displayName: "Test REVIEWER" });
    });

    it("answers a malformed header or a forged token with UNAUTHENTICATED and HTTP 401", async () => {
      const { me } = dataOf(await app.gql(ME, {}, { token: tokens.ADMIN }));
      const claims = { role: "ADMIN", tv: 0 };
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("health-cms")
        .setSubject(me.id)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode("some-other-secret"));
      const unsigned = new UnsecuredJWT(claims).setIssuer("health-cms").setSubject(me.id).setExpirationTime("1h").encode();
      const headers = [
        `Basic ${tokens.ADMIN}`,
        "Bearer",
        `Bearer ${tokens.ADMIN} extra`,
        tokens.ADMIN,
        "Bearer garbage",
        "Bearer a.b.c",
        `Bearer ${forged}`,
        `Bearer ${unsigned}`,
        `Bearer ${tokens.ADMIN}x`,
      ];
      for (const authorization of headers) {
        const res = await app.gql(ME, {}, { headers: { authorization } });
        expectErrorCode(res, "UNAUTHENTICATED");
        expect({ authorization, status: res.status, data: res.data ?? null }).toEqual({ authorization, status: 401, data: null });
      }
    });

    it("changePassword returns a working token and revokes the old one", async () => {
      const email = `changer-${randomUUID().slice(0, 8)}@example.org`;
      const old = await signIn(app, "EDITOR", email);
      const other = dataOf(await app.gql(LOGIN, { email, password: PASSWORD })).login.token;
      expectErrorCode(await app.gql(CHANGE, { c: PASSWORD, n: "short" }, { token: old }), "BAD_USER_INPUT");
      expectErrorCode(await app.gql(CHANGE, { c: "wrong-current-password", n: "a-new-long-password" }, { token: old }), "UNAUTHENTICATED");
      dataOf(await app.gql(ME, {}, { token: old })); // failed attempts revoke nothing

      const { changePassword } = dataOf(await app.gql(CHANGE, { c: PASSWORD, n: "a-new-long-password" }, { token: old }));
      expect(changePassword.user.email).toBe(email);
      expect(dataOf(await app.gql(ME, {}, { token: changePassword.token })).me.email).toBe(email);
      for (const revoked of [old, other]) {
        const res = await app.gql(ME, {}, { token: revoked });
        expectErrorCode(res, "UNAUTHENTICATED");
        expect(res.status).toBe(401);
      }
      expectErrorCode(await app.gql(LOGIN, { email, password: PASSWORD }), "UNAUTHENTICATED");
      dataOf(await app.gql(LOGIN, { email, password: "a-new-long-password" }));
    });

    it("createUser refuses a duplicate email with CONFLICT and a bad email with BAD_USER_INPUT", async () => {
      const input = { email: `New-${randomUUID().slice(0, 8)}@Example.org`, displayName: "New user", password: PASSWORD, role: "EDITOR" };
      const { createUser } = dataOf(await app.gql(CREATE_USER, { input }, { token: tokens.ADMIN }));
      expect(createUser).toMatchObject({ email: input.email.toLowerCase(), role: "EDITOR" });
      dataOf(await app.gql(LOGIN, { email: input.email, password: PASSWORD }));
      expectErrorCode(await app.gql(CREATE_USER, { input }, { token: tokens.ADMIN }), "CONFLICT");
      expectErrorCode(
        await app.gql(CREATE_USER, { input: { ...input, email: input.email.toUpperCase() } }, { token: tokens.ADMIN }),
        "CONFLICT",
      );
      for (const email of ["not-an-email", "a@b", "two words@example.org", ""]) {
        expectErrorCode(await app.gql(CREATE_USER, { input: { ...input, email } }, { token: tokens.ADMIN }), "BAD_USER_INPUT");
      }
      expectErrorCode(
        await app.gql(CREATE_USER, { input: { ...input, email: "x" + input.email, password: "short" } }, { token: tokens.ADMIN }),
        "BAD_USER_INPUT",
      );
    });
  });

  describe("preview", () => {
    const SYMPTOM = `query($slug: String!) { symptom(slug: $slug) { slug name } }`;

    it("refuses X-Preview without a token", async () => {
      for (const value of ["true", "1", "TRUE"]) {
        const res = await app.gql(`{ symptoms { totalCount } }`, {}, { headers: { "x-preview": value } });
        expectErrorCode(res, "UNAUTHENTICATED");
        expect(res.status).toBe(401);
        expect(res.data ?? null).toBeNull();
      }
    });

    it("shows drafts to each editorial role, and only in preview", async () => {
      const draft = await createSymptom(app, tokens.EDITOR);
      expect(dataOf(await app.gql(SYMPTOM, { slug: draft.slug })).symptom).toBeNull();
      expect(dataOf(await app.gql(SYMPTOM, { slug: draft.slug }, { token: tokens.ADMIN })).symptom).toBeNull();
      for (const role of DRAFTS) {
        const res = await app.gql(SYMPTOM, { slug: draft.slug }, { token: tokens[role], headers: { "x-preview": "true" } });
        expect(dataOf(res).symptom).toEqual({ slug: draft.slug, name: expect.stringMatching(/^Test symptom/) });
      }
    });

    it("marks answers to signed-in and preview requests Cache-Control: private, no-store", async () => {
      const send = (headers: Record<string, string>) =>
        fetch(app.endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query: "{ symptoms { totalCount } me { email } }" }),
        });
      for (const role of DRAFTS) {
        for (const extra of [{}, { "x-preview": "true" }] as Record<string, string>[]) {
          const res = await send({ authorization: `Bearer ${tokens[role]}`, ...extra });
          expect(res.status).toBe(200);
          expect(res.headers.get("cache-control")).toBe("private, no-store");
        }
      }
      for (const headers of [{ authorization: "Bearer garbage" }, { "x-preview": "true" }] as Record<string, string>[]) {
        expect((await send(headers)).headers.get("cache-control")).toBe("private, no-store");
      }
      const anonymous = await fetch(app.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ symptoms { totalCount } }" }),
      });
      expect(anonymous.headers.get("cache-control") ?? "").not.toMatch(/private/);
    });
  });
});
