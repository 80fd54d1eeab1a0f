import { dataOf, startTestApp, TestApp } from "../helpers/test-app";

/** Every link field of a condition, with the nested lookups a condition page makes. */
const CONDITION_FIELDS = /* GraphQL */ `
  fragment ConditionFields on Condition {
    id slug name locale
    symptoms { slug name kind conditions { slug } }
    riskFactors { slug name conditions { slug } }
    treatments { slug name category conditions { slug } }
    diagnosticMethods { slug name }
    redFlags { slug text urgency }
    prevention { slug text kind }
    selfCare { slug text kind }
    caseExamples { slug title conditions { slug } treatments { slug } conditionLinks { order condition { slug } } }
    differentials { slug name symptoms { slug } }
    symptomLinks { order note symptom { slug } }
    riskFactorLinks { order riskFactor { slug } }
    treatmentLinks { order line note treatment { slug } }
    diagnosticMethodLinks { order diagnosticMethod { slug } }
    redFlagLinks { order redFlag { slug } }
    adviceLinks { order advice { slug kind } }
    differentialLinks { order condition { slug } }
  }
`;

const PAGE = `${CONDITION_FIELDS} query Page($slug: String!) { condition(slug: $slug) { ...ConditionFields } }`;
const LIST = `${CONDITION_FIELDS}
  query List($first: Int!) { conditions(first: $first, filter: { bodyRegion: "list-probe" }) { totalCount edges { node { ...ConditionFields } } } }`;

/** One kind of linked item: how to create it and which link table ties it to a condition. */
interface Kind {
  field: string;
  table: string;
  doc: Record<string, unknown>;
  text: (label: string) => Record<string, unknown>;
  /** Link table and its columns: [table, column of the condition, column of the item]. */
  link: [string, string, string];
}

const KINDS: Kind[] = [
  { field: "symptoms", table: "symptom", doc: { kind: "SYMPTOM" }, text: (l) => ({ name: l, description: l }), link: ["condition_symptom", "condition_id", "symptom_id"] },
  { field: "riskFactors", table: "risk_factor", doc: {}, text: (l) => ({ name: l, description: l }), link: ["condition_risk_factor", "condition_id", "risk_factor_id"] },
  { field: "treatments", table: "treatment", doc: { category: "CONSERVATIVE" }, text: (l) => ({ name: l, summary: l }), link: ["condition_treatment", "condition_id", "treatment_id"] },
  { field: "diagnosticMethods", table: "diagnostic_method", doc: {}, text: (l) => ({ name: l }), link: ["condition_diagnostic_method", "condition_id", "diagnostic_method_id"] },
  { field: "redFlags", table: "red_flag", doc: { urgency: "URGENT" }, text: (l) => ({ text: l, action: l }), link: ["condition_red_flag", "condition_id", "red_flag_id"] },
  { field: "prevention", table: "advice", doc: { kind: "PREVENTION" }, text: (l) => ({ text: l }), link: ["condition_advice", "condition_id", "advice_id"] },
  { field: "selfCare", table: "advice", doc: { kind: "SELF_CARE" }, text: (l) => ({ text: l }), link: ["condition_advice", "condition_id", "advice_id"] },
  { field: "differentials", table: "condition", doc: {}, text: (l) => ({ name: l }), link: ["condition_differential", "condition_id", "differential_id"] },
  // Case examples own their link: case_example_condition(case_example_id -> condition_id).
  { field: "caseExamples", table: "case_example", doc: {}, text: (l) => ({ title: l }), link: ["case_example_condition", "condition_id", "case_example_id"] },
];

const LINK_LISTS = ["symptomLinks", "riskFactorLinks", "treatmentLinks", "diagnosticMethodLinks", "redFlagLinks", "differentialLinks"];

describe("statement count of a condition page", () => {
  let app: TestApp;

  const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(", ");

  async function insertItem(table: string, doc: Record<string, unknown>, text: Record<string, unknown>): Promise<string> {
    const cols = Object.keys(doc);
    const [{ id }] = await app.writer.query(
      cols.length
        ? `INSERT INTO live.${table} (${cols.join(", ")}) VALUES (${placeholders(cols.length)}) RETURNING id`
        : `INSERT INTO live.${table} DEFAULT VALUES RETURNING id`,
      Object.values(doc),
    );
    const textCols = [`${table}_id`, "locale", ...Object.keys(text)];
    await app.writer.query(
      `INSERT INTO live.${table}_translation (${textCols.join(", ")}) VALUES (${placeholders(textCols.length)})`,
      [id, "en", ...Object.values(text)],
    );
    return id;
  }

  /** A published condition with `n` fresh items of every linked kind; returns its slug. */
  async function arrangeCondition(label: string, n: number, doc: Record<string, unknown> = {}): Promise<string> {
    const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const conditionId = await insertItem("condition", doc, { slug, name: label });
    for (const kind of KINDS) {
      for (let i = 0; i < n; i++) {
        const itemLabel = `${label} ${kind.field} ${String(i).padStart(2, "0")}`;
        const itemSlug = itemLabel.toLowerCase().replace(/[^a-z0-9]+/g, "-");
        const id = await insertItem(kind.table, kind.doc, { slug: itemSlug, ...kind.text(itemLabel) });
        const [table, conditionColumn, itemColumn] = kind.link;
        await app.writer.query(`INSERT INTO live.${table} (${conditionColumn}, ${itemColumn}, position) VALUES ($1, $2, $3)`, [
          conditionId,
          id,
          i,
        ]);
      }
    }
    return slug;
  }

  /** Asserts that a served condition really has `n` items in every linked list. */
  function expectLinks(condition: any, n: number) {
    const sizes = Object.fromEntries([...KINDS.map((k) => k.field), ...LINK_LISTS, "adviceLinks"].map((f) => [f, condition[f].length]));
    expect(sizes).toEqual({
      ...Object.fromEntries([...KINDS.map((k) => k.field), ...LINK_LISTS].map((f) => [f, n])),
      adviceLinks: 2 * n,
    });
    for (const s of condition.symptoms) expect(s.conditions).toEqual([{ slug: condition.slug }]);
    for (const c of condition.caseExamples) expect(c.conditions).toEqual([{ slug: condition.slug }]);
    expect(condition.symptomLinks.map((l: any) => l.order)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(condition.symptomLinks.map((l: any) => l.symptom.slug)).toEqual(condition.symptoms.map((s: any) => s.slug));
  }

  let small: string;
  let big: string;

  beforeAll(async () => {
    // Every link field of 20 conditions, nested twice, costs far more than a page may by
    // default (QUERY_MAX_COST); this test is about SQL per request, so it lifts the limit.
    app = await startTestApp({ limits: { maxCost: 1_000_000 } });
    small = await arrangeCondition("Small page", 2);
    big = await arrangeCondition("Big page", 20);
    for (let i = 0; i < 20; i++) await arrangeCondition(`Listed ${String(i).padStart(2, "0")}`, 2, { body_regions: ["list-probe"] });
  }, 120_000);
  afterAll(() => app.close());

  it("does not grow with the number of linked items (2 vs 20 of every kind)", async () => {
    let smallData: any;
    let bigData: any;
    const smallCount = await app.countStatements(async () => {
      smallData = dataOf(await app.gql(PAGE, { slug: small }));
    });
    const bigCount = await app.countStatements(async () => {
      bigData = dataOf(await app.gql(PAGE, { slug: big }));
    });
    console.log(`condition page statements: 2 links of each kind -> ${smallCount}, 20 links of each kind -> ${bigCount}`);

    expectLinks(smallData.condition, 2);
    expectLinks(bigData.condition, 20);
    // At least one statement per link kind was counted, so the counter really counts this request.
    expect(smallCount).toBeGreaterThanOrEqual(KINDS.length);
    expect(bigCount).toBe(smallCount);
    expect(bigCount).toBeLessThanOrEqual(20);

    // Loaders live per request: asking again costs the same, not less (and not more).
    expect(await app.countStatements(() => app.gql(PAGE, { slug: big }))).toBe(bigCount);
  });

  it("a list of 20 conditions with all link fields costs what a list of 2 costs", async () => {
    let two: any;
    let twenty: any;
    const twoCount = await app.countStatements(async () => {
      two = dataOf(await app.gql(LIST, { first: 2 }));
    });
    const twentyCount = await app.countStatements(async () => {
      twenty = dataOf(await app.gql(LIST, { first: 20 }));
    });
    console.log(`condition list statements: 2 conditions -> ${twoCount}, 20 conditions -> ${twentyCount}`);

    expect(two.conditions.edges).toHaveLength(2);
    expect(twenty.conditions.edges).toHaveLength(20);
    expect(twenty.conditions.totalCount).toBe(20);
    expect(twenty.conditions.edges.map((e: any) => e.node.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `Listed ${String(i).padStart(2, "0")}`),
    );
    for (const { node } of twenty.conditions.edges) expectLinks(node, 2);

    expect(twoCount).toBeGreaterThanOrEqual(KINDS.length);
    expect(twentyCount).toBe(twoCount);
    expect(twentyCount).toBeLessThanOrEqual(20);
  });
});
