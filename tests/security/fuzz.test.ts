import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isObjectType,
  isScalarType,
} from "graphql";
import { PUBLIC_ERROR_CODES } from "../../src/common/errors";
import { graphqlSchema } from "../../src/server/schema";
import { GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";

type Gen = fc.GeneratorValue;

const odd = ["", "\u0000", "'; DROP TABLE x; --", "%", "../../etc/passwd", "\u202e", "sciatica", "es-MX", "a".repeat(300)];

/** A literal for an input type, valid or not: the server must refuse bad ones politely. */
function literal(g: Gen, type: GraphQLInputType, depth = 0): string {
  const inner = getNullableType(type);
  if (g(fc.integer, { min: 0, max: 19 }) === 0) return "null";
  if (isListType(inner))
    return `[${Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () => literal(g, inner.ofType, depth + 1)).join(", ")}]`;
  if (isEnumType(inner)) return g(fc.constantFrom, ...inner.getValues().map((v) => v.name), "NOT_A_VALUE");
  if (isInputObjectType(inner)) {
    if (depth > 3) return "{}";
    const fields = Object.values(inner.getFields()).filter(() => g(fc.boolean));
    return `{ ${fields.map((f) => `${f.name}: ${literal(g, f.type, depth + 1)}`).join(", ")} }`;
  }
  if (isScalarType(inner) && ["Int", "Float"].includes(inner.name)) {
    return String(g(() => fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1_000_000_000, 2 ** 31 - 1, -(2 ** 31)))));
  }
  if (isScalarType(inner) && inner.name === "Boolean") return String(g(fc.boolean));
  return JSON.stringify(g(() => fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...odd), fc.uuid())));
}

/** A selection of `type`'s fields, nested up to `depth`, with random arguments and aliases. */
function selection(g: Gen, type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields());
  const count = g(fc.integer, { min: 1, max: Math.min(4, fields.length) });
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const field: GraphQLField<unknown, unknown> = fields[g(fc.integer, { min: 0, max: fields.length - 1 })];
    const named: GraphQLNamedType = getNamedType(field.type);
    const args = field.args.filter((a) => getNullableType(a.type) !== a.type || g(fc.boolean));
    const argText = args.length ? `(${args.map((a) => `${a.name}: ${literal(g, a.type)}`).join(", ")})` : "";
    const alias = g(fc.integer, { min: 0, max: 9 }) === 0 ? `a${i}: ` : "";
    if (isLeafType(named)) parts.push(`${alias}${field.name}${argText}`);
    else if (isObjectType(named) && depth > 0) parts.push(`${alias}${field.name}${argText} { ${selection(g, named, depth - 1)} }`);
    else parts.push("__typename");
  }
  return parts.join(" ");
}

function expectPolite(response: GraphQLResponse): void {
  expect([200, 400]).toContain(response.status);
  for (const error of response.errors ?? []) {
    expect(PUBLIC_ERROR_CODES.has(String(error.extensions?.code))).toBe(true);
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|\.ts:\d+|node_modules|syntax error at or near|relation "/);
  }
}

describe("fuzzed operations and variables", () => {
  let app: TestApp;
  let query: GraphQLObjectType;
  beforeAll(async () => {
    app = await startTestApp();
    query = (await graphqlSchema()).getQueryType()!;
  });
  afterAll(() => app.close());

  it("random queries over the schema get data or a known error code, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        expectPolite(await app.gql(`{ ${selection(g, query, g(fc.integer, { min: 0, max: 5 }))} }`));
      }),
      { numRuns: 150 },
    );
  });

  it("random text as a query is a parse or validation error", async () => {
    const vocabulary = fc.constantFrom(
      "{",
      "}",
      "(",
      ")",
      "query",
      "mutation",
      "fragment",
      "on",
      "...",
      "conditions",
      "condition",
      "edges",
      "node",
      "slug",
      "first:",
      "1",
      '"x"',
      "$v",
      "@include",
      ":",
      "!",
      "[",
      "]",
      "#",
    );
    const garbage = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(vocabulary, { maxLength: 60 }).map((t) => t.join(" ")),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (text) => {
        expectPolite(await app.gql(text));
      }),
      { numRuns: 150 },
    );
  });

  it("random variables of any shape get data or a known error code", async () => {
    const operation = `query Vars($slug: String!, $first: Int, $after: String, $locale: String, $filter: ConditionFilter) {
      condition(slug: $slug, locale: $locale) { slug name }
      conditions(first: $first, after: $after, filter: $filter, locale: $locale) { totalCount edges { cursor node { slug } } }
    }`;
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...odd), fc.integer(), fc.constant(1_000_000_000));
    const variables = fc.record({ slug: value, first: value, after: value, locale: value, filter: value }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        expectPolite(await app.gql(operation, vars));
      }),
      { numRuns: 150 },
    );
  });
});
