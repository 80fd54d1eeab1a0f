import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

const CONDITION_PAGE = /* GraphQL */ `
  query ConditionPage($slug: String!, $locale: String) {
    condition(slug: $slug, locale: $locale) {
      id slug name alternateNames summary body locale lastReviewedAt nextReviewDueAt reviewedBy
      bodyRegions causes codes { system code citation { url } }
      citations { title publisher evidenceLevel }
      symptoms { id slug name description conditions { slug } }
      riskFactors { slug name description conditions { slug } }
      treatments { slug name summary body category conditions { slug } }
      diagnosticMethods { slug name description }
      redFlags { slug text urgency action }
      prevention { slug text kind }
      selfCare { slug text kind }
      caseExamples { slug title presentation plan outcome conditions { slug } treatments { slug } }
      differentials { slug }
      treatmentLinks { order line note treatment { slug } }
      symptomLinks { order note symptom { slug } }
    }
  }
`;

describe("condition page", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("serves sciatica with its symptoms, treatments, case example and review dates in one query", async () => {
    const { condition } = dataOf(await app.gql(CONDITION_PAGE, { slug: "sciatica" }));
    expect(condition.name).toMatch(/sciatica/i);
    expect(condition.alternateNames).toContain("Referred pain from the spine");
    expect(condition.locale).toBe("en");
    expect(condition.codes).toEqual([{ system: "ICD-10", code: "M54.3", citation: { url: expect.stringContaining("M54.3") } }]);
    expect(condition.bodyRegions).toEqual(expect.arrayContaining(["lower-back", "calf"]));

    const symptomText = condition.symptoms.map((s: any) => `${s.name} ${s.description}`).join(" | ").toLowerCase();
    for (const word of ["tingling", "numbness", "shooting"]) expect(symptomText).toContain(word);
    expect(condition.symptoms.every((s: any) => s.conditions.some((c: any) => c.slug === "sciatica"))).toBe(true);

    expect(condition.treatments.map((t: any) => t.slug)).toContain("spinal-decompression-therapy");
    const decompression = condition.treatmentLinks.find((l: any) => l.treatment.slug === "spinal-decompression-therapy");
    expect(decompression).toMatchObject({ line: "ADVANCED", note: expect.stringMatching(/spinal disc/i) });
    const surgery = condition.treatmentLinks.find((l: any) => l.treatment.slug === "surgery-or-specialist-intervention");
    expect(surgery).toMatchObject({ line: "SPECIALIST", note: expect.stringMatching(/disc herniation/i) });
    // Link order is the editors' order: first-line before advanced before specialist.
    expect(condition.treatmentLinks.map((l: any) => l.order)).toEqual(condition.treatmentLinks.map((_: any, i: number) => i));
    const rank = { FIRST_LINE: 0, ADVANCED: 1, SPECIALIST: 2 } as Record<string, number>;
    const ranks = condition.treatmentLinks.map((l: any) => rank[l.line]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    expect(condition.caseExamples).toHaveLength(1);
    expect(condition.caseExamples[0].title).toMatch(/disc bulge/i);
    expect(condition.caseExamples[0].treatments.map((t: any) => t.slug)).toEqual(
      expect.arrayContaining(["spinal-decompression-therapy", "manual-therapies"]),
    );

    expect(condition.reviewedBy).toBeTruthy();
    expect(new Date(condition.nextReviewDueAt).getTime()).toBeGreaterThan(new Date(condition.lastReviewedAt).getTime());
    expect(condition.citations[0].title).toMatch(/leg and calf pain/i);
  });

  it("carries red flags with urgency, and prevention and self-care advice of the right kind", async () => {
    const { condition } = dataOf(await app.gql(CONDITION_PAGE, { slug: "compartment-syndrome" }));
    expect(condition.redFlags.map((r: any) => r.urgency)).toEqual(expect.arrayContaining(["EMERGENCY", "URGENT", "NON_URGENT"]));
    expect(condition.redFlags.find((r: any) => r.urgency === "EMERGENCY").action).toMatch(/immediate medical attention/i);
    expect(condition.prevention).toHaveLength(7);
    expect(condition.prevention.every((a: any) => a.kind === "PREVENTION")).toBe(true);
    expect(condition.selfCare).toHaveLength(6);
    expect(condition.selfCare.every((a: any) => a.kind === "SELF_CARE")).toBe(true);
    expect(condition.treatmentLinks.map((l: any) => [l.treatment.slug, l.line])).toContainEqual([
      "surgery-or-specialist-intervention",
      "SPECIALIST",
    ]);
    expect(condition.differentials.map((d: any) => d.slug)).toContain("shin-splints");
  });

  it("returns null for an unknown slug, without an error", async () => {
    const response = await app.gql(CONDITION_PAGE, { slug: "no-such-condition" });
    expect(response.errors).toBeUndefined();
    expect(response.data.condition).toBeNull();
    const other = dataOf(
      await app.gql(`{ symptom(slug: "nope") { id } treatment(slug: "nope") { id } riskFactor(slug: "nope") { id }
        diagnosticMethod(slug: "nope") { id } caseExample(slug: "nope") { id } }`),
    );
    expect(Object.values(other)).toEqual([null, null, null, null, null]);
  });

  it("holds the whole article: every type in the counts the article gives", async () => {
    const data = dataOf(
      await app.gql(`{
        conditions { totalCount } symptoms { totalCount } riskFactors { totalCount }
        diagnosticMethods { totalCount } caseExamples { totalCount } redFlags { totalCount }
        conservative: treatments(filter: { category: CONSERVATIVE }) { totalCount }
        advanced: treatments(filter: { category: ADVANCED }) { totalCount }
        surgical: treatments(filter: { category: SURGICAL }) { totalCount }
        prevention: advice(filter: { kind: PREVENTION }) { totalCount }
        selfCare: advice(filter: { kind: SELF_CARE }) { totalCount }
      }`),
    );
    const counts = Object.fromEntries(Object.entries(data).map(([k, v]: [string, any]) => [k, v.totalCount]));
    expect(counts).toEqual({
      conditions: 8,
      symptoms: 8,
      riskFactors: 8,
      diagnosticMethods: 4,
      caseExamples: 3,
      redFlags: 6,
      conservative: 5,
      advanced: 3,
      surgical: 1,
      prevention: 7,
      selfCare: 6,
    });
  });

  it("links each case example to its condition and treatments", async () => {
    const { caseExamples } = dataOf(
      await app.gql(`{ caseExamples { edges { node { slug conditions { slug } treatments { slug }
        treatmentLinks { order treatment { slug } } } } } }`),
    );
    const bySlug = Object.fromEntries(caseExamples.edges.map((e: any) => [e.node.slug, e.node]));
    expect(bySlug["runners-calf-strain"].conditions.map((c: any) => c.slug)).toEqual(["muscle-strain"]);
    expect(bySlug["flat-footed-factory-worker"].conditions.map((c: any) => c.slug)).toEqual(["flat-feet"]);
    expect(bySlug["lower-back-disc-bulge"].conditions.map((c: any) => c.slug)).toEqual(["sciatica"]);
    expect(bySlug["flat-footed-factory-worker"].treatments.map((t: any) => t.slug)).toContain("footwear-and-orthotics");
    expect(bySlug["runners-calf-strain"].treatmentLinks.map((l: any) => l.order)).toEqual([0, 1, 2]);
  });

  it("every condition links at least one symptom, risk factor, treatment and diagnostic method", async () => {
    const { conditions } = dataOf(
      await app.gql(`{ conditions { edges { node { slug symptoms { slug } riskFactors { slug } treatments { slug }
        diagnosticMethods { slug } redFlags { slug } } } } }`),
    );
    expect(conditions.edges).toHaveLength(8);
    for (const { node } of conditions.edges) {
      for (const list of ["symptoms", "riskFactors", "treatments", "diagnosticMethods", "redFlags"]) {
        expect([node.slug, list, node[list].length > 0]).toEqual([node.slug, list, true]);
      }
    }
  });
});
