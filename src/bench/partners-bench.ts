import "./production";
import "reflect-metadata";
import os from "node:os";
import { sqlStats } from "../db/sql-stats";
import { defaultPartnerSettings } from "../partners/config";
import { Partners } from "../partners/partners";
import { createApp } from "../server/app";
import { startRuntime } from "../server/boot";
import { benchDatabase, load } from "./harness";

/**
 * `npm run bench:partners`: what keys and rate limits cost on the cheapest request there is, a
 * cached GET of the condition page. Rows: no limit; anonymous per-address limit; an API key
 * (check + count); with REDIS_URL set, the same with counters in Redis. BENCH_DURATION and
 * BENCH_CONNECTIONS as for `npm run bench`.
 */
const PAGE = `{ condition(slug: "sciatica") { slug name summary symptoms { slug name } treatments { slug name } } }`;

async function main(): Promise<void> {
  const duration = Number(process.env.BENCH_DURATION || 10);
  const connections = Number(process.env.BENCH_CONNECTIONS || 10);
  const { logins, jwtKey, drop } = await benchDatabase("partners");
  const runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 10, scheduler: false });

  const plain = defaultPartnerSettings();
  const variants: Array<{ label: string; settings: typeof plain; keyed: boolean }> = [
    { label: "cached GET, no limit", settings: plain, keyed: false },
    { label: "cached GET, anonymous limit (PostgreSQL)", settings: { ...plain, anonymousPerMinute: 1e9 }, keyed: false },
    { label: "cached GET, API key (PostgreSQL)", settings: plain, keyed: true },
  ];
  if (process.env.REDIS_URL) {
    const redis = { ...plain, redisUrl: process.env.REDIS_URL };
    variants.push({ label: "cached GET, anonymous limit (Redis)", settings: { ...redis, anonymousPerMinute: 1e9 }, keyed: false });
    variants.push({ label: "cached GET, API key (Redis)", settings: redis, keyed: true });
  }
  const rows: string[][] = [["scenario", "req/s", "p50 ms", "p99 ms", "SQL/request", "non-2xx"]];
  const admin = { id: null, email: "bench@example.org", displayName: "Bench", role: "ADMIN" as const };
  for (const variant of variants) {
    const partners = await Partners.start({ db: runtime.editor, settings: variant.settings, defaultLocale: "en" });
    const app = await createApp(
      { ...runtime.services, partners },
      { logLevel: "warn", responseCache: { maxEntries: 1000, maxAgeSeconds: 60 } },
    );
    const endpoint = await app.listen(0, "127.0.0.1");
    const headers: string[] = [];
    if (variant.keyed) {
      const { secret } = await partners.keys.create(admin, { name: "bench", scopes: ["DELIVERY"], requestsPerMinute: 1_000_000 });
      headers.push(`x-api-key=${secret}`);
    }
    const getUrl = `${endpoint}?query=${encodeURIComponent(PAGE)}`;
    await load(getUrl, null, connections, 1, headers); // fills the cache
    const before = sqlStats.statements;
    const result = await load(getUrl, null, connections, duration, headers);
    rows.push([
      variant.label,
      result.requests.average.toFixed(0),
      String(result.latency.p50),
      String(result.latency.p99),
      ((sqlStats.statements - before) / Math.max(1, result.requests.total)).toFixed(2),
      String(result.non2xx + result.errors),
    ]);
    await app.close();
    await partners.close();
  }
  console.log(`node ${process.version}, ${os.cpus().length} cores; ${duration} s per scenario, ${connections} connections`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join(" | "));

  await runtime.close();
  await drop();
}

main().catch((error) => {
  console.error("bench failed:", error);
  process.exit(1);
});
