import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { encodeCursor } from "../common/connection";
import { linkFilters } from "../model/graphql-types";
import { LinkInfo, TYPES } from "../model/registry";
import { vacuumAnalyzeContent, seedSynthetic, SYNTHETIC_SLUG_PREFIX } from "../seed/synthetic";
import { freePort } from "../db/embedded";
import { BenchDatabase, benchDatabase, benchServer, load, LoadResult } from "./harness";

/**
 * `npm run bench -- --scale 10000,100000`: the delivery queries at each library size (a
 * synthetic set of that many conditions beside the article's content), p50/p99 under load,
 * the ratio of the largest size to the smallest (target: at most 1.2) and the server's RSS.
 * BENCH_DURATION (seconds per run, default 3), BENCH_CONNECTIONS (default 10) and
 * BENCH_SCALE_ROUNDS (runs per size and scenario, default 2); BENCH_SCALE_ONLY (a regular
 * expression) keeps the scenarios whose names match.
 */
interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

const LIST_FIELDS = "pageInfo { hasNextPage endCursor } edges { cursor node { id slug } }";
const slugOf = (key: string, n: number) => `${SYNTHETIC_SLUG_PREFIX}${TYPES.get(key)!.table.replace(/_/g, "-")}-${n}`;

/**
 * The synthetic item at the far end of a link filter that has the median number of live items
 * on the listed side, at this size. Links are drawn at random, so a fixed item's count is a
 * draw too (advice item 2: 2 conditions at 10,000, 7 at 100,000): the two sizes' pages would
 * differ in length, not in library size. The median is the same at every size, the link
 * proportions being the same.
 */
async function typicalFarItem(owner: Client, listed: string, l: { link: LinkInfo; direction: "out" | "in" }) {
  const [near, far] = l.direction === "out" ? [l.link.source, l.link.target] : [l.link.target, l.link.source];
  const [nearColumn, farColumn] =
    l.direction === "out" ? [l.link.sourceColumn, l.link.targetColumn] : [l.link.targetColumn, l.link.sourceColumn];
  const [nearTable, farTable] = [TYPES.get(near)!.table, TYPES.get(far)!.table];
  if (near !== listed) throw new Error(`${l.link.key} does not list ${listed}`);
  const { rows } = await owner.query<{ slug: string; n: number }>(
    `WITH per AS (
       SELECT s.slug, count(*)::int AS n
       FROM live.${l.link.table} l
       JOIN live.${farTable}_translation s ON s.${farTable}_id = l.${farColumn} AND s.locale = 'en'
       JOIN live.${nearTable}_translation k ON k.${nearTable}_id = l.${nearColumn} AND k.locale = 'en'
       WHERE s.slug LIKE $1
       GROUP BY s.slug)
     SELECT slug, n FROM per WHERE n = (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM per) ORDER BY slug LIMIT 1`,
    [`${SYNTHETIC_SLUG_PREFIX}%`],
  );
  if (!rows.length) throw new Error(`no synthetic ${far} is linked to a live ${listed}`);
  return rows[0];
}

/** Every list filter of conditions and the enum filters of the other types, each with and without totalCount. */
async function filterScenarios(owner: Client): Promise<Scenario[]> {
  const out: Scenario[] = [];
  const add = (key: string, label: string, filter: Record<string, unknown>) => {
    const d = TYPES.get(key)!;
    for (const counted of [false, true]) {
      out.push({
        name: `${d.listQuery} by ${label}${counted ? " + totalCount" : ""}`,
        query: `query($filter: ${d.name}Filter) { ${d.listQuery}(first: 20, filter: $filter) { ${counted ? "totalCount " : ""}${LIST_FIELDS} } }`,
        variables: { filter },
      });
    }
  };
  const condition = TYPES.get("condition")!;
  for (const [name] of Object.entries(condition.filters ?? {})) add("condition", name, { [name]: "calf" });
  for (const l of linkFilters(condition)) {
    const far = await typicalFarItem(owner, "condition", l);
    console.error(`conditions by ${l.name}: ${far.slug}, linked to ${far.n} live conditions`);
    add("condition", l.name, { [l.name]: far.slug });
  }
  for (const d of TYPES.values()) {
    if (d.key === "condition") continue;
    for (const [name, f] of Object.entries(d.filters ?? {})) {
      const field = d.fields[f.field];
      if (field.kind === "enum") add(d.key, name, { [name]: field.enum.values[0] });
    }
  }
  const byCondition = linkFilters(TYPES.get("symptom")!).find((l) => l.name === "condition")!;
  const typical = await typicalFarItem(owner, "symptom", byCondition);
  console.error(`symptoms by condition: ${typical.slug}, linked to ${typical.n} live symptoms`);
  add("symptom", "condition", { condition: typical.slug });
  return out;
}

const CONDITION_PAGE = `query($slug: String!) { condition(slug: $slug) { id slug name summary body locale lastReviewedAt
  symptoms { slug name } riskFactors { slug name } treatmentLinks { order line note treatment { slug name } }
  diagnosticMethods { slug name } redFlags { slug text urgency } prevention { slug text } selfCare { slug text }
  caseExamples { slug title } } }`;

export async function scenarios(owner: Client): Promise<Scenario[]> {
  // A cursor nine tenths of the way down the conditions list.
  const { rows } = await owner.query<{ sort: string; id: string }>(
    `SELECT name AS sort, condition_id AS id FROM live.condition_translation WHERE locale = 'en'
     ORDER BY name, condition_id OFFSET (SELECT count(*) * 9 / 10 FROM live.condition_translation WHERE locale = 'en') LIMIT 1`,
  );
  const deep = encodeCursor("condition", { sortKey: rows[0].sort, id: rows[0].id });
  const list: Scenario[] = [
    { name: "condition page (sciatica)", query: CONDITION_PAGE, variables: { slug: "sciatica" } },
    { name: "condition page (synthetic)", query: CONDITION_PAGE, variables: { slug: slugOf("condition", 2) } },
    { name: "conditions, first page", query: `{ conditions(first: 20) { ${LIST_FIELDS} } }` },
    { name: "conditions, first page + totalCount", query: `{ conditions(first: 20) { totalCount ${LIST_FIELDS} } }` },
    {
      name: "conditions, page 90% deep",
      query: `query($after: String) { conditions(first: 20, after: $after) { ${LIST_FIELDS} } }`,
      variables: { after: deep },
    },
    {
      name: "conditions, nameContains",
      query: `{ conditions(first: 20, filter: { nameContains: "sciatic" }) { totalCount ${LIST_FIELDS} } }`,
    },
    {
      name: "conditions, nameContains, es",
      query: `{ conditions(first: 20, locale: "es", filter: { nameContains: "sciatic" }) { totalCount ${LIST_FIELDS} } }`,
    },
    ...(await filterScenarios(owner)),
  ];
  list.push({
    name: "search (sciatica, first 10)",
    query: `{ search(query: "sciatica", first: 10) { edges { rank snippet node { id ... on Condition { name } } } } }`,
  });
  list.push({ name: "search with a typo (sciatca)", query: `{ search(query: "sciatca", first: 10) { edges { node { id } } } }` });
  return list;
}

/** "10000,100000" -> [10000, 100000], ascending. */
export function parseSizes(text: string | undefined): number[] {
  const sizes = (text ?? "").split(",").map(Number);
  if (!text || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--scale takes sizes like 10000,100000");
  return sizes.sort((a, b) => a - b);
}

/** A production server (`node dist/src/main.js`) of its own for one library size; its RSS is read from /proc. */
interface SizeServer {
  size: number;
  endpoint: string;
  owner: Client;
  rss: () => number;
  stop: () => Promise<void>;
}

async function startSizeServer(size: number, db: BenchDatabase): Promise<SizeServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, "..", "main.js")], {
    env: {
      ...process.env,
      DATABASE_URL: db.databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      RESPONSE_CACHE: "off",
      RUN_JOBS: "false",
      ANON_RATE_LIMIT: "unlimited", // the load comes from one address
      SEED_ON_START: "false",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("GraphQL API ready")) {
        child.stdout.off("data", onData);
        child.stdout.resume();
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the ${size} server exited with ${code} before it was ready:\n${out}`)));
  });
  const owner = new Client({ connectionString: db.databaseUrl });
  await owner.connect();
  return {
    size,
    endpoint: `http://127.0.0.1:${port}/graphql`,
    owner,
    rss: () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      } catch {
        return 0; // not Linux: no RSS figure
      }
    },
    stop: async () => {
      await owner.end();
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Each size is a database of its own on one PostgreSQL server, with a production server of its
 * own, loaded one after the other scenario by scenario and round by round (the order of sizes
 * alternating), so that the ratios compare runs minutes apart at most, as a shared machine's
 * noise drifts. BENCH_SCALE_ROUNDS sets the rounds (default 2).
 */
export async function runScaleBench(sizes: number[]): Promise<void> {
  const duration = Number(process.env.BENCH_DURATION || 3);
  const connections = Number(process.env.BENCH_CONNECTIONS || 10);
  const rounds = Math.max(1, Number(process.env.BENCH_SCALE_ROUNDS || 2));
  const pg = await benchServer();
  const databases: BenchDatabase[] = [];
  const servers: SizeServer[] = [];
  const results = new Map<string, Map<number, LoadResult[]>>();
  const peakRss = new Map<number, number>();
  try {
    for (const size of sizes) {
      const db = await benchDatabase(`scale_${size}`, pg);
      databases.push(db);
      const started = performance.now();
      const writer = new Client({ connectionString: db.logins.editor });
      await writer.connect();
      try {
        await seedSynthetic(writer, size);
      } finally {
        await writer.end();
      }
      const server = await startSizeServer(size, db);
      servers.push(server);
      await vacuumAnalyzeContent(server.owner);
      console.error(`${size} synthetic conditions loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    console.log(
      `node ${process.version}, ${os.cpus().length} cores; ${duration} s per run, ${rounds} rounds alternating the sizes, ` +
        `${connections} connections, no response cache, one production server per size`,
    );
    // The same scenarios at every size; a deep cursor is a size's own.
    const bySize = new Map<number, Scenario[]>();
    for (const server of servers) bySize.set(server.size, await scenarios(server.owner));
    // BENCH_SCALE_ONLY: a regular expression; only the scenarios whose names match run.
    const only = process.env.BENCH_SCALE_ONLY ? new RegExp(process.env.BENCH_SCALE_ONLY, "i") : null;
    const names = bySize.get(sizes[0])!.map((s) => s.name);
    for (const [i, name] of names.entries()) {
      if (only && !only.test(name)) continue;
      const runs = new Map<number, LoadResult[]>(sizes.map((n) => [n, []]));
      results.set(name, runs);
      const bodyAt = (size: number) => {
        const s = bySize.get(size)![i];
        return JSON.stringify({ query: s.query, variables: s.variables });
      };
      for (const server of servers) {
        const body = bodyAt(server.size);
        const probe = await fetch(server.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body });
        const answer = (await probe.json()) as { errors?: unknown };
        if (probe.status !== 200 || answer.errors) throw new Error(`${name} at ${server.size}: ${JSON.stringify(answer)}`);
        await load(server.endpoint, body, connections, 1); // warm-up: plans cached, pages in memory
      }
      for (let round = 0; round < rounds; round++) {
        for (const server of round % 2 ? [...servers].reverse() : servers) {
          const body = bodyAt(server.size);
          let peak = 0;
          const sampler = setInterval(() => (peak = Math.max(peak, server.rss())), 100);
          try {
            runs.get(server.size)!.push(await load(server.endpoint, body, connections, duration));
          } finally {
            clearInterval(sampler);
          }
          peakRss.set(server.size, Math.max(peakRss.get(server.size) ?? 0, peak));
        }
      }
    }
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    for (const db of databases) await db.drop().catch((error: Error) => console.error(`dropping a bench database: ${error.message}`));
    await pg.stop();
  }
  printScaleTable(sizes, results, peakRss);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function printScaleTable(sizes: number[], results: Map<string, Map<number, LoadResult[]>>, peakRss: Map<number, number>) {
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  const header = [
    "scenario",
    ...sizes.flatMap((n) => [`p50 ${label(n)}`, `p99 ${label(n)}`, `req/s ${label(n)}`]),
    `${label(large)}/${label(small)}`,
    "per round (median)",
    "errors",
  ];
  const rows: string[][] = [header];
  for (const [scenario, bySize] of results) {
    const runs = (n: number) => bySize.get(n) ?? [];
    // p50 and p99 are whole milliseconds (autocannon's): the median run's. The ratio is of the
    // mean latency over all rounds, which is not rounded.
    const median = (n: number, pick: (r: LoadResult) => number) => {
      const values = runs(n)
        .map(pick)
        .sort((a, b) => a - b);
      return values.length ? values[Math.floor((values.length - 1) / 2)] : NaN;
    };
    const meanLatency = (n: number) =>
      sum(runs(n).map((r) => r.latency.average * r.requests.total)) / sum(runs(n).map((r) => r.requests.total));
    rows.push([
      scenario,
      ...sizes.flatMap((n) => [
        String(median(n, (r) => r.latency.p50)),
        String(median(n, (r) => r.latency.p99)),
        (sum(runs(n).map((r) => r.requests.average)) / runs(n).length).toFixed(0),
      ]),
      (meanLatency(large) / meanLatency(small)).toFixed(2),
      roundRatio(runs(large), runs(small)).toFixed(2),
      String(sizes.reduce((e, n) => e + sum(runs(n).map((r) => r.errors + r.non2xx)), 0)),
    ]);
  }
  rows.push([
    "server RSS under load (MB)",
    ...sizes.flatMap((n) => [((peakRss.get(n) ?? 0) / 1024 / 1024).toFixed(0), "", ""]),
    "",
    "",
    "",
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const row of rows) console.log(row.map((cell, i) => (cell ?? "").padEnd(widths[i])).join(" | "));
  console.log(
    `${label(large)}/${label(small)}: mean latency at ${label(large)} over mean latency at ${label(small)}, all rounds (target: at most 1.2); ` +
      `per round: the same ratio of the two runs of each round, which ran one after the other, the median over the rounds`,
  );
}

/**
 * The median over rounds of each round's ratio of mean latencies. The two runs of a round ran
 * one after the other, so a burst of the host's other work that lands on one run moves one
 * round's ratio, not the median.
 */
function roundRatio(large: LoadResult[], small: LoadResult[]): number {
  const ratios = large
    .map((run, round) => run.latency.average / small[round]?.latency.average)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (!ratios.length) return NaN;
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
}
