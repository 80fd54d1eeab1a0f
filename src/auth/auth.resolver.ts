import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { Access, adminOnly, rules } from "../access/access";
import { UserEntity } from "../editorial/cms.entities";
import { editorialOf, RequestContext } from "../server/context";
import { AuthPayload, NewUserInput, User, UserRole } from "./auth.types";

const toUser = (u: UserEntity): User => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role as UserRole, createdAt: u.createdAt });

@Resolver()
export class AuthResolver {
  @Access(rules.public)
  @Mutation(() => AuthPayload, { description: "Signs in; the token expires after 12 hours." })
  async login(@Arg("email") email: string, @Arg("password") password: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    const session = await editorialOf(ctx).auth.login(email, password);
    return { ...session, user: toUser(session.user) };
  }

  @Access(rules.signedIn)
  @Mutation(() => AuthPayload, { description: "Changes your password and revokes every token issued before." })
  async changePassword(
    @Arg("currentPassword") currentPassword: string,
    @Arg("newPassword") newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    const { auth, actor } = editorialOf(ctx);
    const session = await auth.changePassword(actor, currentPassword, newPassword);
    return { ...session, user: toUser(session.user) };
  }

  @Access(rules.signedIn)
  @Query(() => User, { description: "The signed-in user." })
  async me(@Ctx() ctx: RequestContext): Promise<User> {
    const { auth, actor } = editorialOf(ctx);
    return toUser(await auth.user(actor.id!));
  }

  @Access(adminOnly)
  @Mutation(() => User)
  async createUser(@Arg("input", () => NewUserInput) input: NewUserInput, @Ctx() ctx: RequestContext): Promise<User> {
    return toUser(await editorialOf(ctx).auth.createUser(input));
  }

  @Access(adminOnly)
  @Query(() => [User])
  async users(@Ctx() ctx: RequestContext): Promise<User[]> {
    return (await editorialOf(ctx).auth.users()).map(toUser);
  }
}
