import { randomBytes } from "node:crypto";
import { Role } from "../../src/access/access";
import { dataOf, TestApp } from "./test-app";

export const PASSWORD = "a-long-test-password";

/** Creates a user of `role` and signs in through the API; returns the bearer token. */
export async function signIn(
  app: TestApp,
  role: Role,
  email = `${role.toLowerCase()}-${randomBytes(3).toString("hex")}@example.org`,
): Promise<string> {
  await app.runtime.services.auth!.createUser({ email, displayName: `Test ${role}`, role, password: PASSWORD });
  const data = dataOf(
    await app.gql(`mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, {
      email,
      password: PASSWORD,
    }),
  );
  return data.login.token as string;
}

/** One signed-in token per role. */
export async function tokensByRole(app: TestApp): Promise<Record<Role, string>> {
  return { ADMIN: await signIn(app, "ADMIN"), EDITOR: await signIn(app, "EDITOR"), REVIEWER: await signIn(app, "REVIEWER") };
}

/** Creates a DRAFT symptom through the API and returns { id, version }. */
export async function createSymptom(app: TestApp, token: string, name = `Test symptom ${randomBytes(3).toString("hex")}`) {
  const data = dataOf(
    await app.gql(
      `mutation($name: String!) { createSymptom(input: { name: $name, description: "Test", kind: SYMPTOM }) { id version slug status } }`,
      { name },
      { token },
    ),
  );
  return data.createSymptom as { id: string; version: number; slug: string; status: string };
}
