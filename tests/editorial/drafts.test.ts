import { randomBytes } from "node:crypto";
import { seedId } from "../../src/seed/seed.service";
import { Editorial, Item } from "../helpers/editorial";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { tokensByRole } from "../helpers/users";

// Every list, whole or narrowed by nameContains.
const LISTS = /* GraphQL */ `
  query Lists($q: String) {
    conditions(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: name
        }
      }
    }
    symptoms(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: name
        }
      }
    }
    riskFactors(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: name
        }
      }
    }
    treatments(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: name
        }
      }
    }
    diagnosticMethods(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: name
        }
      }
    }
    advice(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: text
        }
      }
    }
    redFlags(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title: text
        }
      }
    }
    caseExamples(first: 100, filter: { nameContains: $q }) {
      totalCount
      edges {
        node {
          slug
          title
        }
      }
    }
  }
`;

// Sciatica with every nested link, a reverse link, and every list filtered by it.
const SCIATICA = /* GraphQL */ `
  query Sciatica {
    condition(slug: "sciatica") {
      name
      version
      symptoms {
        slug
      }
      symptomLinks {
        note
        symptom {
          slug
        }
      }
      treatments {
        slug
      }
      treatmentLinks {
        line
        treatment {
          slug
        }
      }
      riskFactors {
        slug
      }
      diagnosticMethods {
        slug
      }
      redFlags {
        slug
      }
      prevention {
        slug
      }
      selfCare {
        slug
      }
      adviceLinks {
        advice {
          slug
        }
      }
      differentials {
        slug
      }
      caseExamples {
        slug
        conditions {
          slug
        }
      }
    }
    tingling: symptom(slug: "tingling-numbness") {
      conditions {
        slug
        name
      }
    }
    symptoms(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    treatments(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    riskFactors(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    diagnosticMethods(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    advice(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    redFlags(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    caseExamples(first: 100, filter: { condition: "sciatica" }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
  }
`;

// The drafts by slug, and the filters that would reach them.
const DRAFTS = /* GraphQL */ `
  query Drafts($c: String!, $s: String!, $t: String!, $r: String!, $d: String!, $e: String!) {
    condition(slug: $c) {
      slug
      name
      symptoms {
        slug
      }
    }
    symptom(slug: $s) {
      slug
      name
      conditions {
        slug
      }
    }
    treatment(slug: $t) {
      slug
      name
    }
    riskFactor(slug: $r) {
      slug
      name
    }
    diagnosticMethod(slug: $d) {
      slug
      name
    }
    caseExample(slug: $e) {
      slug
      title
    }
    bySymptom: conditions(filter: { symptom: $s }) {
      totalCount
      edges {
        node {
          slug
        }
      }
    }
    byTreatment: conditions(filter: { treatment: $t }) {
      totalCount
    }
    byRiskFactor: conditions(filter: { riskFactor: $r }) {
      totalCount
    }
    ofDraftCondition: symptoms(filter: { condition: $c }) {
      totalCount
    }
    casesByTreatment: caseExamples(filter: { treatment: $t }) {
      totalCount
    }
  }
`;

const PREVIEW = { "X-Preview": "true" };
const slugs = (list: Array<{ slug: string }>) => list.map((x) => x.slug);

describe("drafts stay out of delivery until published", () => {
  let app: TestApp;
  let ed: Editorial;
  let tokens: Awaited<ReturnType<typeof tokensByRole>>;
  const tag = `zq${randomBytes(3).toString("hex")}`;
  const sciaticaId = seedId("condition", "sciatica");
  const drafts: Record<string, Item> = {};
  let draftSlugs: Record<string, string>;
  let baseline: { lists: any; sciatica: any };
  const live = async (query: string, vars: Record<string, unknown> = {}) => dataOf(await app.gql(query, vars));
  const preview = async (query: string, vars: Record<string, unknown> = {}, role: "EDITOR" | "REVIEWER" = "EDITOR") =>
    dataOf(await app.gql(query, vars, { token: tokens[role], headers: PREVIEW }));
  const liveRows = async (table: string, id: string) =>
    (await app.writer.query(`SELECT count(*)::int AS n FROM live.${table} WHERE id = $1`, [id]))[0].n;

  beforeAll(async () => {
    app = await startTestApp();
    tokens = await tokensByRole(app);
    ed = new Editorial(app, tokens);
    baseline = { lists: await live(LISTS), sciatica: await live(SCIATICA) };

    drafts.symptom = await ed.create("SYMPTOM", { name: `Draft symptom ${tag}`, kind: "SIGN" });
    drafts.condition = await ed.create("CONDITION", { name: `Draft condition ${tag}` });
    drafts.treatment = await ed.create("TREATMENT", { name: `Draft treatment ${tag}`, category: "CONSERVATIVE" });
    drafts.riskFactor = await ed.create("RISK_FACTOR", { name: `Draft risk factor ${tag}` });
    drafts.diagnosticMethod = await ed.create("DIAGNOSTIC_METHOD", { name: `Draft method ${tag}` });
    drafts.advice = await ed.create("ADVICE", { text: `Draft advice ${tag}`, kind: "PREVENTION" });
    drafts.redFlag = await ed.create("RED_FLAG", { text: `Draft red flag ${tag}`, urgency: "URGENT" });
    drafts.caseExample = await ed.create("CASE_EXAMPLE", { title: `Draft case ${tag}` });
    drafts.condition = await ed.setLinks(drafts.condition, "CONDITION_SYMPTOMS", [{ id: drafts.symptom.id }]);
    drafts.caseExample = await ed.setLinks(drafts.caseExample, "CASE_EXAMPLE_CONDITIONS", [
      { id: sciaticaId },
      { id: drafts.condition.id },
    ]);
    drafts.caseExample = await ed.setLinks(drafts.caseExample, "CASE_EXAMPLE_TREATMENTS", [{ id: drafts.treatment.id }]);

    // Link one draft of each kind under the published sciatica, after its existing links; then rename it.
    let sciatica = await ed.get("CONDITION", sciaticaId);
    const added: Array<[string, string, Item]> = [
      ["CONDITION_SYMPTOMS", "conditionSymptom", drafts.symptom],
      ["CONDITION_TREATMENTS", "conditionTreatment", drafts.treatment],
      ["CONDITION_RISK_FACTORS", "conditionRiskFactor", drafts.riskFactor],
      ["CONDITION_DIAGNOSTIC_METHODS", "conditionDiagnosticMethod", drafts.diagnosticMethod],
      ["CONDITION_ADVICE", "conditionAdvice", drafts.advice],
      ["CONDITION_RED_FLAGS", "conditionRedFlag", drafts.redFlag],
      ["CONDITION_DIFFERENTIALS", "conditionDifferential", drafts.condition],
    ];
    for (const [kind, key, target] of added) {
      const kept = sciatica.links[key].map((l) => ({ id: l.targetId, note: l.note, ...(l.line ? { line: l.line } : {}) }));
      sciatica = await ed.setLinks(sciatica, kind, [...kept, { id: target.id, note: `draft link ${tag}` }]);
    }
    sciatica = await ed.update(sciatica, { name: `Sciatica renamed ${tag}` });
    // Imported (version 1), then published by the import (version 2).
    expect(sciatica).toMatchObject({ status: "IN_REVIEW", live: true, liveVersion: 2 });
    draftSlugs = {
      c: drafts.condition.slug,
      s: drafts.symptom.slug,
      t: drafts.treatment.slug,
      r: drafts.riskFactor.slug,
      d: drafts.diagnosticMethod.slug,
      e: drafts.caseExample.slug,
    };
  });
  afterAll(() => app.close());

  it("1. delivery's connection cannot read the draft schema at all", async () => {
    const [{ delivery }] = await app.delivery.query(`SELECT pg_has_role('cms_delivery', 'USAGE') AS delivery`);
    expect(delivery).toBe(true);
    for (const table of ["draft.condition", "draft.condition_translation"]) {
      await expect(app.delivery.query(`SELECT * FROM ${table}`)).rejects.toMatchObject({
        code: "42501",
        message: expect.stringMatching(/permission denied/i),
      });
    }
    expect(await app.delivery.query(`SELECT id FROM live.condition`)).toHaveLength(8);
    expect((await app.delivery.query(`SELECT slug FROM live.condition_translation`)).map((r: any) => r.slug)).toContain("sciatica");
  });

  it("2. no delivery query shows a draft: lists, names, single items, nested links, filters, nameContains", async () => {
    expect(await live(LISTS)).toEqual(baseline.lists);
    expect(await live(SCIATICA)).toEqual(baseline.sciatica);
    const byTag = await live(LISTS, { q: tag });
    for (const list of Object.values<any>(byTag)) expect(list).toEqual({ totalCount: 0, edges: [] });
    expect((await live(LISTS, { q: "renamed" })).conditions.totalCount).toBe(0);
    expect(await live(DRAFTS, draftSlugs)).toEqual({
      condition: null,
      symptom: null,
      treatment: null,
      riskFactor: null,
      diagnosticMethod: null,
      caseExample: null,
      bySymptom: { totalCount: 0, edges: [] },
      byTreatment: { totalCount: 0 },
      byRiskFactor: { totalCount: 0 },
      ofDraftCondition: { totalCount: 0 },
      casesByTreatment: { totalCount: 0 },
    });
    // A token without X-Preview still reads live.
    expect(dataOf(await app.gql(SCIATICA, {}, { token: tokens.EDITOR }))).toEqual(baseline.sciatica);
  });

  it.each(["EDITOR", "REVIEWER"] as const)("3. preview as %s shows the draft graph", async (role) => {
    const lists = await preview(LISTS, {}, role);
    for (const [name, list] of Object.entries<any>(lists)) expect(list.totalCount).toBe(baseline.lists[name].totalCount + 1);
    const byTag = await preview(LISTS, { q: tag }, role);
    for (const [name, list] of Object.entries<any>(byTag)) expect(list.totalCount).toBe(name === "conditions" ? 2 : 1);

    const { condition: sciatica, tingling } = await preview(SCIATICA, {}, role);
    expect(sciatica.name).toBe(`Sciatica renamed ${tag}`);
    expect(tingling.conditions).toContainEqual({ slug: "sciatica", name: `Sciatica renamed ${tag}` });
    expect(slugs(sciatica.symptoms)).toEqual([...slugs(baseline.sciatica.condition.symptoms), drafts.symptom.slug]);
    expect(sciatica.symptomLinks.at(-1)).toEqual({ note: `draft link ${tag}`, symptom: { slug: drafts.symptom.slug } });
    for (const [field, item] of [
      ["treatments", "treatment"],
      ["riskFactors", "riskFactor"],
      ["diagnosticMethods", "diagnosticMethod"],
      ["redFlags", "redFlag"],
      ["prevention", "advice"],
      ["differentials", "condition"],
      ["caseExamples", "caseExample"],
    ]) {
      expect(slugs(sciatica[field])).toContain(drafts[item].slug);
    }

    const found = await preview(DRAFTS, draftSlugs, role);
    expect(found.symptom).toEqual({
      slug: drafts.symptom.slug,
      name: `Draft symptom ${tag}`,
      conditions: expect.arrayContaining([{ slug: "sciatica" }, { slug: drafts.condition.slug }]),
    });
    expect(found.condition.symptoms).toEqual([{ slug: drafts.symptom.slug }]);
    for (const key of ["treatment", "riskFactor", "diagnosticMethod", "caseExample"]) expect(found[key].slug).toBe(drafts[key].slug);
    expect(found.bySymptom.totalCount).toBe(2);
    for (const key of ["byTreatment", "byRiskFactor", "ofDraftCondition", "casesByTreatment"]) expect(found[key].totalCount).toBe(1);
  });

  it("3. preview without editorial rights is refused", async () => {
    const anonymous = await app.gql(LISTS, {}, { headers: PREVIEW });
    expect(anonymous.status).toBe(401);
    expectErrorCode(anonymous, "UNAUTHENTICATED");
    expect(anonymous.data ?? null).toBeNull();
    const badToken = await app.gql(LISTS, {}, { token: "not-a-token", headers: PREVIEW });
    expectErrorCode(badToken, "UNAUTHENTICATED");
    expect(badToken.data ?? null).toBeNull();
    // Roles without a right get FORBIDDEN: an editor cannot sign off, a reviewer cannot publish.
    expectErrorCode(await ed.stepRaw("approve", await ed.get("CONDITION", sciaticaId), "EDITOR"), "FORBIDDEN");
    expectErrorCode(await ed.stepRaw("publish", await ed.get("CONDITION", sciaticaId), "REVIEWER"), "FORBIDDEN");
  });

  describe("4. publishing", () => {
    let sciaticaLive: any;

    it("publishes a condition; its link to an unpublished symptom stays hidden", async () => {
      const inReview = await ed.get("CONDITION", sciaticaId);
      expectErrorCode(await ed.stepRaw("publish", inReview, "EDITOR"), "CONFLICT");
      const published = await ed.publish(inReview);
      expect(published).toMatchObject({ status: "PUBLISHED", live: true, liveVersion: published.version });

      sciaticaLive = await live(SCIATICA);
      expect(sciaticaLive.condition).toMatchObject({ name: `Sciatica renamed ${tag}`, version: published.version });
      for (const field of [
        "symptoms",
        "symptomLinks",
        "treatments",
        "riskFactors",
        "diagnosticMethods",
        "redFlags",
        "prevention",
        "differentials",
        "caseExamples",
      ]) {
        expect(sciaticaLive.condition[field]).toEqual(baseline.sciatica.condition[field]);
      }
      const [{ n }] = await app.writer.query(
        `SELECT count(*)::int AS n FROM live.condition_symptom WHERE condition_id = $1 AND symptom_id = $2`,
        [sciaticaId, drafts.symptom.id],
      );
      expect(n).toBe(1); // the link row is live; the join hides it
      expect((await live(DRAFTS, draftSlugs)).bySymptom.totalCount).toBe(0);
      expect((await live(LISTS, { q: tag })).conditions.edges).toEqual([{ node: { slug: "sciatica", title: `Sciatica renamed ${tag}` } }]);
    });

    it("publishing the symptom, with its translations, makes the link appear without republishing the condition", async () => {
      const withEs = await ed.update(drafts.symptom, { name: `Síntoma borrador ${tag}` }, "es");
      drafts.symptom = await ed.publish(withEs);
      expect(drafts.symptom.status).toBe("PUBLISHED");
      const s = draftSlugs.s;
      const data = await live(
        `query($s: String!, $es: String!) { symptom(slug: $s) { name locale conditions { slug } } es: symptom(slug: $es, locale: "es") { name locale }
        conditions(filter: { symptom: $s }) { edges { node { slug } } } }`,
        { s, es: `sintoma-borrador-${tag}` },
      );
      expect(data.symptom).toEqual({ name: `Draft symptom ${tag}`, locale: "en", conditions: [{ slug: "sciatica" }] });
      expect(data.es).toEqual({ name: `Síntoma borrador ${tag}`, locale: "es" });
      expect(data.conditions.edges).toEqual([{ node: { slug: "sciatica" } }]);
      const now = await live(SCIATICA);
      expect(now.condition.version).toBe(sciaticaLive.condition.version);
      expect(slugs(now.condition.symptoms)).toEqual([...slugs(baseline.sciatica.condition.symptoms), s]);
    });

    it("unpublish and archive take it off delivery again", async () => {
      const unpublished = await ed.step("unpublish", drafts.symptom, "EDITOR");
      expect(unpublished).toMatchObject({ status: "APPROVED", live: false, liveVersion: null });
      const gone = async () => {
        const data = await live(`query($s: String!) { symptom(slug: $s) { slug } condition(slug: "sciatica") { symptoms { slug } } }`, {
          s: draftSlugs.s,
        });
        expect(data).toEqual({ symptom: null, condition: { symptoms: baseline.sciatica.condition.symptoms } });
        expect(await liveRows("symptom", drafts.symptom.id)).toBe(0);
        const [{ n }] = await app.writer.query(`SELECT count(*)::int AS n FROM live.symptom_translation WHERE symptom_id = $1`, [
          drafts.symptom.id,
        ]);
        expect(n).toBe(0);
      };
      await gone();
      const republished = await ed.step("publish", unpublished, "EDITOR");
      expect((await live(`query($s: String!) { symptom(slug: $s) { slug } }`, { s: draftSlugs.s })).symptom).toEqual({
        slug: draftSlugs.s,
      });
      const archived = await ed.step("archive", republished, "EDITOR");
      expect(archived).toMatchObject({ status: "ARCHIVED", live: false });
      await gone();
    });
  });

  describe("5. publishRelease", () => {
    const visible = async () => {
      const data = await live(DRAFTS, draftSlugs);
      const lists = await live(LISTS, { q: tag });
      return {
        treatment: !!data.treatment,
        riskFactor: !!data.riskFactor,
        diagnosticMethod: !!data.diagnosticMethod,
        caseExample: !!data.caseExample,
        advice: lists.advice.totalCount,
        redFlag: lists.redFlags.totalCount,
      };
    };

    it("fails whole (CONFLICT) when one item is not approved, then publishes all once it is", async () => {
      const t = await ed.approve(drafts.treatment);
      const r = await ed.approve(drafts.riskFactor);
      const d = drafts.diagnosticMethod; // still DRAFT, and last: the others were already written in the transaction
      expectErrorCode(await ed.publishRelease([t, r, d]), "CONFLICT");
      expect(await visible()).toMatchObject({ treatment: false, riskFactor: false, diagnosticMethod: false });
      for (const item of [t, r, d])
        expect(await ed.get(item.type, item.id)).toMatchObject({ version: item.version, status: item.status, live: false });
      expect(await liveRows("treatment", t.id)).toBe(0);

      const response = await ed.publishRelease([t, r, await ed.approve(d)]);
      expect(dataOf(response).publishRelease.map((i: Item) => [i.status, i.live])).toEqual(Array(3).fill(["PUBLISHED", true]));
      expect(await visible()).toMatchObject({ treatment: true, riskFactor: true, diagnosticMethod: true });
      // Sciatica's links to them, published earlier, show now.
      const { condition } = await live(SCIATICA);
      expect(slugs(condition.treatments)).toContain(t.slug);
      expect(slugs(condition.riskFactors)).toContain(r.slug);
      expect(slugs(condition.diagnosticMethods)).toContain(d.slug);
    });

    it("fails whole (CONFLICT) on a stale version", async () => {
      const items = [await ed.approve(drafts.advice), await ed.approve(drafts.redFlag), await ed.approve(drafts.caseExample)];
      const error = expectErrorCode(
        await ed.publishRelease([items[0], items[1], { ...items[2], version: items[2].version - 1 }]),
        "CONFLICT",
      );
      expect(error.extensions).toMatchObject({ currentVersion: items[2].version, yourVersion: items[2].version - 1 });
      expect(await visible()).toMatchObject({ advice: 0, redFlag: 0, caseExample: false });
      for (const item of items)
        expect(await ed.get(item.type, item.id)).toMatchObject({ version: item.version, status: "APPROVED", live: false });

      dataOf(await ed.publishRelease(items));
      expect(await visible()).toMatchObject({ advice: 1, redFlag: 1, caseExample: true });
    });
  });

  describe("6. admin override", () => {
    let item: Item;
    beforeAll(async () => {
      item = await ed.create("SYMPTOM", { name: `Override symptom ${tag}` });
    });

    it("needs a reason, and an ADMIN", async () => {
      expectErrorCode(await ed.stepRaw("publish", item, "ADMIN", { override: true }), "BAD_USER_INPUT");
      expectErrorCode(await ed.stepRaw("publish", item, "ADMIN", { override: true, reason: "   " }), "BAD_USER_INPUT");
      expectErrorCode(await ed.stepRaw("publish", item, "EDITOR", { override: true, reason: "Editor wants it out" }), "FORBIDDEN");
      expectErrorCode(await ed.stepRaw("publish", item, "ADMIN"), "CONFLICT");
      expect(await ed.get("SYMPTOM", item.id)).toMatchObject({ status: "DRAFT", version: item.version, live: false });
      expect((await live(`query($s: String!) { symptom(slug: $s) { slug } }`, { s: item.slug })).symptom).toBeNull();
    });

    it("publishes a DRAFT and audits override and reason", async () => {
      const reason = `Safety notice ${tag}`;
      const published = await ed.step("publish", item, "ADMIN", { override: true, reason });
      expect(published).toMatchObject({ status: "PUBLISHED", live: true, version: item.version + 1 });
      expect((await live(`query($s: String!) { symptom(slug: $s) { slug version } }`, { s: item.slug })).symptom).toEqual({
        slug: item.slug,
        version: published.version,
      });

      const AUDIT = `query($id: ID!) { auditLog(contentId: $id) { action actorEmail versionBefore versionAfter detail } }`;
      expectErrorCode(await ed.send("EDITOR", AUDIT, { id: item.id }), "FORBIDDEN");
      const { auditLog } = dataOf(await ed.send("ADMIN", AUDIT, { id: item.id }));
      const { me } = dataOf(await ed.send("ADMIN", `{ me { email } }`));
      expect(auditLog.map((e: any) => e.action)).toEqual(["PUBLISH", "CREATE"]);
      expect(auditLog[0]).toEqual({
        action: "PUBLISH",
        actorEmail: me.email,
        versionBefore: item.version,
        versionAfter: published.version,
        detail: { override: true, reason, statusBefore: "DRAFT", statusAfter: "PUBLISHED" },
      });
    });

    it("publishRelease with override also needs a reason", async () => {
      const other = await ed.create("SYMPTOM", { name: `Release override ${tag}` });
      expectErrorCode(await ed.publishRelease([other], "ADMIN", { override: true }), "BAD_USER_INPUT");
      expect(await ed.get("SYMPTOM", other.id)).toMatchObject({ status: "DRAFT", live: false });
    });
  });
});
