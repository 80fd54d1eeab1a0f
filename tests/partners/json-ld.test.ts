import fs from "node:fs";
import path from "node:path";
import jsonld from "jsonld";
import { editorialItem, stepOk } from "../helpers/editorial-workflow";
import { dataOf, startTestApp, TestApp } from "../helpers/test-app";
import { tokensByRole } from "../helpers/users";

/**
 * The real schema.org context is not reachable from tests: a bundled one maps each schema.org
 * term the API uses to its http://schema.org/ IRI, with no @vocab, so a term that is not listed
 * there (not a schema.org term we checked) would be dropped, and safe mode makes that an error.
 */
const CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/schema-org-context.jsonld"), "utf8"));
const documentLoader = async (url: string) => {
  if (!/^https?:\/\/schema\.org\/?$/.test(url)) throw new Error(`no network in tests: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: CONTEXT };
};
const S = "http://schema.org/";

type Expanded = Record<string, any>;
// The typings know only the callback form; the library returns a promise without one.
const jsonldExpand = jsonld.expand as unknown as (doc: object, options: object) => Promise<Expanded[]>;
const expand = async (doc: object): Promise<Expanded> => (await jsonldExpand(doc, { documentLoader, safe: true }))[0];
const types = (n: Expanded) => (n["@type"] as string[]).map((t) => t.replace(S, ""));
const all = (n: Expanded, p: string): Expanded[] => (n[S + p] ?? []) as Expanded[];
const value = (n: Expanded, p: string) => all(n, p)[0]?.["@value"] ?? all(n, p)[0]?.["@id"];

describe("schema.org JSON-LD of conditions, symptoms, risk factors and treatments", () => {
  let app: TestApp;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.PUBLIC_SITE_URL = "https://health.example.org/";
    app = await startTestApp({ responseCache: true });
  });
  afterAll(async () => {
    process.env = saved;
    await app.close();
  });

  it("describes a condition page with its symptoms, risk factors, treatments, tests, prevention, codes and sources", async () => {
    const { condition } = dataOf(await app.gql(`{ condition(slug: "sciatica") { jsonLd } }`));
    expect(condition.jsonLd["@context"]).toBe("https://schema.org");
    const page = await expand(condition.jsonLd);
    expect(types(page)).toEqual(["MedicalWebPage"]);
    expect(value(page, "inLanguage")).toBe("en");
    expect(value(page, "url")).toBe("https://health.example.org/conditions/sciatica");
    // The seed records no clinical review: none is claimed.
    expect(page[S + "lastReviewed"]).toBeUndefined();
    expect(page[S + "reviewedBy"]).toBeUndefined();

    const [about] = all(page, "about");
    expect(types(about)).toEqual(["MedicalCondition"]);
    expect(value(about, "name")).toBe("Sciatica (referred pain from the spine)");
    expect(all(about, "alternateName").map((v) => v["@value"])).toEqual(["Referred pain from the spine"]);
    const [code] = all(about, "code");
    expect(types(code)).toEqual(["MedicalCode"]);
    expect([value(code, "codeValue"), value(code, "codingSystem")]).toEqual(["M54.3", "ICD-10"]);
    const symptoms = all(about, "signOrSymptom");
    expect(symptoms.map((s) => value(s, "name"))).toEqual([
      "Shooting or radiating pain",
      "Tingling or numbness",
      "Weakness or difficulty walking",
    ]);
    for (const s of symptoms) expect(["MedicalSymptom", "MedicalSign"]).toContain(types(s)[0]);
    expect(value(symptoms[0], "url")).toBe("https://health.example.org/symptoms/shooting-radiating-pain");
    expect(all(about, "riskFactor").length).toBeGreaterThan(0);
    for (const r of all(about, "riskFactor")) expect(types(r)).toEqual(["MedicalRiskFactor"]);
    expect(all(about, "possibleTreatment").map((t) => value(t, "name"))).toContain("Spinal decompression therapy");
    for (const t of all(about, "possibleTreatment")) expect(types(t)).toEqual(["MedicalTherapy"]);
    expect(all(about, "typicalTest").map((t) => [types(t)[0], value(t, "name")])).toContainEqual(["MedicalTest", "Imaging"]);
    expect(all(about, "cause").map((c) => value(c, "name"))).toContain("Disc bulge");

    const citations = all(page, "citation");
    expect(citations.map((c) => value(c, "name"))).toEqual(
      expect.arrayContaining(["Leg and calf pain", "ICD-10 Version:2019, M54.3 Sciatica"]),
    );
    for (const c of citations) expect(types(c)).toEqual(["CreativeWork"]);
    // The check has teeth: a term the bundled context does not know fails the expansion.
    await expect(expand({ ...condition.jsonLd, medicalSpecialtyOfTheDay: "x" })).rejects.toThrow();
  });

  it("gives prevention advice as primaryPrevention", async () => {
    const { condition } = dataOf(await app.gql(`{ condition(slug: "shin-splints") { prevention { text } jsonLd } }`));
    const [about] = all(await expand(condition.jsonLd), "about");
    const prevention = all(about, "primaryPrevention");
    expect(prevention.map((p) => value(p, "name"))).toEqual(condition.prevention.map((a: { text: string }) => a.text));
    expect(prevention.length).toBeGreaterThan(0);
  });

  it("describes symptoms, risk factors and treatments as their schema.org types", async () => {
    const data = dataOf(
      await app.gql(`{ symptom(slug: "swelling") { jsonLd } riskFactor(slug: "age-related-degeneration") { jsonLd }
        treatment(slug: "manual-therapies") { jsonLd } }`),
    );
    const about = async (doc: object) => {
      const page = await expand(doc);
      expect(types(page)).toEqual(["MedicalWebPage"]);
      return all(page, "about")[0];
    };
    expect(types(await about(data.symptom.jsonLd))).toEqual(["MedicalSign"]);
    const risk = await about(data.riskFactor.jsonLd);
    expect(types(risk)).toEqual(["MedicalRiskFactor"]);
    const raises = all(risk, "increasesRiskOf");
    expect(raises.map((c) => [types(c)[0], value(c, "name")])).toEqual([
      ["MedicalCondition", "Baker's cyst"],
      ["MedicalCondition", "Sciatica (referred pain from the spine)"],
    ]);
    const therapy = await about(data.treatment.jsonLd);
    expect(types(therapy)).toEqual(["MedicalTherapy"]);
    expect(value(therapy, "url")).toBe("https://health.example.org/treatments/manual-therapies");
  });

  it("costs the same SQL for a list of 2 or 8 conditions with their JSON-LD (batched per link kind)", async () => {
    const list = (first: number) => app.gql(`{ conditions(first: ${first}) { edges { node { jsonLd } } } }`);
    await list(1);
    const two = await app.countStatements(() => list(2));
    const eight = await app.countStatements(() => list(8));
    expect(eight).toBe(two);
  });

  it("states lastReviewed and reviewedBy once a clinical sign-off is published", async () => {
    const tokens = await tokensByRole(app);
    const { condition } = dataOf(await app.gql(`{ condition(slug: "flat-feet") { id jsonLd } }`));
    expect(condition.jsonLd.lastReviewed).toBeUndefined();
    let item = await editorialItem(app, tokens.EDITOR, "CONDITION", condition.id);
    item = await stepOk(app, tokens.EDITOR, "submit", item);
    item = await stepOk(app, tokens.REVIEWER, "approve", item);
    // Approved but not yet published: the live page still claims nothing.
    expect(dataOf(await app.gql(`{ condition(slug: "flat-feet") { jsonLd } }`)).condition.jsonLd.lastReviewed).toBeUndefined();
    item = await stepOk(app, tokens.EDITOR, "publish", item);
    const page = await expand(dataOf(await app.gql(`{ condition(slug: "flat-feet") { jsonLd } }`)).condition.jsonLd);
    expect(value(page, "lastReviewed")).toBe(item.lastReviewedAt.slice(0, 10));
    const [reviewer] = all(page, "reviewedBy");
    expect(types(reviewer)).toEqual(["Person"]);
    expect(value(reviewer, "name")).toBe(item.reviewedBy);
  });
});
