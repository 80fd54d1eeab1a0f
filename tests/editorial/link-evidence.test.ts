import { Role } from "../../src/access/access";
import { SET_LINKS } from "../helpers/editorial-workflow";
import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, tokensByRole } from "../helpers/users";

const CITATION = { title: "Example clinical guideline", url: "https://example.org/guidelines/sciatica", publisher: "Example Publisher" };

describe("link evidence through setLinks", () => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  let conditionId: string;

  beforeAll(async () => {
    app = await startTestApp();
    tokens = await tokensByRole(app);
    conditionId = dataOf(await app.gql(`{ condition(slug: "sciatica") { id } }`)).condition.id;
  });
  afterAll(() => app.close());

  const draft = async () =>
    dataOf(
      await app.gql(
        `query($id: ID!) { editorialItem(type: CONDITION, id: $id) { version links } }`,
        { id: conditionId },
        { token: tokens.EDITOR },
      ),
    ).editorialItem;
  const setLinks = (version: number, links: unknown[]) =>
    app.gql(SET_LINKS, { type: "CONDITION", id: conditionId, version, kind: "CONDITION_SYMPTOMS", links }, { token: tokens.EDITOR });

  it("stores evidence with its citation, keeps it across edits, and serves it live once published", async () => {
    const symptom = await createSymptom(app, tokens.EDITOR, "Pain on coughing");
    const current = await draft();
    const kept = current.links.conditionSymptom.map((l: any) => ({ id: l.targetId, note: l.note, evidence: l.evidence }));
    const quote = "Pain may be worse on coughing or sneezing.";
    const linked = dataOf(
      await setLinks(current.version, [...kept, { id: symptom.id, note: "Sometimes", evidence: { quote, citation: CITATION } }]),
    ).item;

    const links = linked.links.conditionSymptom;
    expect(links.slice(0, kept.length).map((l: any) => l.evidence)).toEqual(kept.map((l: any) => l.evidence));
    expect(links[kept.length]).toMatchObject({
      targetId: symptom.id,
      evidence: { quote, citation: { ...CITATION, doi: null, pmid: null, evidenceLevel: null, note: null } },
    });

    // Publish the symptom and the condition, then delivery shows the quote on the link.
    const sym = dataOf(
      await app.gql(
        `mutation($id: ID!) { submitForReview(type: SYMPTOM, id: $id, version: 1) { version } }`,
        { id: symptom.id },
        { token: tokens.EDITOR },
      ),
    ).submitForReview;
    const release = [
      { type: "SYMPTOM", id: symptom.id, version: sym.version },
      { type: "CONDITION", id: conditionId, version: linked.version },
    ];
    dataOf(
      await app.gql(
        `mutation($items: [ItemVersionInput!]!) { publishRelease(items: $items, override: true, reason: "test of link evidence") { live } }`,
        { items: release },
        { token: tokens.ADMIN },
      ),
    );
    const page = dataOf(
      await app.gql(
        `{ condition(slug: "sciatica") { symptomLinks { symptom { slug } evidence { quote citation { title url publisher } } } } }`,
      ),
    ).condition;
    const link = page.symptomLinks.find((l: any) => l.symptom.slug === symptom.slug);
    expect(link.evidence).toEqual({ quote, citation: CITATION });
  });

  it("serves null evidence for a link that an editor added without one", async () => {
    const current = await draft();
    const withoutEvidence = current.links.conditionSymptom.map((l: any) => ({ id: l.targetId, note: l.note }));
    const item = dataOf(await setLinks(current.version, withoutEvidence)).item;
    expect(item.links.conditionSymptom.every((l: any) => !("evidence" in l))).toBe(true);
    const preview = dataOf(
      await app.gql(
        `{ condition(slug: "sciatica") { symptomLinks { evidence { quote } } } }`,
        {},
        { token: tokens.EDITOR, headers: { "x-preview": "true" } },
      ),
    );
    expect(preview.condition.symptomLinks.map((l: any) => l.evidence)).toEqual(withoutEvidence.map(() => null));
  });

  it.each([
    ["a blank quote", { quote: "   ", citation: CITATION }, "links[0].evidence.quote"],
    ["a citation without a title", { quote: "A sentence.", citation: { title: "" } }, "links[0].evidence.citation.title"],
    [
      "a citation with a bad url",
      { quote: "A sentence.", citation: { title: "T", url: "javascript:alert(1)" } },
      "links[0].evidence.citation.url",
    ],
    ["a quote of more than 2000 characters", { quote: "a".repeat(2001), citation: CITATION }, "links[0].evidence.quote"],
  ])("refuses %s with BAD_USER_INPUT on that field, changing nothing", async (_label, evidence, path) => {
    const current = await draft();
    const symptomId = current.links.conditionSymptom[0].targetId;
    const error = expectErrorCode(await setLinks(current.version, [{ id: symptomId, evidence }]), "BAD_USER_INPUT");
    expect(error.extensions!.fields.map((f: { path: string }) => f.path)).toContain(path);
    expect(await draft()).toEqual(current);
  });
});
