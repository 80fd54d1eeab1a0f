import fs from "node:fs";
import path from "node:path";
import { dataOf, GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";
import { signIn } from "../helpers/users";

/** The named operations of the README's editor walkthrough, exactly as printed there. */
function walkthroughOperations(): Map<string, string> {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const block = /<!-- walkthrough -->\s*```graphql\n([\s\S]*?)```\s*<!-- \/walkthrough -->/.exec(readme);
  if (!block) throw new Error("README has no walkthrough block");
  const operations = new Map<string, string>();
  for (const part of block[1].split(/\n(?=(?:query|mutation) )/)) {
    const match = /^(query|mutation) (\w+)/m.exec(part);
    if (match)
      operations.set(
        match[2],
        part
          .slice(match.index)
          .replace(/\n#[^\n]*/g, "")
          .trim(),
      );
  }
  return operations;
}

describe("README editor walkthrough", () => {
  let app: TestApp;
  const ops = walkthroughOperations();
  const run = async (name: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> => {
    const text = ops.get(name);
    if (!text) throw new Error(`README walkthrough has no operation ${name}`);
    const response: GraphQLResponse = await app.gql(text, variables, { token });
    return dataOf(response);
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("works as written: create, link, review, publish, see it live, restore", async () => {
    await signIn(app, "ADMIN", "admin@example.org");
    const admin = (await run("Login", { email: "admin@example.org", password: "a-long-test-password" })).login.token;
    await run("CreateReviewer", {}, admin);
    const reviewer = (await run("Login", { email: "reviewer@example.org", password: "reviewer-password" })).login.token;

    const symptom = (await run("CreateSymptom", {}, admin)).createSymptom;
    expect(symptom).toMatchObject({ version: 1, status: "DRAFT", slug: "night-cramps" });
    const conditionId = (await run("FindCondition")).condition.id;
    const draft = (await run("ConditionDraft", { id: conditionId }, admin)).editorialItem;
    const links = [
      ...draft.links.conditionSymptom.map((l: any) => ({ id: l.targetId, note: l.note, evidence: l.evidence })),
      { id: symptom.id, note: "Often after long runs" },
    ];
    const linked = (await run("LinkSymptom", { id: conditionId, version: draft.version, links }, admin)).setLinks;
    expect(linked.status).toBe("IN_REVIEW");
    const submitted = (await run("Submit", { id: symptom.id, version: symptom.version }, admin)).submitForReview;

    const s = (await run("SignOff", { type: "SYMPTOM", id: symptom.id, version: submitted.version }, reviewer)).approve;
    const c = (await run("SignOff", { type: "CONDITION", id: conditionId, version: linked.version }, reviewer)).approve;
    expect(c).toMatchObject({ status: "APPROVED", reviewedBy: "Dr Rhea Reviewer" });

    const before = (await run("LivePage")).condition.symptoms.map((x: any) => x.name);
    expect(before).not.toContain("Night cramps");
    const release = (
      await run(
        "PublishBoth",
        {
          items: [
            { type: "SYMPTOM", id: symptom.id, version: s.version },
            { type: "CONDITION", id: conditionId, version: c.version },
          ],
        },
        admin,
      )
    ).publishRelease;
    expect(release.map((r: any) => r.live)).toEqual([true, true]);
    expect((await run("LivePage")).condition.symptoms.map((x: any) => x.name)).toContain("Night cramps");

    const history = (await run("History", { id: conditionId }, admin)).revisions;
    // The last two are the import: the draft as imported, then its publication.
    expect(history.map((r: any) => r.action)).toEqual(["PUBLISH", "APPROVE", "SET_LINKS", "PUBLISH", "IMPORT"]);
    const diff = (await run("Compare", { from: history[3].id, to: history[0].id }, admin)).revisionDiff;
    expect(diff.links).toEqual([expect.objectContaining({ path: `links.conditionSymptom.${symptom.id}`, kind: "ADDED" })]);
    const restored = (await run("Restore", { revisionId: history[3].id, version: release[1].version }, admin)).restoreRevision;
    expect(restored).toMatchObject({ status: "DRAFT", live: true, liveVersion: release[1].version });
    // The live page keeps the published version until the restored draft is published.
    expect((await run("LivePage")).condition.symptoms.map((x: any) => x.name)).toContain("Night cramps");
  });
});
