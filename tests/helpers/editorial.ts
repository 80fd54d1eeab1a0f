import { Role } from "../../src/access/access";
import { dataOf, GraphQLResponse, TestApp } from "./test-app";

export type ContentType =
  "CONDITION" | "SYMPTOM" | "RISK_FACTOR" | "TREATMENT" | "DIAGNOSTIC_METHOD" | "ADVICE" | "RED_FLAG" | "CASE_EXAMPLE";
export type LinkValue = { targetId: string; order: number; note: string | null; line?: string };

/** An EditorialItem as the editorial API returns it. */
export interface Item {
  id: string;
  type: ContentType;
  version: number;
  status: string;
  slug: string;
  live: boolean;
  liveVersion: number | null;
  links: Record<string, LinkValue[]>;
}

export type WorkflowStep = "submitForReview" | "approve" | "publish" | "unpublish" | "archive";

const FIELDS = "id type version status slug live liveVersion links";
/** SYMPTOM -> Symptom, CASE_EXAMPLE -> CaseExample: the GraphQL type and mutation suffix. */
const pascal = (type: ContentType) => type.toLowerCase().replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase());
const first = (data: Record<string, unknown>) => Object.values(data)[0];

/** Editorial API calls over HTTP, each signed with the token of a role. */
export class Editorial {
  constructor(
    private readonly app: TestApp,
    private readonly tokens: Record<Role, string>,
  ) {}

  send(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
    return this.app.gql(query, variables, { token: this.tokens[role] });
  }

  private async one(role: Role, query: string, variables: Record<string, unknown>): Promise<Item> {
    return first(dataOf(await this.send(role, query, variables))) as Item;
  }

  create(type: ContentType, input: Record<string, unknown>): Promise<Item> {
    return this.one("EDITOR", `mutation($input: ${pascal(type)}Input!) { create${pascal(type)}(input: $input) { ${FIELDS} } }`, { input });
  }

  update(item: Item, input: Record<string, unknown>, locale?: string): Promise<Item> {
    const name = pascal(item.type);
    return this.one(
      "EDITOR",
      `mutation($id: ID!, $version: Int!, $input: ${name}Input!, $locale: String) {
        update${name}(id: $id, version: $version, input: $input, locale: $locale) { ${FIELDS} } }`,
      { id: item.id, version: item.version, input, locale },
    );
  }

  get(type: ContentType, id: string): Promise<Item> {
    return this.one("EDITOR", `query($type: ContentType!, $id: ID!) { editorialItem(type: $type, id: $id) { ${FIELDS} } }`, { type, id });
  }

  setLinks(item: Item, kind: string, links: Array<{ id: string; note?: string | null; line?: string }>): Promise<Item> {
    return this.one(
      "EDITOR",
      `mutation($type: ContentType!, $id: ID!, $version: Int!, $kind: LinkKind!, $links: [LinkInput!]!) {
        setLinks(type: $type, id: $id, version: $version, kind: $kind, links: $links) { ${FIELDS} } }`,
      { type: item.type, id: item.id, version: item.version, kind, links },
    );
  }

  /** A workflow mutation, answered as is (for error cases). */
  stepRaw(
    step: WorkflowStep,
    item: Pick<Item, "type" | "id" | "version">,
    role: Role,
    extra: { override?: boolean; reason?: string } = {},
  ) {
    const publish = step === "publish";
    return this.send(
      role,
      `mutation($type: ContentType!, $id: ID!, $version: Int!${publish ? ", $override: Boolean, $reason: String" : ""}) {
        ${step}(type: $type, id: $id, version: $version${publish ? ", override: $override, reason: $reason" : ""}) { ${FIELDS} } }`,
      { type: item.type, id: item.id, version: item.version, ...extra },
    );
  }

  async step(step: WorkflowStep, item: Item, role: Role, extra: { override?: boolean; reason?: string } = {}): Promise<Item> {
    return first(dataOf(await this.stepRaw(step, item, role, extra))) as Item;
  }

  /** DRAFT -> IN_REVIEW (editor) -> APPROVED (reviewer). */
  async approve(item: Item): Promise<Item> {
    if (item.status === "DRAFT") item = await this.step("submitForReview", item, "EDITOR");
    return this.step("approve", item, "REVIEWER");
  }

  /** Through review and sign-off, then published by an editor. */
  async publish(item: Item): Promise<Item> {
    return this.step("publish", await this.approve(item), "EDITOR");
  }

  publishRelease(
    items: Array<Pick<Item, "type" | "id" | "version">>,
    role: Role = "EDITOR",
    extra: { override?: boolean; reason?: string } = {},
  ) {
    return this.send(
      role,
      `mutation($items: [ItemVersionInput!]!, $override: Boolean, $reason: String) {
        publishRelease(items: $items, override: $override, reason: $reason) { ${FIELDS} } }`,
      { items: items.map(({ type, id, version }) => ({ type, id, version })), ...extra },
    );
  }
}
