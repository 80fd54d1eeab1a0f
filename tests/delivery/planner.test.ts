import { pack, setPlannerEnabled } from "../../src/delivery/planner";
import { setSkippedFields } from "../../src/delivery/selection";
import { ContentTypeDefinition } from "../../src/model/definition";
import { DEFINITIONS, LINK_INFOS, reverseOf } from "../../src/model/registry";
import { dataOf, GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";

/**
 * The planned read path (one statement per item query) answers exactly what the DataLoader
 * path answers, for every seeded item, in every locale, and hands the response cache the same
 * tags; selections it leaves alone fall back to the loaders.
 */

const CITATION = "citations { title url publisher doi pmid evidenceLevel note }";
const EVIDENCE = "evidence { quote citation { title url publisher doi pmid evidenceLevel note } }";

/** Every field of `d` a reader can ask for, its links both ways with their attributes, one level down. */
function everything(d: ContentTypeDefinition, depth = 1): string {
  const scalar = Object.entries(d.fields)
    .filter(([, f]) => f.kind !== "json")
    .flatMap(([name, f]) => (f.kind === "markdown" ? [name, `${name}Html`] : [name]));
  const base = `id slug locale version reviewStatus reviewedBy lastReviewedAt nextReviewDueAt publishedAt updatedAt ${CITATION}`;
  if (depth === 0) return `id slug locale ${d.sortField}`;
  const inner = (key: string) =>
    everything(
      DEFINITIONS.find((x) => x.key === key)!,
      depth - 1,
    );
  const links = LINK_INFOS.filter((l) => l.source === d.key).flatMap((l) => [
    `${l.definition.field} { ${inner(l.target)} }`,
    `${l.definition.singular}Links { order note ${Object.keys(l.attributes).join(" ")} ${EVIDENCE} ${l.target} { ${inner(l.target)} } }`,
  ]);
  const views = Object.keys(d.views ?? {}).map((v) => `${v} { slug kind }`);
  const back = LINK_INFOS.filter((l) => l.target === d.key && l.definition.reverse !== false).map(
    (l) => `${reverseOf(l).field} { ${inner(l.source)} }`,
  );
  return [base, ...scalar, ...links, ...views, ...back].join(" ");
}

const CONDITION_PAGE = /* GraphQL */ `
  query ConditionPage($slug: String!, $locale: String, $withCases: Boolean!, $noRedFlags: Boolean!) {
    page: condition(slug: $slug, locale: $locale) {
      ...Head
      codes {
        system
        code
        citation {
          url
          title
        }
      }
      symptoms {
        ...Item
        description
        conditions {
          slug
        }
      }
      treatmentLinks {
        order
        line
        note
        evidence {
          quote
        }
        treatment {
          ...Item
          category
          caseExamples {
            slug
          }
        }
      }
      firstLine: treatmentLinks {
        line
        treatment {
          slug
        }
      }
      ... on Node {
        id
      }
      ... on Condition {
        riskFactors {
          slug
          name
        }
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
      redFlags @skip(if: $noRedFlags) {
        slug
        text
        urgency
        action
      }
      caseExamples @include(if: $withCases) {
        title
        plan
        treatments {
          slug
        }
        conditionLinks {
          order
          condition {
            slug
          }
        }
      }
      differentials {
        slug
        name
      }
      topics {
        slug
        title
      }
      __typename
    }
  }
  fragment Head on Condition {
    id
    slug
    name
    alternateNames
    summary
    body
    bodyHtml
    locale
    reviewStatus
    lastReviewedAt
    nextReviewDueAt
  }
  fragment Item on Node {
    id
    ... on Symptom {
      slug
      name
    }
    ... on Treatment {
      slug
      name
    }
  }
`;

describe("planned delivery", () => {
  let app: TestApp;
  const items: Record<string, string[]> = {};

  async function both(query: string, variables: Record<string, unknown>) {
    setPlannerEnabled(false);
    let planned: GraphQLResponse | undefined;
    let loaders: GraphQLResponse | undefined;
    try {
      loaders = await app.gql(query, variables);
    } finally {
      setPlannerEnabled(true);
    }
    const statements = await app.countStatements(async () => (planned = await app.gql(query, variables)));
    return { planned: planned!, loaders: loaders, statements };
  }

  beforeAll(async () => {
    app = await startTestApp({ limits: { maxCost: 10_000_000, maxDepth: 20, maxAliases: 50 } });
    for (const d of DEFINITIONS) {
      const rows = await app.writer.query(`SELECT slug FROM live.${d.table}_translation WHERE locale = 'en' ORDER BY slug`);
      items[d.key] = rows.map((r: { slug: string }) => r.slug);
    }
    // Text in other locales: the condition in es, a symptom in es and another in es-MX only.
    const id = async (table: string, slug: string) =>
      (await app.writer.query(`SELECT ${table}_id AS id FROM live.${table}_translation WHERE locale = 'en' AND slug = $1`, [slug]))[0]
        .id as string;
    await app.writer.query(
      `INSERT INTO live.condition_translation (condition_id, locale, slug, name, alternate_names, summary, body, causes)
       VALUES ($1, 'es', 'ciatica', 'Ciática', '{"Dolor referido"}', 'Dolor de pierna.', 'Texto **fuerte**.', '{"Hernia de disco"}')`,
      [await id("condition", "sciatica")],
    );
    await app.writer.query(
      `INSERT INTO live.symptom_translation (symptom_id, locale, slug, name, description)
       VALUES ($1, 'es', 'dolor-irradiado', 'Dolor irradiado', 'Baja por la pierna.'),
              ($2, 'es-MX', 'hormigueo', 'Hormigueo', 'Hormigueo en la pierna.')`,
      [await id("symptom", "shooting-radiating-pain"), await id("symptom", "tingling-numbness")],
    );
  });
  afterAll(async () => {
    setSkippedFields([]);
    await app.close();
  });

  it("has seeded content to compare", () => {
    expect(items.condition.length).toBeGreaterThanOrEqual(8);
  });

  it.each([null, "en", "es", "es-MX", "fr-CA"])("answers every seeded condition's page as the loaders do (locale %s)", async (locale) => {
    for (const slug of items.condition) {
      for (const [withCases, noRedFlags] of [
        [true, false],
        [false, true],
      ]) {
        const { planned, loaders, statements } = await both(CONDITION_PAGE, { slug, locale, withCases, noRedFlags });
        expect(planned).toEqual(loaders);
        dataOf(planned);
        expect(statements).toBeLessThanOrEqual(2);
      }
    }
    const sciatica: any = dataOf((await both(CONDITION_PAGE, { slug: "sciatica", locale, withCases: true, noRedFlags: false })).planned);
    expect(sciatica.page.symptoms.length).toBeGreaterThan(0);
    expect(sciatica.page.caseExamples.length).toBeGreaterThan(0);
    if (locale === "es-MX")
      expect(sciatica.page.symptoms.map((s: any) => s.name)).toEqual(expect.arrayContaining(["Hormigueo", "Dolor irradiado"]));
  });

  it.each(DEFINITIONS.map((d) => [d.name, d] as const))(
    "answers every seeded %s with every field and link as the loaders do",
    async (_name, d) => {
      const query = `query($slug: String!, $locale: String) { item: ${d.itemQuery}(slug: $slug, locale: $locale) { ${everything(d)} } }`;
      for (const slug of items[d.key]) {
        for (const locale of [null, "es-MX"]) {
          const { planned, loaders, statements } = await both(query, { slug, locale });
          expect(dataOf(planned).item).not.toBeNull();
          expect(planned).toEqual(loaders);
          expect(statements).toBe(1);
        }
      }
    },
  );

  it.each(DEFINITIONS.map((d) => [d.name, d] as const))("answers %s list pages as the loaders do", async (_name, d) => {
    const query = `query($first: Int, $after: String, $locale: String) {
      list: ${d.listQuery}(first: $first, after: $after, locale: $locale) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${everything(d)} } } } }`;
    for (const locale of [null, "es-MX"]) {
      const all = await both(query, { first: 100, locale });
      expect(all.planned).toEqual(all.loaders);
      expect(dataOf(all.planned).list.edges).toHaveLength(items[d.key].length);
      expect(all.statements).toBe(2);
      const first = await both(query, { first: 2, locale });
      expect(first.planned).toEqual(first.loaders);
      const after = dataOf(first.planned).list.pageInfo.endCursor;
      const next = await both(query, { first: 2, after, locale });
      expect(next.planned).toEqual(next.loaders);
    }
  });

  it("answers filtered lists as the loaders do", async () => {
    const query = `query($symptom: String) { conditions(first: 50, filter: { symptom: $symptom }) {
      edges { node { slug symptomLinks { order symptom { slug conditions { slug } } } } } } }`;
    for (const symptom of items.symptom) {
      const { planned, loaders, statements } = await both(query, { symptom });
      expect(planned).toEqual(loaders);
      expect(statements).toBe(1);
    }
  });

  it("costs one statement for the condition page of `npm run bench` with every link", async () => {
    const page = `{ condition(slug: "sciatica") { id slug name alternateNames summary body locale lastReviewedAt nextReviewDueAt
      codes { system code } symptoms { slug name description } riskFactors { slug name } treatments { slug name category }
      treatmentLinks { order line note treatment { slug } } diagnosticMethods { slug name } redFlags { slug text urgency action }
      prevention { slug text } selfCare { slug text } caseExamples { slug title treatments { slug } } } }`;
    const { planned, loaders, statements } = await both(page, {});
    expect(planned).toEqual(loaders);
    expect(statements).toBe(1);
    expect(await app.countStatements(() => app.gql(`{ condition(slug: "no-such-thing") { id symptoms { slug } } }`))).toBe(1);
  });

  it("leaves fields it is told to skip to the loaders, with the same answer", async () => {
    setSkippedFields(["Condition.treatmentLinks", "Symptom.conditions", "Condition.name"]);
    try {
      const variables = { slug: "sciatica", locale: "es-MX", withCases: true, noRedFlags: false };
      const { planned, loaders, statements } = await both(CONDITION_PAGE, variables);
      expect(planned).toEqual(loaders);
      // The page, then batches for the treatment links, their treatments' case examples (below
      // a link left to the loaders, nothing is prefetched) and the symptoms' conditions.
      expect(statements).toBe(4);
    } finally {
      setSkippedFields([]);
    }
  });

  it("packs items of more than 100 values into arrays of arrays that read back flat", async () => {
    const values = Array.from({ length: 250 }, (_, i) => i);
    const small = pack(values.slice(0, 100).map(String));
    const big = pack(values.map(String));
    expect(small.chunked).toBe(false);
    expect(big.chunked).toBe(true);
    const [row] = await app.writer.query(`SELECT ${small.sql} AS small, ${big.sql} AS big`);
    expect(row.small).toEqual(values.slice(0, 100));
    expect(row.big).not.toEqual(values);
    expect((row.big as number[][]).flat()).toEqual(values);
  });

  it("gives the response cache the same tags as the loaders", async () => {
    const cached = await startTestApp({ responseCache: true });
    try {
      const surrogate = async (query: string) => {
        const res = await fetch(cached.endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query, variables: { slug: "sciatica", locale: null, withCases: true, noRedFlags: false } }),
        });
        expect(res.headers.get("x-cache")).toBe("MISS");
        return (res.headers.get("surrogate-key") ?? "").split(" ").sort();
      };
      const planned = await surrogate(CONDITION_PAGE);
      setPlannerEnabled(false);
      let loaders: string[];
      try {
        // Another text, so that the cache misses.
        loaders = await surrogate(CONDITION_PAGE + "\n");
      } finally {
        setPlannerEnabled(true);
      }
      expect(planned.length).toBeGreaterThan(10);
      expect(planned).toEqual(loaders);
    } finally {
      await cached.close();
    }
  });
});
