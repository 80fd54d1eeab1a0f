import "reflect-metadata";
import { parseArgs } from "node:util";
import { Client } from "pg";
import { loadConfig } from "../config/config";
import { openDatabase } from "../db/database";
import { prepareDatabase } from "../db/prepare";
import { vacuumAnalyzeContent, planSynthetic, seedSynthetic } from "../seed/synthetic";

const USAGE = `Usage: npm run seed:synthetic -- --conditions N
Replaces the synthetic library (slugs synthetic-...) with one of N conditions and related items;
the article's content stays untouched. --conditions 0 removes the synthetic set.`;

/** A one-line progress bar on stderr (plain lines when stderr is not a terminal). */
function progressBar(total: number) {
  let lastPercent = -1;
  return (done: number, phase: string) => {
    const percent = Math.min(100, Math.floor((done / Math.max(1, total)) * 100));
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(percent).padStart(3)}% ${phase.padEnd(40)}`);
    } else if (percent >= lastPercent + 10 || done === 0) {
      process.stderr.write(`${percent}% ${phase}\n`);
    } else return;
    lastPercent = percent;
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { conditions: { type: "string" } } });
  const conditions = Number(values.conditions);
  if (values.conditions === undefined || !Number.isInteger(conditions) || conditions < 0 || conditions > 10_000_000) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabase(config, (m) => console.error(m));
  try {
    const { logins } = await prepareDatabase(database.url, {
      given: config.logins,
      loginKey: database.loginKey,
      jwtSecret: config.jwtSecret,
    });
    // Written as the editorial login, as every content write is; VACUUM and ANALYZE need the owner.
    const writer = new Client({ connectionString: logins.editor, application_name: "health-cms:seed-synthetic" });
    await writer.connect();
    const started = performance.now();
    try {
      const plan = planSynthetic(conditions);
      const result = await seedSynthetic(writer, conditions, progressBar(plan.rows));
      if (process.stderr.isTTY) process.stderr.write("\n");
      const owner = new Client({ connectionString: database.url });
      await owner.connect();
      await vacuumAnalyzeContent(owner).finally(() => owner.end());
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const counts = Object.entries(result.plan.counts)
        .map(([type, n]) => `${n} ${type}`)
        .join(", ");
      console.log(
        conditions
          ? `synthetic library: ${counts} (${result.rows} rows, draft and live) in ${seconds} s; ${result.removed} earlier synthetic items replaced`
          : `removed ${result.removed} synthetic items in ${seconds} s`,
      );
    } finally {
      await writer.end();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error("seed:synthetic failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
