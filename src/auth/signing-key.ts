import { randomBytes } from "node:crypto";
import { Client } from "pg";

/** HS256 wants a key at least as long as its hash: shorter ones can be brute-forced. */
export const MIN_SECRET_BYTES = 32;

export function checkSecretLength(secret: string, name = "JWT_SECRET"): void {
  const bytes = Buffer.byteLength(secret, "utf8");
  if (bytes < MIN_SECRET_BYTES) {
    throw new Error(`${name} must be at least ${MIN_SECRET_BYTES} bytes long (it has ${bytes}); e.g. openssl rand -hex 32`);
  }
}

/**
 * JWT_SECRET when given; otherwise a random key kept in `cms.secret`, shared by every
 * instance. Read on the owner's connection at start-up: no login of the running server can
 * read that table.
 */
export async function signingKey(owner: Client, configured?: string): Promise<Uint8Array> {
  if (configured) {
    checkSecretLength(configured);
    return new TextEncoder().encode(configured);
  }
  await owner.query(`INSERT INTO cms.secret (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING`, [
    randomBytes(32).toString("hex"),
  ]);
  const { rows } = await owner.query<{ value: string }>(`SELECT value FROM cms.secret WHERE name = 'jwt'`);
  return new TextEncoder().encode(rows[0].value);
}
