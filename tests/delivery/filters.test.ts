import fs from "node:fs";
import path from "node:path";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";

type Item = Record<string, any> & { slug: string };
const seed: Record<string, Item[]> = JSON.parse(
  fs.readFileSync(path.join(__dirname, "../../seeds/content/leg-and-calf-pain.json"), "utf8"),
);

/** Every list query: field -> filter input type, seed collection and the text `nameContains` matches. */
const LISTS: Record<string, { filter: string; collection: string; text: string }> = {
  conditions: { filter: "ConditionFilter", collection: "conditions", text: "name" },
  symptoms: { filter: "SymptomFilter", collection: "symptoms", text: "name" },
  riskFactors: { filter: "RiskFactorFilter", collection: "riskFactors", text: "name" },
  treatments: { filter: "TreatmentFilter", collection: "treatments", text: "name" },
  diagnosticMethods: { filter: "DiagnosticMethodFilter", collection: "diagnosticMethods", text: "name" },
  advice: { filter: "AdviceFilter", collection: "advice", text: "text" },
  redFlags: { filter: "RedFlagFilter", collection: "redFlags", text: "text" },
  caseExamples: { filter: "CaseExampleFilter", collection: "caseExamples", text: "title" },
};

const slugsOf = (items: Item[]) => items.map((i) => i.slug).sort();
const linked = (item: Item, list: string) => ((item[list] ?? []) as Item[]).map((l) => l.slug);
const conditionsWith = (list: string, slug: string) => slugsOf(seed.conditions.filter((c) => linked(c, list).includes(slug)));
const conditionBySlug = (slug: string) => seed.conditions.find((c) => c.slug === slug)!;
const where = (collection: string, test: (i: Item) => boolean) => slugsOf(seed[collection].filter(test));

describe("list filters", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  /** The slugs (sorted) and totalCount of one filtered list, read in one page. */
  async function list(field: string, filter: Record<string, unknown>) {
    const response = await app.gql(
      `query($filter: ${LISTS[field].filter}) { ${field}(first: 100, filter: $filter) {
        totalCount edges { node { slug } } pageInfo { hasNextPage } } }`,
      { filter },
    );
    const connection = dataOf(response)[field];
    const slugs = connection.edges.map((e: any) => e.node.slug);
    expect(connection.totalCount).toBe(slugs.length);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    return slugs.sort() as string[];
  }

  it("filters conditions by symptom, risk factor and treatment slug", async () => {
    for (const [filter, list_, collection] of [
      ["symptom", "symptoms", "symptoms"],
      ["riskFactor", "riskFactors", "riskFactors"],
      ["treatment", "treatments", "treatments"],
    ]) {
      for (const { slug } of seed[collection]) {
        const expected = conditionsWith(list_, slug);
        expect([filter, slug, await list("conditions", { [filter]: slug })]).toEqual([filter, slug, expected]);
      }
    }
    expect(await list("conditions", { treatment: "spinal-decompression-therapy" })).toEqual(["sciatica"]);
    expect((await list("conditions", { symptom: "swelling" })).length).toBeGreaterThan(1);
  });

  it("filters conditions by body region", async () => {
    const regions = [...new Set(seed.conditions.flatMap((c) => c.bodyRegions as string[]))];
    expect(regions).toEqual(expect.arrayContaining(["calf", "knee", "shin"]));
    for (const region of regions) {
      const expected = where("conditions", (c) => c.bodyRegions.includes(region));
      expect([region, await list("conditions", { bodyRegion: region })]).toEqual([region, expected]);
    }
    expect(await list("conditions", { bodyRegion: "knee" })).toEqual(["bakers-cyst", "mechanical-postural-issues", "tendinitis"]);
  });

  it("filters treatments by category", async () => {
    const counts: Record<string, number> = {};
    for (const category of ["CONSERVATIVE", "ADVANCED", "SURGICAL", "SELF_CARE"]) {
      const got = await list("treatments", { category });
      expect(got).toEqual(where("treatments", (t) => t.category === category));
      counts[category] = got.length;
    }
    expect(counts).toEqual({ CONSERVATIVE: 5, ADVANCED: 3, SURGICAL: 1, SELF_CARE: 0 });
  });

  it("matches nameContains case-insensitively on every list", async () => {
    for (const [field, { collection, text }] of Object.entries(LISTS)) {
      const sample = String(seed[collection][0][text]);
      for (const term of ["CALF", "pAiN", sample.slice(2, 9).toUpperCase(), sample.slice(3, 8).toLowerCase()]) {
        const expected = where(collection, (i) => String(i[text]).toLowerCase().includes(term.toLowerCase()));
        expect([field, term, await list(field, { nameContains: term })]).toEqual([field, term, expected]);
      }
      expect((await list(field, { nameContains: sample.slice(2, 9).toUpperCase() })).length).toBeGreaterThan(0);
    }
    expect((await list("conditions", { nameContains: "CALF" })).length).toBeGreaterThan(0);
  });

  it("treats % and _ in nameContains literally", async () => {
    for (const field of Object.keys(LISTS)) {
      for (const term of ["%", "_", "a%e", "P_in", "\\"]) {
        expect([field, term, await list(field, { nameContains: term })]).toEqual([field, term, []]);
      }
    }
  });

  it("refuses a nameContains longer than 200 characters", async () => {
    for (const field of Object.keys(LISTS)) {
      const response = await app.gql(`query($f: ${LISTS[field].filter}) { ${field}(filter: $f) { totalCount } }`, {
        f: { nameContains: "a".repeat(201) },
      });
      expect(expectErrorCode(response, "BAD_USER_INPUT").extensions?.argument).toBe("filter.nameContains");
      expect(response.data?.[field] ?? null).toBeNull();
    }
    expect(await list("symptoms", { nameContains: "a".repeat(200) })).toEqual([]);
  });

  it("filters every linked list by condition", async () => {
    const byCondition: Array<[string, string]> = [
      ["symptoms", "symptoms"],
      ["riskFactors", "riskFactors"],
      ["treatments", "treatments"],
      ["diagnosticMethods", "diagnosticMethods"],
      ["advice", "advice"],
      ["redFlags", "redFlags"],
    ];
    for (const condition of seed.conditions) {
      for (const [field, list_] of byCondition) {
        const expected = [...new Set(linked(condition, list_))].sort();
        if (list_ === "symptoms" || list_ === "redFlags") expect(expected.length).toBeGreaterThan(0);
        expect([condition.slug, field, await list(field, { condition: condition.slug })]).toEqual([condition.slug, field, expected]);
      }
      const cases = where("caseExamples", (c) => linked(c, "conditions").includes(condition.slug));
      expect([condition.slug, await list("caseExamples", { condition: condition.slug })]).toEqual([condition.slug, cases]);
    }
    expect(await list("caseExamples", { condition: "sciatica" })).toEqual(["lower-back-disc-bulge"]);
    // Every list kind is covered by at least one condition that has such links.
    for (const [field, list_] of byCondition) {
      expect([field, seed.conditions.some((c) => linked(c, list_).length > 0)]).toEqual([field, true]);
    }
  });

  it("filters symptoms by kind, red flags by urgency, advice by kind and case examples by treatment", async () => {
    for (const kind of ["SYMPTOM", "SIGN"]) expect(await list("symptoms", { kind })).toEqual(where("symptoms", (s) => s.kind === kind));
    for (const urgency of ["EMERGENCY", "URGENT", "NON_URGENT"]) {
      const got = await list("redFlags", { urgency });
      expect(got).toEqual(where("redFlags", (r) => r.urgency === urgency));
      expect(got.length).toBeGreaterThan(0);
    }
    expect((await list("advice", { kind: "PREVENTION" })).length).toBe(7);
    expect((await list("advice", { kind: "SELF_CARE" })).length).toBe(6);
    for (const kind of ["PREVENTION", "SELF_CARE"]) expect(await list("advice", { kind })).toEqual(where("advice", (a) => a.kind === kind));
    for (const { slug } of seed.treatments) {
      const expected = where("caseExamples", (c) => linked(c, "treatments").includes(slug));
      expect([slug, await list("caseExamples", { treatment: slug })]).toEqual([slug, expected]);
    }
    expect(await list("caseExamples", { treatment: "footwear-and-orthotics" })).toContain("flat-footed-factory-worker");
  });

  it("combines filters with AND", async () => {
    const swellingKnee = where("conditions", (c) => linked(c, "symptoms").includes("swelling") && c.bodyRegions.includes("knee"));
    expect(swellingKnee.length).toBeLessThan(conditionsWith("symptoms", "swelling").length);
    expect(await list("conditions", { symptom: "swelling", bodyRegion: "knee" })).toEqual(swellingKnee);
    expect(
      await list("conditions", { symptom: "tingling-numbness", treatment: "spinal-decompression-therapy", nameContains: "SCIAT" }),
    ).toEqual(["sciatica"]);
    expect(await list("conditions", { symptom: "tingling-numbness", nameContains: "strain" })).toEqual(
      where("conditions", (c) => linked(c, "symptoms").includes("tingling-numbness") && /strain/i.test(c.name)),
    );

    const sciatica = conditionBySlug("sciatica");
    const advanced = where("treatments", (t) => t.category === "ADVANCED" && linked(sciatica, "treatments").includes(t.slug));
    expect(advanced).toContain("spinal-decompression-therapy");
    expect(await list("treatments", { condition: "sciatica", category: "ADVANCED" })).toEqual(advanced);
    const compartment = conditionBySlug("compartment-syndrome");
    for (const kind of ["SIGN", "SYMPTOM"]) {
      expect(await list("symptoms", { condition: compartment.slug, kind })).toEqual(
        where("symptoms", (s) => s.kind === kind && linked(compartment, "symptoms").includes(s.slug)),
      );
    }
    expect(await list("redFlags", { condition: compartment.slug, urgency: "EMERGENCY" })).toEqual(
      where("redFlags", (r) => r.urgency === "EMERGENCY" && linked(compartment, "redFlags").includes(r.slug)),
    );
    expect(await list("advice", { condition: "sciatica", kind: "SELF_CARE", nameContains: "CALF" })).toEqual(
      where("advice", (a) => a.kind === "SELF_CARE" && linked(sciatica, "advice").includes(a.slug) && /calf/i.test(a.text)),
    );
    expect(await list("caseExamples", { condition: "muscle-strain", treatment: "spinal-decompression-therapy" })).toEqual([]);
  });

  it("gives an empty list, not an error, for an unknown slug", async () => {
    const unknown: Array<[string, string]> = [
      ["conditions", "symptom"],
      ["conditions", "riskFactor"],
      ["conditions", "treatment"],
      ["conditions", "bodyRegion"],
      ...["symptoms", "riskFactors", "treatments", "diagnosticMethods", "advice", "redFlags", "caseExamples"].map(
        (f) => [f, "condition"] as [string, string],
      ),
      ["caseExamples", "treatment"],
      ["conditions", "nameContains"],
    ];
    for (const [field, key] of unknown) {
      expect([field, key, await list(field, { [key]: "no-such-slug" })]).toEqual([field, key, []]);
    }
    // A slug of the wrong type does not match either: "swelling" is a symptom, not a treatment.
    expect(await list("conditions", { treatment: "swelling" })).toEqual([]);
  });

  it("matches % and _ only as themselves in stored text", async () => {
    const [{ id }] = await app.writer.query(`INSERT INTO live.risk_factor DEFAULT VALUES RETURNING id`);
    await app.writer.query(
      `INSERT INTO live.risk_factor_translation (risk_factor_id, locale, slug, name) VALUES ($1, 'en', 'odd-name', '100% sitting_time')`,
      [id],
    );
    expect(await list("riskFactors", { nameContains: "0% SITTING_" })).toEqual(["odd-name"]);
    expect(await list("riskFactors", { nameContains: "%" })).toEqual(["odd-name"]);
    expect(await list("riskFactors", { nameContains: "g_t" })).toEqual(["odd-name"]);
    expect(await list("riskFactors", { nameContains: "0_ s" })).toEqual([]);
    expect(await list("riskFactors", { nameContains: "sitting%time" })).toEqual([]);
  });
});
