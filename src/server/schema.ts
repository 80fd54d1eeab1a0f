import { validate, ValidationError } from "class-validator";
import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema, getMetadataStorage, NonEmptyArray } from "type-graphql";
import { AccessRule, enforceAccess, ruleOfMethod } from "../access/access";
import { AuthResolver } from "../auth/auth.resolver";
import { AppError } from "../common/errors";
import { EditorialResolver } from "../editorial/editorial.resolver";
import { WorkflowResolver } from "../editorial/workflow.resolver";
import { ContentModelResolver } from "../model/content-model";
import { NodeResolver } from "../model/node";
import { contentResolvers, usePlainResolvers } from "../model/resolvers";
import { PartnersResolver } from "../partners/admin.resolver";
import { partnerResolvers } from "../partners/partners.resolver";
import { SearchResolver } from "../partners/search.resolver";

const resolvers: NonEmptyArray<Function> = [
  ContentModelResolver,
  NodeResolver,
  AuthResolver,
  EditorialResolver,
  WorkflowResolver,
  SearchResolver,
  ...partnerResolvers,
  PartnersResolver,
  ...contentResolvers(),
];

/** class-validator messages, flattened to one entry per bad field with its path. */
function fieldErrors(errors: ValidationError[], path: string): Array<{ path: string; message: string }> {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : `${path}.${e.property}`;
    return [...Object.values(e.constraints ?? {}).map((message) => ({ path: here, message })), ...fieldErrors(e.children ?? [], here)];
  });
}

/** Paths of strings holding a NUL character, which PostgreSQL text cannot store. */
function nulCharacters(value: unknown, path: string): Array<{ path: string; message: string }> {
  if (typeof value === "string") return value.includes("\u0000") ? [{ path, message: "must not contain NUL characters" }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulCharacters(v, `${path}[${i}]`));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => nulCharacters(v, `${path}.${k}`));
  }
  return [];
}

/** Validates input objects; BAD_USER_INPUT lists the path of every bad field. */
async function validateArgument(value: unknown, type: unknown): Promise<void> {
  if (typeof value === "string" && value.includes("\u0000")) {
    throw new AppError("BAD_USER_INPUT", "Text must not contain NUL characters.", { fields: nulCharacters(value, "argument") });
  }
  if (value === null || typeof value !== "object") return;
  const name = (type as { argument?: string }).argument ?? "input";
  const items = Array.isArray(value) ? value.map((v, i) => [v, `${name}[${i}]`] as const) : [[value, name] as const];
  const problems = [];
  for (const [item, path] of items) {
    if (item === null || typeof item !== "object") continue;
    problems.push(...fieldErrors(await validate(item as object, { skipMissingProperties: true, forbidUnknownValues: false }), path));
    problems.push(...nulCharacters(item, path));
  }
  if (problems.length) {
    throw new AppError("BAD_USER_INPUT", `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, {
      fields: problems,
    });
  }
}

let built: Promise<{ schema: GraphQLSchema; rules: Map<string, AccessRule | undefined> }> | undefined;

async function build() {
  const schema = await buildSchema({ resolvers, validateFn: validateArgument });
  usePlainResolvers(schema);
  const storage = getMetadataStorage();
  const byField = new Map<string, AccessRule | undefined>();
  for (const [type, list] of [
    ["Query", storage.queries],
    ["Mutation", storage.mutations],
  ] as const) {
    for (const r of list) byField.set(`${type}.${r.schemaName}`, ruleOfMethod(r.target, r.methodName));
  }
  const rules = enforceAccess(schema, (type, field) => byField.get(`${type}.${field}`));
  return { schema, rules };
}

/** The executable schema, built once per process, with every root field behind its access rule. */
export async function graphqlSchema(): Promise<GraphQLSchema> {
  built ??= build();
  return (await built).schema;
}

/** The access rule of every Query and Mutation field (undefined: none, so it is refused). */
export async function accessRules(): Promise<Map<string, AccessRule | undefined>> {
  built ??= build();
  return (await built).rules;
}

/** The SDL committed as schema/schema.graphql; sorted so that it diffs cleanly. */
export async function schemaSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await graphqlSchema())) + "\n";
}
