import { Role } from "../../src/access/access";
import { dataOf, GraphQLResponse, TestApp } from "./test-app";

/** Every EditorialItem field the editorial tests look at. */
export const ITEM_FIELDS = `id type status version slug title locale live liveVersion reviewedBy lastReviewedAt nextReviewDueAt
  publishedAt createdBy updatedBy content links translations { locale slug title }`;

const REF = `$type: ContentType!, $id: ID!, $version: Int!`;
const ARGS = `type: $type, id: $id, version: $version`;

/** The workflow mutations, each answering with ITEM_FIELDS. */
export const WORKFLOW = {
  submit: `mutation(${REF}) { item: submitForReview(${ARGS}) { ${ITEM_FIELDS} } }`,
  approve: `mutation(${REF}, $due: DateTimeISO) { item: approve(${ARGS}, nextReviewDueAt: $due) { ${ITEM_FIELDS} } }`,
  requestChanges: `mutation(${REF}, $comment: String) { item: requestChanges(${ARGS}, comment: $comment) { ${ITEM_FIELDS} } }`,
  publish: `mutation(${REF}, $override: Boolean, $reason: String) { item: publish(${ARGS}, override: $override, reason: $reason) { ${ITEM_FIELDS} } }`,
  unpublish: `mutation(${REF}) { item: unpublish(${ARGS}) { ${ITEM_FIELDS} } }`,
  archive: `mutation(${REF}) { item: archive(${ARGS}) { ${ITEM_FIELDS} } }`,
} as const;

export type WorkflowStep = keyof typeof WORKFLOW;

export interface ItemRef {
  type: string;
  id: string;
  version: number;
}

export const UPDATE_SYMPTOM = `mutation($id: ID!, $version: Int!, $input: SymptomInput!, $locale: String) {
  item: updateSymptom(id: $id, version: $version, input: $input, locale: $locale) { ${ITEM_FIELDS} } }`;

export const SET_LINKS = `mutation(${REF}, $kind: LinkKind!, $links: [LinkInput!]!) {
  item: setLinks(${ARGS}, kind: $kind, links: $links) { ${ITEM_FIELDS} } }`;

/** Runs one workflow step on `ref`; returns the raw response (errors included). */
export function step(
  app: TestApp,
  token: string,
  action: WorkflowStep,
  ref: ItemRef,
  extra: Record<string, unknown> = {},
): Promise<GraphQLResponse> {
  return app.gql(WORKFLOW[action], { type: ref.type, id: ref.id, version: ref.version, ...extra }, { token });
}

/** Runs one workflow step that must succeed; returns the item after it. */
export async function stepOk(app: TestApp, token: string, action: WorkflowStep, ref: ItemRef, extra: Record<string, unknown> = {}) {
  return dataOf(await step(app, token, action, ref, extra)).item;
}

/** The draft as editors see it, or null. */
export async function editorialItem(app: TestApp, token: string, type: string, id: string, locale?: string) {
  const data = dataOf(
    await app.gql(
      `query($type: ContentType!, $id: ID!, $locale: String) { item: editorialItem(type: $type, id: $id, locale: $locale) { ${ITEM_FIELDS} } }`,
      {
        type,
        id,
        locale,
      },
      { token },
    ),
  );
  return data.item;
}

/** The path an item takes to each status from DRAFT, with who takes each step. */
const PATH: Array<{ action: WorkflowStep; role: Role; to: string }> = [
  { action: "submit", role: "EDITOR", to: "IN_REVIEW" },
  { action: "approve", role: "REVIEWER", to: "APPROVED" },
  { action: "publish", role: "EDITOR", to: "PUBLISHED" },
];

/** Moves a DRAFT item along the legal path until it reaches `status` (ARCHIVED: archives the draft). */
export async function advance(app: TestApp, tokens: Record<Role, string>, ref: ItemRef, status: string) {
  let item: any = { ...ref, status: "DRAFT" };
  if (status === "ARCHIVED") return stepOk(app, tokens.EDITOR, "archive", item);
  for (const next of PATH) {
    if (item.status === status) break;
    item = await stepOk(app, tokens[next.role], next.action, item);
  }
  expect(item.status).toBe(status);
  return item;
}
