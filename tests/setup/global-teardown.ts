import fs from "node:fs";
import type { EmbeddedDatabase } from "../../src/db/embedded";
import { dropTemplates } from "./template-databases";

export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) await dropTemplates(process.env.TEST_DATABASE_URL);
  const embedded = (globalThis as Record<string, unknown>).__embeddedPg as { pg: EmbeddedDatabase; dataDir: string } | undefined;
  if (!embedded) return;
  await embedded.pg.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
