import os from "node:os";
import { Client } from "pg";
import { encodeCursor } from "../common/connection";
import { linkFilters } from "../model/graphql-types";
import { TYPES } from "../model/registry";
import { vacuumAnalyzeContent, seedSynthetic, SYNTHETIC_SLUG_PREFIX } from "../seed/synthetic";
import { createApp } from "../server/app";
import { startRuntime } from "../server/boot";
import { benchDatabase, load, LoadResult } from "./harness";

/**
 * `npm run bench -- --scale 10000,100000`: the delivery queries at each library size (a
 * synthetic set of that many conditions beside the article's content), p50/p99 under load,
 * the ratio of the largest size to the smallest (target: at most 1.2) and the server's RSS.
 * BENCH_DURATION (seconds per scenario, default 3) and BENCH_CONNECTIONS (default 10).
 */
interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

const LIST_FIELDS = "pageInfo { hasNextPage endCursor } edges { cursor node { id slug } }";
const slugOf = (key: string, n: number) => `${SYNTHETIC_SLUG_PREFIX}${TYPES.get(key)!.table.replace(/_/g, "-")}-${n}`;

/** Every list filter of conditions and the enum filters of the other types, each with and without totalCount. */
function filterScenarios(): Scenario[] {
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
    // Item 2 of each type is live (one in ten, n % 10 == 7, stays a draft).
    add("condition", l.name, { [l.name]: slugOf(l.direction === "out" ? l.link.target : l.link.source, 2) });
  }
  for (const d of TYPES.values()) {
    if (d.key === "condition") continue;
    for (const [name, f] of Object.entries(d.filters ?? {})) {
      const field = d.fields[f.field];
      if (field.kind === "enum") add(d.key, name, { [name]: field.enum.values[0] });
    }
  }
  add("symptom", "condition", { condition: slugOf("condition", 2) });
  return out;
}

const CONDITION_PAGE = `query($slug: String!) { condition(slug: $slug) { id slug name summary body locale lastReviewedAt
  symptoms { slug name } riskFactors { slug name } treatmentLinks { order line note treatment { slug name } }
  diagnosticMethods { slug name } redFlags { slug text urgency } prevention { slug text } selfCare { slug text }
  caseExamples { slug title } } }`;

async function scenarios(owner: Client): Promise<Scenario[]> {
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
    ...filterScenarios(),
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

export async function runScaleBench(sizes: number[]): Promise<void> {
  const duration = Number(process.env.BENCH_DURATION || 3);
  const connections = Number(process.env.BENCH_CONNECTIONS || 10);
  const { databaseUrl, logins, jwtKey, drop } = await benchDatabase("scale");
  const runtime = await startRuntime({ logins, jwtKey, defaultLocale: "en", poolSize: 10, scheduler: false });
  const app = await createApp(runtime.services, { logLevel: process.env.LOG_LEVEL ?? "warn", responseCache: false });
  const endpoint = await app.listen(0, "127.0.0.1");
  const owner = new Client({ connectionString: databaseUrl });
  await owner.connect();
  const writer = new Client({ connectionString: logins.editor });
  await writer.connect();

  console.log(
    `node ${process.version}, ${os.cpus().length} cores; ${duration} s per scenario, ${connections} connections, no response cache`,
  );
  const results = new Map<string, Map<number, LoadResult>>();
  const rss = new Map<number, number>();
  try {
    for (const size of sizes) {
      const started = performance.now();
      await seedSynthetic(writer, size);
      await vacuumAnalyzeContent(owner);
      console.error(`${size} synthetic conditions loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      for (const s of await scenarios(owner)) {
        const body = JSON.stringify({ query: s.query, variables: s.variables });
        const probe = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body });
        const answer = (await probe.json()) as { errors?: unknown };
        if (probe.status !== 200 || answer.errors) throw new Error(`${s.name}: ${JSON.stringify(answer)}`);
        await load(endpoint, body, connections, 1); // warm-up: plans cached, pages in memory
        const result = await load(endpoint, body, connections, duration);
        if (!results.has(s.name)) results.set(s.name, new Map());
        results.get(s.name)!.set(size, result);
      }
      clearInterval(sampler);
      rss.set(size, peak);
    }
  } finally {
    await writer.end();
    await owner.end();
    await app.close();
    await runtime.close();
    await drop();
  }

  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  const header = [
    "scenario",
    ...sizes.flatMap((n) => [`p50 ${label(n)}`, `p99 ${label(n)}`, `req/s ${label(n)}`]),
    `p50 ${label(large)}/${label(small)}`,
    "errors",
  ];
  const rows: string[][] = [header];
  for (const [scenario, bySize] of results) {
    const p50 = (n: number) => bySize.get(n)?.latency.p50 ?? NaN;
    rows.push([
      scenario,
      ...sizes.flatMap((n) => [String(p50(n)), String(bySize.get(n)?.latency.p99), bySize.get(n)?.requests.average.toFixed(0) ?? ""]),
      // Latencies are whole milliseconds: below 1 ms a ratio says nothing.
      (p50(large) / Math.max(1, p50(small))).toFixed(2),
      String([...bySize.values()].reduce((e, r) => e + r.errors + r.non2xx, 0)),
    ]);
  }
  rows.push(["server RSS under load (MB)", ...sizes.flatMap((n) => [((rss.get(n) ?? 0) / 1024 / 1024).toFixed(0), "", ""]), "", ""]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const row of rows) console.log(row.map((cell, i) => (cell ?? "").padEnd(widths[i])).join(" | "));
}
