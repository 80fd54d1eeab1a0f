import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

const CONDITION_PAGE = /* GraphQL */ `
  query ConditionPage($slug: String!, $locale: String) {
    condition(slug: $slug, locale: $locale) {
      id
      slug
      name
      alternateNames
      summary
      body
      locale
      lastReviewedAt
      nextReviewDueAt
      reviewedBy
      bodyRegions
      causes
      codes {
        system
        code
        citation {
          url
        }
      }
      citations {
        title
        publisher
        evidenceLevel
      }
      symptoms {
        id
        slug
        name
        description
        conditions {
          slug
        }
      }
      riskFactors {
        slug
        name
        description
        conditions {
          slug
        }
      }
      treatments {
        slug
        name
        summary
        body
        category
        conditions {
          slug
        }
      }
      diagnosticMethods {
        slug
        name
        description
      }
      redFlags {
        slug
        text
        urgency
        action
      }
      prevention {
        slug
        text
        kind
      }
      selfCare {
        slug
        text
        kind
      }
      caseExamples {
        slug
        title
        presentation
        plan
        outcome
        conditions {
          slug
        }
        treatments {
          slug
        }
      }
      differentials {
        slug
      }
      treatmentLinks {
        order
        line
        note
        treatment {
          slug
        }
      }
      symptomLinks {
        order
        note
        symptom {
          slug
        }
      }
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

    const symptomText = condition.symptoms
      .map((s: any) => `${s.name} ${s.description}`)
      .join(" | ")
      .toLowerCase();
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

    // Imported content carries no sign-off: none is shown, and the review is due.
    expect(condition.reviewedBy).toBeNull();
    expect(condition.lastReviewedAt).toBeNull();
    expect(new Date(condition.nextReviewDueAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(condition.citations[0]).toMatchObject({
      title: expect.stringMatching(/leg and calf pain/i),
      publisher: "Crivva - Business Promotion",
    });
  });

  it("carries red flags with urgency, and only the advice the article applies to the condition", async () => {
    const { condition } = dataOf(await app.gql(CONDITION_PAGE, { slug: "compartment-syndrome" }));
    expect(condition.redFlags.map((r: any) => r.urgency)).toEqual(expect.arrayContaining(["EMERGENCY", "URGENT", "NON_URGENT"]));
    expect(condition.redFlags.find((r: any) => r.urgency === "EMERGENCY").action).toMatch(/immediate medical attention/i);
    // An emergency: no self-care or prevention advice of the article applies to it.
    expect(condition.prevention).toEqual([]);
    expect(condition.selfCare).toEqual([]);
    expect(condition.treatmentLinks.map((l: any) => [l.treatment.slug, l.line])).toEqual([
      ["surgery-or-specialist-intervention", "SPECIALIST"],
    ]);

    const strain = dataOf(await app.gql(CONDITION_PAGE, { slug: "muscle-strain" })).condition;
    expect(strain.prevention.map((a: any) => [a.slug, a.kind])).toEqual([["increase-exercise-gradually", "PREVENTION"]]);
    expect(strain.selfCare.map((a: any) => [a.slug, a.kind])).toEqual([["gentle-calf-stretches", "SELF_CARE"]]);
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

  it("every condition links at least one symptom and its red flags, and no item that the article does not tie to it", async () => {
    const { conditions } = dataOf(
      await app.gql(`{ conditions { edges { node { slug symptoms { slug } riskFactors { slug } treatments { slug }
        diagnosticMethods { slug } redFlags { slug } differentials { slug } } } } }`),
    );
    expect(conditions.edges).toHaveLength(8);
    for (const { node } of conditions.edges) {
      expect([node.slug, node.symptoms.length > 0, node.treatments.length > 0, node.redFlags.length]).toEqual([node.slug, true, true, 6]);
      // The article compares no two conditions, so no differential is claimed.
      expect(node.differentials).toEqual([]);
    }
    const bySlug = Object.fromEntries(conditions.edges.map(({ node }: any) => [node.slug, node]));
    const slugs = (slug: string, list: string) => bySlug[slug][list].map((x: any) => x.slug);
    expect(slugs("flat-feet", "riskFactors")).not.toContain("poor-biomechanics");
    expect(slugs("muscle-strain", "riskFactors")).not.toContain("sedentary-lifestyle");
    expect(slugs("muscle-strain", "treatments")).not.toContain("shockwave-therapy");
    expect(slugs("compartment-syndrome", "riskFactors")).not.toContain("history-of-injuries");
    expect(slugs("bakers-cyst", "treatments")).not.toContain("ice-or-heat");
    expect(slugs("tendinitis", "symptoms")).not.toContain("pain-behind-calf-or-knee");
  });
});
