import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";

const PAGE = /* GraphQL */ `
  query Page($slug: String!, $locale: String) {
    condition(slug: $slug, locale: $locale) {
      id
      slug
      name
      summary
      locale
      symptoms {
        slug
        name
        description
        locale
        conditions {
          slug
          name
          locale
        }
      }
      symptomLinks {
        order
        note
        symptom {
          slug
          locale
        }
      }
    }
  }
`;

const LISTS = /* GraphQL */ `
  query Lists($locale: String) {
    conditions(first: 100, locale: $locale) {
      totalCount
      edges {
        node {
          id
          slug
          name
          locale
        }
      }
    }
    symptoms(first: 100, locale: $locale) {
      totalCount
      edges {
        node {
          id
          slug
          name
          locale
        }
      }
    }
  }
`;

describe("locale fallback (es-MX -> es -> en)", () => {
  let app: TestApp;
  const ids: Record<string, string> = {};

  const idOf = async (table: string, slug: string) => {
    const rows = await app.writer.query(`SELECT ${table}_id AS id FROM live.${table}_translation WHERE locale = 'en' AND slug = $1`, [
      slug,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0].id as string;
  };

  beforeAll(async () => {
    app = await startTestApp();
    ids.sciatica = await idOf("condition", "sciatica");
    ids.shooting = await idOf("symptom", "shooting-radiating-pain");
    ids.tingling = await idOf("symptom", "tingling-numbness");
    ids.weakness = await idOf("symptom", "weakness-difficulty-walking");
    await app.writer.query(
      `INSERT INTO live.condition_translation (condition_id, locale, slug, name, alternate_names, summary, body, causes)
       VALUES ($1, 'es', 'ciatica', 'Ciática', '{"Dolor referido de la columna"}', 'Dolor de pierna que viene de la columna.', 'Texto.', '{"Hernia de disco"}')`,
      [ids.sciatica],
    );
    // One symptom in Spanish, one only in Mexican Spanish, the third in English only.
    await app.writer.query(
      `INSERT INTO live.symptom_translation (symptom_id, locale, slug, name, description)
       VALUES ($1, 'es', 'dolor-irradiado', 'Dolor punzante e irradiado', 'El dolor baja por la pierna.'),
              ($2, 'es-MX', 'hormigueo', 'Hormigueo y entumecimiento', 'Se siente hormigueo en la pierna.')`,
      [ids.shooting, ids.tingling],
    );
  });
  afterAll(() => app.close());

  it("serves es text for es-MX when there is no es-MX translation, and says so in `locale`", async () => {
    const { condition } = dataOf(await app.gql(PAGE, { slug: "sciatica", locale: "es-MX" }));
    expect(condition).toMatchObject({ id: ids.sciatica, locale: "es", slug: "ciatica", name: "Ciática" });
    expect(condition.summary).toMatch(/columna/);
  });

  it("serves each nested item in the best locale it has: es-MX, es, else en", async () => {
    const { condition } = dataOf(await app.gql(PAGE, { slug: "sciatica", locale: "es-MX" }));
    const bySlug = Object.fromEntries(condition.symptoms.map((s: any) => [s.slug, s]));
    expect(Object.keys(bySlug).sort()).toEqual(["dolor-irradiado", "hormigueo", "weakness-difficulty-walking"]);
    expect(bySlug["dolor-irradiado"]).toMatchObject({ locale: "es", name: "Dolor punzante e irradiado" });
    expect(bySlug["hormigueo"]).toMatchObject({ locale: "es-MX", name: "Hormigueo y entumecimiento" });
    expect(bySlug["weakness-difficulty-walking"].locale).toBe("en");
    expect(bySlug["weakness-difficulty-walking"].name).toMatch(/weakness/i);
    // Nested lookups keep the request's chain: sciatica seen from its symptoms is Spanish too.
    for (const s of condition.symptoms) {
      expect(s.conditions).toContainEqual({ slug: "ciatica", name: "Ciática", locale: "es" });
      for (const c of s.conditions.filter((c: any) => c.slug !== "ciatica")) expect(c.locale).toBe("en");
    }
    // Link objects carry the same translated item, in the editors' order.
    expect(condition.symptomLinks.map((l: any) => [l.order, l.symptom.slug, l.symptom.locale])).toEqual([
      [0, "dolor-irradiado", "es"],
      [1, "hormigueo", "es-MX"],
      [2, "weakness-difficulty-walking", "en"],
    ]);
  });

  it("with plain es, an es-MX-only item falls back to en (a more specific locale is never used)", async () => {
    const { condition } = dataOf(await app.gql(PAGE, { slug: "sciatica", locale: "es" }));
    expect(condition.locale).toBe("es");
    const locales = Object.fromEntries(condition.symptoms.map((s: any) => [s.slug, s.locale]));
    expect(locales).toEqual({ "dolor-irradiado": "es", "tingling-numbness": "en", "weakness-difficulty-walking": "en" });
  });

  it("without a locale serves English only", async () => {
    const { condition } = dataOf(await app.gql(PAGE, { slug: "sciatica" }));
    expect(condition.locale).toBe("en");
    expect(condition.slug).toBe("sciatica");
    expect(condition.symptoms.every((s: any) => s.locale === "en")).toBe(true);
  });

  it("finds a Spanish slug in Spanish, and not in the default locale", async () => {
    const es = dataOf(await app.gql(PAGE, { slug: "ciatica", locale: "es" }));
    expect(es.condition).toMatchObject({ id: ids.sciatica, slug: "ciatica", locale: "es" });
    const esMx = dataOf(await app.gql(PAGE, { slug: "ciatica", locale: "es-MX" }));
    expect(esMx.condition).toMatchObject({ id: ids.sciatica, locale: "es" });

    const none = await app.gql(PAGE, { slug: "ciatica" });
    expect(none.errors).toBeUndefined();
    expect(none.data.condition).toBeNull();
    expect(dataOf(await app.gql(PAGE, { slug: "ciatica", locale: "en" })).condition).toBeNull();

    const q = `query($slug: String!, $locale: String) { symptom(slug: $slug, locale: $locale) { id slug locale } }`;
    expect(dataOf(await app.gql(q, { slug: "hormigueo", locale: "es-MX" })).symptom).toEqual({
      id: ids.tingling,
      slug: "hormigueo",
      locale: "es-MX",
    });
    expect(dataOf(await app.gql(q, { slug: "hormigueo", locale: "es" })).symptom).toBeNull();
  });

  it("lists serve translated text where present, in the same order and with the same totalCount", async () => {
    const en = dataOf(await app.gql(LISTS, {}));
    const es = dataOf(await app.gql(LISTS, { locale: "es" }));
    const esMx = dataOf(await app.gql(LISTS, { locale: "es-MX" }));
    for (const list of ["conditions", "symptoms"]) {
      const enIds = en[list].edges.map((e: any) => e.node.id);
      expect(enIds.length).toBe(8);
      for (const other of [es, esMx]) {
        expect(other[list].totalCount).toBe(en[list].totalCount);
        expect(other[list].edges.map((e: any) => e.node.id)).toEqual(enIds);
      }
    }
    const conditionsEs = es.conditions.edges.map((e: any) => e.node);
    expect(conditionsEs.find((n: any) => n.id === ids.sciatica)).toMatchObject({ name: "Ciática", slug: "ciatica", locale: "es" });
    expect(conditionsEs.filter((n: any) => n.id !== ids.sciatica).every((n: any) => n.locale === "en")).toBe(true);

    const symptomLocale = (data: any) => Object.fromEntries(data.symptoms.edges.map((e: any) => [e.node.id, e.node.locale]));
    expect(symptomLocale(es)[ids.shooting]).toBe("es");
    expect(symptomLocale(es)[ids.tingling]).toBe("en");
    expect(symptomLocale(esMx)[ids.tingling]).toBe("es-MX");
    expect(Object.values(symptomLocale(esMx)).filter((l) => l === "en")).toHaveLength(6);

    // Paging in Spanish walks the same order as the full list.
    const page1 = dataOf(
      await app.gql(`{ conditions(first: 3, locale: "es") { totalCount pageInfo { endCursor } edges { node { id } } } }`),
    );
    const page2 = dataOf(
      await app.gql(`query($after: String) { conditions(first: 3, after: $after, locale: "es") { edges { node { id } } } }`, {
        after: page1.conditions.pageInfo.endCursor,
      }),
    );
    expect(page1.conditions.totalCount).toBe(8);
    expect([...page1.conditions.edges, ...page2.conditions.edges].map((e: any) => e.node.id)).toEqual(
      en.conditions.edges.slice(0, 6).map((e: any) => e.node.id),
    );
  });

  it.each(["!!", "x-123456789", "", "es_MX", "a"])("rejects the locale %j with BAD_USER_INPUT", async (locale) => {
    const item = await app.gql(PAGE, { slug: "sciatica", locale });
    const error = expectErrorCode(item, "BAD_USER_INPUT");
    expect(error.message).toMatch(/locale/i);
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(item.data?.condition ?? null).toBeNull();

    const list = await app.gql(LISTS, { locale });
    expectErrorCode(list, "BAD_USER_INPUT");
    expect(JSON.stringify(list)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });

  it("normalises the case of locale tags ('ES-mx' works like 'es-MX')", async () => {
    const canonical = dataOf(await app.gql(PAGE, { slug: "sciatica", locale: "es-MX" }));
    for (const locale of ["ES-mx", "es-mx", "ES-MX"]) {
      expect(dataOf(await app.gql(PAGE, { slug: "sciatica", locale }))).toEqual(canonical);
    }
    expect(dataOf(await app.gql(PAGE, { slug: "ciatica", locale: "ES" })).condition.locale).toBe("es");
    expect(dataOf(await app.gql(LISTS, { locale: "Es-Mx" }))).toEqual(dataOf(await app.gql(LISTS, { locale: "es-MX" })));
  });
});
