import { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { AppError } from "../common/errors";

export type Role = "ADMIN" | "EDITOR" | "REVIEWER";

/** Who is making a request: a signed-in user, or a system job acting for one. */
export interface Actor {
  id: string | null;
  email: string;
  displayName: string;
  role: Role;
}

export type Decision = "ALLOW" | "UNAUTHENTICATED" | "FORBIDDEN";

/** An access rule: a pure function of the actor, with a description for errors and docs. */
export interface AccessRule {
  (actor: Actor | null): Decision;
  description: string;
}

function rule(description: string, decide: (actor: Actor | null) => Decision): AccessRule {
  return Object.assign(decide, { description });
}

export const rules = {
  /** Anyone, signed in or not: the published delivery API and login. */
  public: rule("public", () => "ALLOW"),
  signedIn: rule("signed in", (actor) => (actor ? "ALLOW" : "UNAUTHENTICATED")),
  roles: (...roles: Role[]) =>
    rule(`roles ${roles.join(", ")}`, (actor) => (!actor ? "UNAUTHENTICATED" : roles.includes(actor.role) ? "ALLOW" : "FORBIDDEN")),
};

/** Editors write content; reviewers sign it off; admins may do both. */
export const canEdit = rules.roles("ADMIN", "EDITOR");
export const canReview = rules.roles("ADMIN", "REVIEWER");
export const canReadDrafts = rules.roles("ADMIN", "EDITOR", "REVIEWER");
export const adminOnly = rules.roles("ADMIN");

const methodRules = new Map<Function, Map<string, AccessRule>>();

/** Declares who may call a query or mutation. An operation without one is refused. */
export function Access(accessRule: AccessRule): MethodDecorator {
  return (target, method) => {
    const owner = (target as { constructor: Function }).constructor;
    if (!methodRules.has(owner)) methodRules.set(owner, new Map());
    methodRules.get(owner)!.set(String(method), accessRule);
  };
}

export function ruleOfMethod(owner: Function, method: string): AccessRule | undefined {
  for (let c: Function | null = owner; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    const found = methodRules.get(c)?.get(method);
    if (found) return found;
  }
  return undefined;
}

export function denied(decision: Exclude<Decision, "ALLOW">, what: string): AppError {
  return decision === "UNAUTHENTICATED"
    ? new AppError("UNAUTHENTICATED", `Sign in to use ${what}.`)
    : new AppError("FORBIDDEN", `Your role may not use ${what}.`);
}

/**
 * Wraps every Query and Mutation field of the built schema with its rule. Root fields only:
 * nested fields cost nothing extra, and a root field without a rule is refused (closed by
 * default). Returns the rule of every root field so a test can list them.
 */
export function enforceAccess(
  schema: GraphQLSchema,
  ruleOfField: (type: "Query" | "Mutation", field: string) => AccessRule | undefined,
): Map<string, AccessRule | undefined> {
  const found = new Map<string, AccessRule | undefined>();
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      const accessRule = ruleOfField(type.name as "Query" | "Mutation", field.name);
      found.set(name, accessRule);
      const resolve = field.resolve as GraphQLFieldResolver<unknown, { actor: Actor | null }>;
      field.resolve = (source, args, context: { actor: Actor | null }, info) => {
        if (!accessRule) throw new AppError("FORBIDDEN", `${name} has no access rule.`);
        const decision = accessRule(context.actor);
        if (decision !== "ALLOW") throw denied(decision, name);
        return resolve(source, args, context, info);
      };
    }
  }
  return found;
}
