import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Access, adminOnly, rules } from "../access/access";
import { UserEntity } from "../editorial/cms.entities";
import { editorialOf, RequestContext } from "../server/context";
import { AuthPayload, NewUserInput, User, UserRole } from "./auth.types";

const toUser = (u: UserEntity): User => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role as UserRole,
  createdAt: u.createdAt,
  disabled: u.disabledAt !== null,
});

@Resolver()
export class AuthResolver {
  @Access(rules.public)
  @Mutation(() => AuthPayload, { description: "Signs in; the token expires after 12 hours." })
  async login(@Arg("email") email: string, @Arg("password") password: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    const session = await editorialOf(ctx).auth.login(email, password, ctx.clientIp);
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
    const { auth, actor } = editorialOf(ctx);
    return toUser(await auth.createUser(input, actor));
  }

  @Access(rules.signedIn)
  @Mutation(() => Boolean, { description: "Signs out everywhere: every token of yours stops working, this one included." })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    const { accounts, actor } = editorialOf(ctx);
    await accounts.logout(actor);
    return true;
  }

  @Access(adminOnly)
  @Mutation(() => User, { description: "Disables an account and revokes its tokens; not your own." })
  async disableUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User> {
    const { accounts, actor } = editorialOf(ctx);
    return toUser(await accounts.disable(actor, id));
  }

  @Access(adminOnly)
  @Mutation(() => User, { description: "Lets a disabled account sign in again." })
  async enableUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User> {
    const { accounts, actor } = editorialOf(ctx);
    return toUser(await accounts.enable(actor, id));
  }

  @Access(adminOnly)
  @Mutation(() => User, { description: "Changes a user's role and revokes their tokens; not your own." })
  async changeUserRole(
    @Arg("id", () => ID) id: string,
    @Arg("role", () => UserRole) role: UserRole,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    const { accounts, actor } = editorialOf(ctx);
    return toUser(await accounts.changeRole(actor, id, role));
  }

  @Access(adminOnly)
  @Mutation(() => User, { description: "Revokes every token of a user (a leaked token, a lost laptop)." })
  async revokeSessions(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User> {
    const { accounts, actor } = editorialOf(ctx);
    return toUser(await accounts.revokeSessions(actor, id));
  }

  @Access(adminOnly)
  @Query(() => [User])
  async users(@Ctx() ctx: RequestContext): Promise<User[]> {
    return (await editorialOf(ctx).auth.users()).map(toUser);
  }
}
