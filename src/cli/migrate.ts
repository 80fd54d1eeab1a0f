import "reflect-metadata";
import { loadConfig } from "../config/config";
import { openDatabase } from "../db/database";
import { prepareDatabase } from "../db/prepare";

/** `npm run migrate`: applies pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, (m) => console.log(m));
  try {
    // Migrations, and the roles and logins that the server's pools then connect with.
    const { applied } = await prepareDatabase(database.url, {
      given: config.logins,
      loginKey: database.loginKey,
      jwtSecret: config.jwtSecret,
      logSql: true,
    });
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error("migration failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
