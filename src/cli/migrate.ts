import "reflect-metadata";
import { loadConfig } from "../config/config";
import { openDatabase } from "../db/database";
import { runMigrations } from "../db/data-source";

/** `npm run migrate`: applies pending migrations. */
async function main(): Promise<void> {
  const database = await openDatabase(loadConfig(), (m) => console.log(m));
  try {
    const applied = await runMigrations(database.url, true);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error("migration failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
