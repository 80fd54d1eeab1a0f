import { randomBytes } from "node:crypto";
import { Role } from "../../src/access/access";
import { dataOf, TestApp } from "./test-app";
import { signIn } from "./users";

/** Helpers for the revision, audit and schedule tests (tests/editorial/{revisions,audit,schedule}.test.ts). */

/** The editorial item fields these tests read back. */
export const ITEM_FIELDS = `id type version status live liveVersion slug title content links translations { locale slug title }`;
export const REVISION_FIELDS = `id type contentId version action authorEmail createdAt snapshot`;

export interface Item {
  id: string;
  type: string;
  version: number;
  status: string;
  live: boolean;
  liveVersion: number | null;
  slug: string;
  title: string;
  content: Record<string, any>;
  links: Record<string, any>;
  translations: Array<{ locale: string; slug: string; title: string }>;
}

export interface User {
  email: string;
  token: string;
}

/** Signs in one user of each role and keeps their emails for author/actor assertions. */
export async function usersByRole(app: TestApp): Promise<Record<Role, User>> {
  const tag = randomBytes(3).toString("hex");
  const users = {} as Record<Role, User>;
  for (const role of ["ADMIN", "EDITOR", "REVIEWER"] as Role[]) {
    const email = `${role.toLowerCase()}-${tag}@example.org`;
    users[role] = { email, token: await signIn(app, role, email) };
  }
  return users;
}

/** A tiny client for the editorial API; every call throws on GraphQL errors. */
export function editorialClient(app: TestApp) {
  const item = async (query: string, variables: Record<string, unknown>, token: string): Promise<Item> => {
    const data = dataOf(await app.gql(query, variables, { token }));
    return Object.values(data)[0] as Item;
  };
  return {
    createSymptom: (token: string, input: Record<string, unknown>) =>
      item(
        `mutation($input: SymptomInput!) { createSymptom(input: $input) { ${ITEM_FIELDS} } }`,
        { input: { kind: "SYMPTOM", ...input } },
        token,
      ),
    updateSymptom: (token: string, id: string, version: number, input: Record<string, unknown>, locale?: string) =>
      item(
        `mutation($id: ID!, $version: Int!, $input: SymptomInput!, $locale: String) { updateSymptom(id: $id, version: $version, input: $input, locale: $locale) { ${ITEM_FIELDS} } }`,
        { id, version, input, locale },
        token,
      ),
    deleteSymptom: async (token: string, id: string, version: number) =>
      dataOf(
        await app.gql(
          `mutation($id: ID!, $version: Int!) { deleteSymptom(id: $id, version: $version) { id deleted } }`,
          { id, version },
          { token },
        ),
      ).deleteSymptom,
    createCondition: (token: string, input: Record<string, unknown>) =>
      item(`mutation($input: ConditionInput!) { createCondition(input: $input) { ${ITEM_FIELDS} } }`, { input }, token),
    setSymptoms: (token: string, conditionId: string, version: number, links: Array<{ id: string; note?: string | null }>) =>
      item(
        `mutation($id: ID!, $version: Int!, $links: [LinkInput!]!) { setLinks(type: CONDITION, id: $id, version: $version, kind: CONDITION_SYMPTOMS, links: $links) { ${ITEM_FIELDS} } }`,
        { id: conditionId, version, links },
        token,
      ),
    step: (
      token: string,
      mutation: "submitForReview" | "approve" | "publish" | "unpublish" | "archive",
      type: string,
      id: string,
      version: number,
    ) =>
      item(
        `mutation($id: ID!, $version: Int!) { ${mutation}(type: ${type}, id: $id, version: $version) { ${ITEM_FIELDS} } }`,
        { id, version },
        token,
      ),
    get: (token: string, type: string, id: string, locale?: string) =>
      item(
        `query($id: ID!, $locale: String) { editorialItem(type: ${type}, id: $id, locale: $locale) { ${ITEM_FIELDS} } }`,
        { id, locale },
        token,
      ),
    revisions: async (token: string, id: string): Promise<any[]> =>
      dataOf(await app.gql(`query($id: ID!) { revisions(id: $id) { ${REVISION_FIELDS} } }`, { id }, { token })).revisions,
  };
}

export type EditorialClient = ReturnType<typeof editorialClient>;

/** DRAFT -> IN_REVIEW (editor) -> APPROVED (reviewer); returns the approved item. */
export async function approveItem(
  client: EditorialClient,
  users: Record<Role, User>,
  type: string,
  id: string,
  version: number,
): Promise<Item> {
  const submitted = await client.step(users.EDITOR.token, "submitForReview", type, id, version);
  return client.step(users.REVIEWER.token, "approve", type, id, submitted.version);
}

/** Takes a draft all the way to live: submit, approve, publish. */
export async function publishItem(
  client: EditorialClient,
  users: Record<Role, User>,
  type: string,
  id: string,
  version: number,
): Promise<Item> {
  const approved = await approveItem(client, users, type, id, version);
  return client.step(users.EDITOR.token, "publish", type, id, approved.version);
}

/** The live symptom by slug through the public delivery API, or null. */
export async function liveSymptom(app: TestApp, slug: string, locale?: string) {
  const data = dataOf(
    await app.gql(
      `query($slug: String!, $locale: String) { symptom(slug: $slug, locale: $locale) { id name description version locale } }`,
      { slug, locale },
    ),
  );
  return data.symptom as { id: string; name: string; description: string | null; version: number; locale: string } | null;
}
