import { hash, verify } from "@node-rs/argon2";
import { jwtVerify, SignJWT } from "jose";
import { DataSource } from "typeorm";
import { Actor, Role } from "../access/access";
import { AppError, BadUserInputError } from "../common/errors";
import { UserEntity } from "../editorial/cms.entities";
import { auditAccount } from "./account-audit";
import { LoginThrottle } from "./login-throttle";

const ISSUER = "health-cms";
export const ROLES: Role[] = ["ADMIN", "EDITOR", "REVIEWER"];
// Verified when the email is unknown, so both failures take the same time.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4Yz0nq2a0sOQ6bU3Wm2x5m9mB2Qq1m8Yb9iJ1f2cT0U";

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface Session {
  token: string;
  expiresAt: Date;
  user: UserEntity;
}

export function checkPassword(password: string, field = "password"): void {
  if (password.length < 10) throw new BadUserInputError("The password needs at least 10 characters.", field);
  if (password.length > 200) throw new BadUserInputError("The password may have at most 200 characters.", field);
}

/** Accounts, password hashing (argon2id) and signed, expiring tokens (HS256 JWT). */
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: DataSource,
    private readonly secret: Uint8Array,
    private readonly ttlSeconds = 12 * 3600,
  ) {
    this.throttle = new LoginThrottle(db);
  }

  /** `actor` is the admin who creates the user; null for the command line. */
  async createUser(input: NewUser, actor: Actor | null = null): Promise<UserEntity> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new BadUserInputError("Not a valid email address.", "email");
    if (!ROLES.includes(input.role)) throw new BadUserInputError(`Role must be one of ${ROLES.join(", ")}.`, "role");
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 200) throw new BadUserInputError("Give a display name of 1 to 200 characters.", "displayName");
    checkPassword(input.password);
    const repo = this.db.getRepository(UserEntity);
    if (await repo.existsBy({ email })) throw new AppError("CONFLICT", `A user with email ${email} exists already.`);
    const passwordHash = await hash(input.password);
    return this.db.transaction(async (m) => {
      const saved = await m.save(m.create(UserEntity, { email, displayName, role: input.role, passwordHash }));
      await auditAccount(m, actor, "USER_CREATED", saved.id, { email, role: input.role, by: actor ? "admin" : "command line" });
      return m.findOneByOrFail(UserEntity, { id: saved.id });
    });
  }

  /** `ip` is the client's address, for throttling; without it only the per-account counter applies. */
  async login(emailInput: string, password: string, ip?: string): Promise<Session> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.check(email, ip);
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder("u")
      .addSelect("u.passwordHash")
      .where("u.email = :email", { email })
      .getOne();
    const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok) {
      await this.throttle.failed(email, ip);
      await auditAccount(this.db, null, "LOGIN_FAILED", user?.id ?? null, {
        email,
        ip: ip ?? null,
        reason: user ? "password" : "unknown email",
      });
      throw new AppError("UNAUTHENTICATED", "Invalid email or password.");
    }
    await this.throttle.succeeded(email, ip);
    if (user.disabledAt) {
      await auditAccount(this.db, null, "LOGIN_FAILED", user.id, { email, ip: ip ?? null, reason: "disabled" });
      throw new AppError("UNAUTHENTICATED", "This account is disabled: ask an admin.");
    }
    await auditAccount(this.db, null, "LOGIN", user.id, { email, ip: ip ?? null });
    return this.session(user);
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<Session> {
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder("u")
      .addSelect("u.passwordHash")
      .where("u.id = :id", { id: actor.id })
      .getOne();
    if (!user || !(await verify(user.passwordHash, current).catch(() => false))) {
      throw new AppError("UNAUTHENTICATED", "The current password is wrong.");
    }
    checkPassword(next, "newPassword");
    // Bumping token_version revokes every token issued before.
    const passwordHash = await hash(next);
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE cms.app_user SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [
        user.id,
        passwordHash,
      ]);
      await auditAccount(m, actor, "PASSWORD_CHANGED", user.id);
    });
    return this.session(await this.db.getRepository(UserEntity).findOneByOrFail({ id: user.id }));
  }

  user(id: string): Promise<UserEntity> {
    return this.db.getRepository(UserEntity).findOneByOrFail({ id });
  }

  users(): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({ order: { email: "ASC" } });
  }

  async session(user: UserEntity): Promise<Session> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ role: user.role, tv: user.tokenVersion })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.secret);
    return { token, expiresAt, user };
  }

  /** The actor behind a bearer token; UNAUTHENTICATED when it is invalid, expired or revoked. */
  async authenticate(token: string): Promise<Actor> {
    let subject: string | undefined;
    let tokenVersion: unknown;
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        issuer: ISSUER,
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub", "iat"],
      });
      subject = payload.sub;
      tokenVersion = payload.tv;
    } catch {
      throw new AppError("UNAUTHENTICATED", "The token is invalid or has expired: sign in again.");
    }
    const user = subject ? await this.db.getRepository(UserEntity).findOneBy({ id: subject }) : null;
    if (!user || user.disabledAt || user.tokenVersion !== tokenVersion) {
      throw new AppError("UNAUTHENTICATED", "The token has been revoked: sign in again.");
    }
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role as Role };
  }
}
