import "reflect-metadata";
import { loadConfig } from "../config/config";
import { openDatabase } from "../db/database";
import { editorDataSource } from "../db/data-source";
import { prepareDatabase } from "../db/prepare";
import { seedContent } from "../seed/seed.service";

/** `npm run seed`: migrates, then loads the article content. Safe to run again. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, (m) => console.log(m));
  try {
    const { logins } = await prepareDatabase(database.url, {
      given: config.logins,
      loginKey: database.loginKey,
      jwtSecret: config.jwtSecret,
    });
    const writer = await editorDataSource({ url: logins.editor }).initialize();
    try {
      const inserted = await seedContent(writer);
      console.log(inserted ? `seeded ${inserted} rows` : "seed content already present: nothing changed");
    } finally {
      await writer.destroy();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error("seed failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
