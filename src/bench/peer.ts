import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { freePort } from "../db/embedded";
import { sqlStats } from "../db/sql-stats";

/**
 * `npm run bench -- --peer` (or BENCH_PEER=1): the same condition page, uncached, against this
 * API and PostGraphile 5 on the same database (schema `live`), in alternating rounds. The peer
 * is started by the script that BENCH_PEER_SCRIPT names (the workspace ships one in its shared
 * bench folder); PostGraphile is a benchmark tool here, never a dependency of the product.
 */

export interface PeerLoad {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

export interface PeerOptions {
  /** The database owner's URL: the peer script comments link tables so PostGraphile can walk them. */
  ownerUrl: string;
  /** This API's endpoint without the response cache. */
  endpoint: string;
  duration: number;
  connections: number;
  load: (url: string, body: string, connections: number, duration: number) => Promise<PeerLoad>;
}

export const wantsPeer = () => process.argv.includes("--peer") || process.env.BENCH_PEER === "1";

/** The page: name, locale, review dates, codes, symptoms, treatment links with their treatments. */
const OURS = `{ condition(slug: "sciatica", locale: "en") { name locale lastReviewedAt nextReviewDueAt codes { system code }
  symptoms { slug name } treatmentLinks { order line note treatment { slug name category } } } }`;

/**
 * The same data in PostGraphile 5.1's names. Its links come in the table's natural order: it
 * offers ordering by indexed columns only, and `position` has no index of its own.
 */
const PEER = `{ conditionTranslationByLocaleAndSlug(locale: "en", slug: "sciatica") { name locale
  conditionByConditionId { lastReviewedAt nextReviewDueAt codes
    conditionSymptomsByConditionId { nodes { symptomBySymptomId {
      symptomTranslationsBySymptomId(condition: { locale: "en" }) { nodes { slug name } } } } }
    conditionTreatmentsByConditionId { nodes { position line note treatmentByTreatmentId { category
      treatmentTranslationsByTreatmentId(condition: { locale: "en" }) { nodes { slug name } } } } } } } }`;

async function checked(url: string, body: string, what: string): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const answer = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  const first = answer.data ? Object.values(answer.data)[0] : null;
  if (response.status !== 200 || answer.errors || !first) throw new Error(`${what}: ${JSON.stringify(answer)}`);
}

/** Starts the peer, runs `rounds` alternating rounds (ours, peer, ...) and returns table rows. */
export async function comparePeer(options: PeerOptions, rounds = Number(process.env.BENCH_PEER_ROUNDS || 2)): Promise<string[][]> {
  const script = process.env.BENCH_PEER_SCRIPT;
  // The other rows still count when the peer cannot run: say why in the table instead.
  const notRun = (why: string) => [[`PostGraphile 5: not run (${why})`, "", "", "", "", ""]];
  if (!script) return notRun("set BENCH_PEER_SCRIPT to the peer script, see the README");
  const port = await freePort();
  console.log("starting PostGraphile 5 (the first run installs Node 22 and PostGraphile, about a minute)...");
  let pid: number;
  try {
    const { stdout } = await promisify(execFile)("bash", [script, options.ownerUrl, "live", String(port)], {
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    pid = Number(stdout.trim().split("\n").pop());
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`the peer script printed no process id: ${stdout}`);
  } catch (error) {
    console.error("the PostGraphile peer did not start:", error);
    return notRun("it did not start; see above");
  }
  const peerUrl = `http://127.0.0.1:${port}/graphql`;
  try {
    const ours = JSON.stringify({ query: OURS });
    const peer = JSON.stringify({ query: PEER });
    await checked(options.endpoint, ours, "this API");
    await checked(peerUrl, peer, "PostGraphile");
    const single = sqlStats.statements;
    await checked(options.endpoint, ours, "this API");
    const statements = sqlStats.statements - single;

    await options.load(options.endpoint, ours, options.connections, 1); // warm-up
    await options.load(peerUrl, peer, options.connections, 1);
    const runs: { ours: PeerLoad[]; peer: PeerLoad[] } = { ours: [], peer: [] };
    for (let round = 0; round < rounds; round++) {
      runs.ours.push(await options.load(options.endpoint, ours, options.connections, options.duration));
      runs.peer.push(await options.load(peerUrl, peer, options.connections, options.duration));
    }
    const mean = (results: PeerLoad[], pick: (r: PeerLoad) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
    const row = (label: string, results: PeerLoad[], sql: string) => [
      label,
      mean(results, (r) => r.requests.average).toFixed(0),
      mean(results, (r) => r.latency.p50).toFixed(1),
      mean(results, (r) => r.latency.p99).toFixed(1),
      sql,
      String(results.reduce((n, r) => n + r.errors + r.non2xx, 0)),
    ];
    const ratio = mean(runs.ours, (r) => r.requests.average) / mean(runs.peer, (r) => r.requests.average);
    return [
      row(`condition page (peer shape), ours uncached, ${rounds} runs`, runs.ours, String(statements)),
      row(`PostGraphile 5, same data, ${rounds} runs`, runs.peer, ""),
      ["  ours / PostGraphile", ratio.toFixed(2), "", "", "", ""],
    ];
  } finally {
    // The script starts PostGraphile in a process group of its own.
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}
