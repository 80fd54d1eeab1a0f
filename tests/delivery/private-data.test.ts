import { getNamedType, GraphQLArgument, GraphQLSchema, GraphQLType, isInputObjectType, isObjectType } from "graphql";
import { Role } from "../../src/access/access";
import { accessRules, graphqlSchema } from "../../src/server/schema";
import { editorialClient, publishItem, User, usersByRole } from "../helpers/editorial-history";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

/** Words a public field, argument or filter name must never carry: account data and authorship. */
const PRIVATE_WORDS = new Set(["password", "hash", "token", "secret", "email", "actor", "author", "user", "users", "login"]);
const PRIVATE_NAMES = new Set(["createdBy", "updatedBy"]);
/** "Symptom.createdBy" -> private; "RiskFactorFilter.condition" -> not (words, not substrings). */
const isPrivate = (name: string) =>
  name.split(/[.()]/).some((part) => PRIVATE_NAMES.has(part) || part.split(/(?=[A-Z])/).some((w) => PRIVATE_WORDS.has(w.toLowerCase())));

/** Every field, argument and input field reachable from the public root fields. */
function publicSurface(schema: GraphQLSchema, roots: string[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  const visit = (typeName: string) => {
    if (seen.has(typeName)) return;
    seen.add(typeName);
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInputObjectType(type)) return;
    const fields = Object.values(type.getFields()) as Array<{ name: string; type: GraphQLType; args?: readonly GraphQLArgument[] }>;
    for (const field of fields) {
      names.push(`${typeName}.${field.name}`);
      for (const arg of field.args ?? []) {
        names.push(`${typeName}.${field.name}(${arg.name})`);
        visit(getNamedType(arg.type).name);
      }
      visit(getNamedType(field.type).name);
    }
  };
  const query = schema.getQueryType()!;
  for (const root of roots) {
    const field = query.getFields()[root.replace(/^Query\./, "")];
    names.push(root);
    for (const arg of field.args) visit(getNamedType(arg.type).name);
    visit(getNamedType(field.type).name);
  }
  return names;
}

describe("no public field or filter reaches private data", () => {
  let app: TestApp;
  let users: Record<Role, User>;
  let slug: string;

  beforeAll(async () => {
    app = await startTestApp();
    users = await usersByRole(app);
    const client = editorialClient(app);
    const draft = await client.createSymptom(users.EDITOR.token, {
      name: "Private data probe",
      description: "Published by a staff member",
    });
    const published = await publishItem(client, users, "SYMPTOM", draft.id, draft.version);
    slug = published.slug;
  });
  afterAll(() => app?.close());

  it("the delivery schema has no field, argument or filter about accounts or authorship", async () => {
    const rules = await accessRules();
    const roots = [...rules].filter(([name, rule]) => name.startsWith("Query.") && rule?.(null) === "ALLOW").map(([name]) => name);
    expect(roots.length).toBeGreaterThan(10);
    const surface = publicSurface(await graphqlSchema(), roots);
    expect(surface).toContain("Symptom.reviewedBy");
    expect(["Symptom.createdBy", "Query.users", "Query.me(authorEmail)"].filter(isPrivate)).toHaveLength(3);
    expect(surface.filter(isPrivate)).toEqual([]);
  });

  it("live tables hold no staff email, whatever column, after staff published", async () => {
    const emails = Object.values(users).map((u) => u.email);
    const columns: Array<{ table: string; column: string }> = await app.writer.query(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns
       WHERE table_schema = 'live' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const { table, column } of columns) {
      const [{ n }] = await app.writer.query(`SELECT count(*)::int AS n FROM live."${table}" WHERE "${column}"::text ILIKE ANY($1)`, [
        emails.map((e) => `%${e}%`),
      ]);
      if (n) found.push(`live.${table}.${column}`);
    }
    expect(found).toEqual([]);
    // The same columns in draft do name the author: the probe above would have seen them.
    const [{ n }] = await app.writer.query(`SELECT count(*)::int AS n FROM draft.symptom WHERE created_by = $1`, [users.EDITOR.email]);
    expect(n).toBe(1);
  });

  it("the published item names its reviewer by display name, never by email", async () => {
    const { symptom } = dataOf(await app.gql(`query($slug: String!) { symptom(slug: $slug) { reviewedBy } }`, { slug }));
    expect(symptom.reviewedBy).toBe("Test REVIEWER");
  });
});
