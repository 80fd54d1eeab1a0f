import "./production";
import "reflect-metadata";
import http from "node:http";
import os from "node:os";
import { createHash } from "node:crypto";
import { sqlStats } from "../db/sql-stats";
import { createApp } from "../server/app";
import { startRuntime } from "../server/boot";
import { HOSTILE } from "./hostile";
import { comparePeer, wantsPeer } from "./peer";
import { parseSizes, runScaleBench } from "./scale";
import { benchDatabase, load, LoadResult } from "./harness";

/**
 * `npm run bench`: seeds a fresh database, starts the API and loads it with autocannon.
 * Uses DATABASE_URL's server when set (in a new database), else a throwaway embedded one.
 * BENCH_DURATION (seconds per scenario, default 10) and BENCH_CONNECTIONS (default 10).
 */
const SCENARIOS: Array<{ name: string; query: string }> = [
  {
    name: "condition page (sciatica, all links)",
    query: `{ condition(slug: "sciatica") { id slug name alternateNames summary body locale lastReviewedAt nextReviewDueAt
      codes { system code } symptoms { slug name description } riskFactors { slug name } treatments { slug name category }
      treatmentLinks { order line note treatment { slug } } diagnosticMethods { slug name } redFlags { slug text urgency action }
      prevention { slug text } selfCare { slug text } caseExamples { slug title treatments { slug } } } }`,
  },
  {
    name: "conditions list (first 20, names + symptoms)",
    query: `{ conditions(first: 20) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { slug name summary symptoms { slug name } } } } }`,
  },
  {
    name: "treatments by category (filtered list)",
    query: `{ treatments(first: 10, filter: { category: CONSERVATIVE }) { totalCount edges { node { slug name conditions { slug } } } } }`,
  },
  {
    name: "search (shooting pain down the leg, first 10)",
    query: `{ search(query: "shooting pain down the leg", first: 10) { totalCount
      edges { type rank snippet node { id ... on Condition { slug name } ... on Symptom { slug name } ... on CaseExample { slug title } } } } }`,
  },
  {
    name: "search with a typo (sciatca)",
    query: `{ search(query: "sciatca", first: 10) { totalCount edges { type snippet node { id ... on Condition { slug name } } } } }`,
  },
  {
    name: "treatment embed (GraphQL)",
    query: `{ treatment(slug: "manual-therapies") { embed { html text jsonLd attribution canonicalUrl lastReviewedAt nextReviewDueAt } } }`,
  },
  {
    name: "condition JSON-LD (sciatica)",
    query: `{ condition(slug: "sciatica") { jsonLd } }`,
  },
];

/** A table row of one load run: its rate, latencies, statements and errors as given. */
function loadRow(label: string, result: LoadResult, sql: string, errors: string): string[] {
  return [label, result.requests.average.toFixed(0), String(result.latency.p50), String(result.latency.p99), sql, errors];
}

async function main(): Promise<void> {
  // `--scale 10000,100000`: the delivery queries at each library size (src/bench/scale.ts).
  const scale = process.argv.indexOf("--scale");
  if (scale >= 0) return runScaleBench(parseSizes(process.argv[scale + 1]));
  const duration = Number(process.env.BENCH_DURATION || 10);
  const connections = Number(process.env.BENCH_CONNECTIONS || 10);
  const { databaseUrl, logins, jwtKey, drop } = await benchDatabase("delivery");
  const runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 10, scheduler: false });
  // One pino line per request would share the terminal with the table; LOG_LEVEL=info shows them.
  // The uncached rows run on a server without the response cache (RESPONSE_CACHE=off).
  const app = await createApp(runtime.services, { logLevel: process.env.LOG_LEVEL ?? "warn", responseCache: false });
  const endpoint = await app.listen(0, "127.0.0.1");
  const cachedApp = await createApp(runtime.services, {
    logLevel: process.env.LOG_LEVEL ?? "warn",
    responseCache: { maxEntries: 1000, maxAgeSeconds: 60 },
  });
  const cachedEndpoint = await cachedApp.listen(0, "127.0.0.1");

  console.log(
    `node ${process.version}, ${os.cpus().length} cores; ${duration} s per scenario, ${connections} connections; autocannon in a separate process on the same machine`,
  );
  // "errors" counts failed requests; for refusals, answers other than a 4xx refusal.
  const rows: string[][] = [["scenario", "req/s", "p50 ms", "p99 ms", "SQL/request", "errors"]];
  for (const scenario of SCENARIOS) {
    const body = JSON.stringify({ query: scenario.query });
    const headers = { "content-type": "application/json" };
    // One checked request first: a benchmark of error responses measures nothing.
    const probe = await fetch(endpoint, { method: "POST", headers, body });
    const probeBody = (await probe.json()) as { errors?: unknown };
    if (probe.status !== 200 || probeBody.errors) throw new Error(`${scenario.name}: ${JSON.stringify(probeBody)}`);
    const single = sqlStats.statements;
    await fetch(endpoint, { method: "POST", headers, body }).then((r) => r.text());
    const perRequest = sqlStats.statements - single;

    await load(endpoint, body, connections, 2); // warm-up
    const before = sqlStats.statements;
    const result = await load(endpoint, body, connections, duration);
    const statements = (sqlStats.statements - before) / Math.max(1, result.requests.total);
    rows.push(loadRow(scenario.name, result, `${perRequest} (avg ${statements.toFixed(2)})`, String(result.errors + result.non2xx)));
  }
  if (wantsPeer()) rows.push(...(await comparePeer({ ownerUrl: databaseUrl, endpoint, duration, connections, load })));
  // The same page through the response cache: POST, and GET as a CDN or browser sends it; the
  // GET alternates with a bare node:http server answering the same bytes (the ceiling).
  const pageQuery = SCENARIOS[0].query;
  const getUrl = `${cachedEndpoint}?query=${encodeURIComponent(pageQuery)}`;
  const cachedBytes = await fetch(getUrl).then((r) => r.text());
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=60" });
    res.end(cachedBytes);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`;
  const runs: Record<string, LoadResult[]> = { post: [], get: [], bare: [] };
  await load(cachedEndpoint, JSON.stringify({ query: pageQuery }), connections, 1); // fills the cache
  const before = sqlStats.statements;
  runs.post.push(await load(cachedEndpoint, JSON.stringify({ query: pageQuery }), connections, duration));
  for (let round = 0; round < 2; round++) {
    runs.get.push(await load(getUrl, null, connections, duration));
    runs.bare.push(await load(bareUrl, null, connections, duration));
  }
  const cachedStatements = sqlStats.statements - before;
  const mean = (results: LoadResult[], pick: (r: LoadResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  for (const [label, results] of [
    ["condition page, cached (POST)", runs.post],
    ["condition page, cached (GET), 2 runs", runs.get],
    ["bare node:http, same bytes, 2 runs", runs.bare],
  ] as const) {
    rows.push([
      label,
      mean(results, (r) => r.requests.average).toFixed(0),
      mean(results, (r) => r.latency.p50).toFixed(1),
      mean(results, (r) => r.latency.p99).toFixed(1),
      label.startsWith("bare") ? "" : `${cachedStatements} in all`,
      String(results.reduce((n, r) => n + r.errors + r.non2xx, 0)),
    ]);
  }
  const ratio = mean(runs.get, (r) => r.requests.average) / mean(runs.bare, (r) => r.requests.average);
  rows.push(["  cached GET / bare server", ratio.toFixed(2), "", "", "", ""]);
  // What a CDN or browser sends next: the persisted query's hash alone, and a revalidation.
  const hash = createHash("sha256").update(pageQuery).digest("hex");
  const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
  await fetch(`${getUrl}&extensions=${extensions}`).then((r) => r.text()); // registers the query
  const persistedUrl = `${cachedEndpoint}?extensions=${extensions}`;
  const persisted = await fetch(persistedUrl);
  if ((await persisted.text()) !== cachedBytes) throw new Error("the persisted query answered other bytes");
  const etag = persisted.headers.get("etag") ?? "";
  const extraBefore = sqlStats.statements;
  const extra: Array<[string, LoadResult, (r: LoadResult) => number]> = [
    ["condition page, cached persisted query (GET, hash only)", await load(persistedUrl, null, connections, duration), (r) => r.non2xx],
    [
      "condition page, 304 Not Modified (GET, If-None-Match)",
      await load(persistedUrl, null, connections, duration, [`if-none-match=${etag}`]),
      (r) => r.requests.total - r["3xx"],
    ],
    ["condition page, cached GET, 32 connections", await load(getUrl, null, 32, duration), (r) => r.non2xx],
  ];
  // The ceiling at 32 connections too: on a small machine the load generator's share shows in p99.
  const bare32 = await load(bareUrl, null, 32, duration);
  bare.close();
  for (const [label, result, failed] of extra) {
    rows.push(loadRow(label, result, `${sqlStats.statements - extraBefore} in all`, String(result.errors + failed(result))));
  }
  rows.push(loadRow("bare node:http, same bytes, 32 connections", bare32, "", String(bare32.errors + bare32.non2xx)));
  if (process.env.REDIS_URL) {
    // The same GET through the cache shared in Redis (one round trip to Redis per hit).
    const redis = { url: process.env.REDIS_URL, prefix: `health-cms-bench:${process.pid}:`, timeoutMs: 250 };
    const redisApp = await createApp(runtime.services, { logLevel: "warn", responseCache: { maxEntries: 1000, maxAgeSeconds: 60, redis } });
    const redisEndpoint = await redisApp.listen(0, "127.0.0.1");
    const redisGet = `${redisEndpoint}?query=${encodeURIComponent(pageQuery)}`;
    const redisUp = async () =>
      /^response_cache_redis_up 1$/m.test(await fetch(redisEndpoint.replace(/graphql$/, "metrics")).then((r) => r.text()));
    for (let i = 0; i < 50 && !(await redisUp()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if ((await fetch(redisGet).then((r) => r.text())) !== cachedBytes) throw new Error("the Redis cache answered other bytes");
    const statementsBefore = sqlStats.statements;
    const result = await load(redisGet, null, connections, duration);
    const shared = (await redisUp()) ? "" : " (Redis unreachable: in process)";
    rows.push(
      loadRow(
        `condition page, cached in Redis (GET)${shared}`,
        result,
        `${sqlStats.statements - statementsBefore} in all`,
        String(result.errors + result.non2xx),
      ),
    );
    await redisApp.close();
  }
  // Refusals: each hostile query alone, then the condition page while the attack runs alongside.
  const headers = { "content-type": "application/json" };
  for (const hostile of HOSTILE) {
    const body = JSON.stringify({ query: hostile.query });
    const probe = await fetch(endpoint, { method: "POST", headers, body });
    if (probe.status !== 400) throw new Error(`${hostile.name} was not refused: ${probe.status} ${await probe.text()}`);
    const before = sqlStats.statements;
    const result = await load(endpoint, body, connections, Math.min(duration, 5));
    rows.push(
      loadRow(
        `refused: ${hostile.name}`,
        result,
        ((sqlStats.statements - before) / Math.max(1, result.requests.total)).toFixed(2),
        String(result.errors + result.requests.total - result["4xx"]),
      ),
    );
  }
  const page = JSON.stringify({ query: SCENARIOS[0].query });
  const attack = JSON.stringify({ query: HOSTILE[0].query });
  const [normal, hostile] = await Promise.all([
    load(endpoint, page, connections, duration),
    load(endpoint, attack, Math.max(1, connections / 2), duration),
  ]);
  rows.push(
    loadRow(`condition page, ${Math.max(1, connections / 2)} attackers alongside`, normal, "", String(normal.errors + normal.non2xx)),
  );
  rows.push(
    loadRow("  (their nested-links queries, refused)", hostile, "", String(hostile.errors + hostile.requests.total - hostile["4xx"])),
  );
  // The API runs in this process (autocannon in its own), so this is the server's memory after the load.
  rows.push(["server RSS after the runs (MB)", (process.memoryUsage().rss / 2 ** 20).toFixed(0), "", "", "", ""]);

  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join(" | "));

  await app.close();
  await cachedApp.close();
  await runtime.close();
  await drop();
}

main().catch((error) => {
  console.error("bench failed:", error);
  process.exit(1);
});
