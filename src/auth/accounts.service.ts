import { DataSource } from "typeorm";
import { Actor, Role } from "../access/access";
import { AppError, assertUuid, BadUserInputError } from "../common/errors";
import { UserEntity } from "../editorial/cms.entities";
import { auditAccount } from "./account-audit";
import { ROLES } from "./auth.service";

/**
 * What an admin does to accounts, and logout. Every change bumps the user's token_version,
 * so tokens issued before it fail with UNAUTHENTICATED on their next request.
 */
export class AccountsService {
  constructor(private readonly db: DataSource) {}

  disable(actor: Actor, id: string): Promise<UserEntity> {
    this.notSelf(actor, id, "disable");
    return this.change(actor, id, "USER_DISABLED", `disabled_at = coalesce(disabled_at, now())`, []);
  }

  enable(actor: Actor, id: string): Promise<UserEntity> {
    return this.change(actor, id, "USER_ENABLED", `disabled_at = NULL`, []);
  }

  changeRole(actor: Actor, id: string, role: Role): Promise<UserEntity> {
    if (!ROLES.includes(role)) throw new BadUserInputError(`Role must be one of ${ROLES.join(", ")}.`, "role");
    this.notSelf(actor, id, "change the role of");
    return this.change(actor, id, "USER_ROLE_CHANGED", `role = $2`, [role]);
  }

  revokeSessions(actor: Actor, id: string): Promise<UserEntity> {
    return this.change(actor, id, "USER_SESSIONS_REVOKED", "", []);
  }

  /** Revokes every token of the caller, the one of this request included. */
  async logout(actor: Actor): Promise<void> {
    await this.change(actor, actor.id!, "LOGOUT", "", []);
  }

  /** An admin who disables or demotes themselves could leave nobody to undo it. */
  private notSelf(actor: Actor, id: string, what: string): void {
    if (actor.id === id) throw new AppError("FORBIDDEN", `You cannot ${what} your own account: ask another admin.`);
  }

  private async change(actor: Actor, id: string, action: string, set: string, values: unknown[]): Promise<UserEntity> {
    assertUuid(id, "id");
    return this.db.transaction(async (m) => {
      const before = await m.findOne(UserEntity, { where: { id }, lock: { mode: "pessimistic_write" } });
      if (!before) throw new AppError("NOT_FOUND", `No user with id ${id}.`);
      await m.query(`UPDATE cms.app_user SET ${set ? `${set}, ` : ""}token_version = token_version + 1, updated_at = now() WHERE id = $1`, [
        id,
        ...values,
      ]);
      const after = await m.findOneByOrFail(UserEntity, { id });
      const detail = action === "USER_ROLE_CHANGED" ? { email: after.email, from: before.role, to: after.role } : { email: after.email };
      await auditAccount(m, actor, action, id, detail);
      return after;
    });
  }
}
