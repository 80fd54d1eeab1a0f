import { dataOf, expectErrorCode, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, signIn } from "../helpers/users";

const STEP = (field: string) =>
  `mutation($id: ID!, $version: Int!) { ${field}(type: SYMPTOM, id: $id, version: $version) { version status reviewedBy } }`;

describe("clinical sign-off needs a second person", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  it("the author of the latest change cannot approve it; another reviewer can", async () => {
    const admin = await signIn(app, "ADMIN");
    const otherAdmin = await signIn(app, "ADMIN");
    const item = await createSymptom(app, admin);
    const submitted = dataOf(
      await app.gql(STEP("submitForReview"), { id: item.id, version: item.version }, { token: admin }),
    ).submitForReview;

    const own = await app.gql(STEP("approve"), { id: item.id, version: submitted.version }, { token: admin });
    expect(expectErrorCode(own, "FORBIDDEN").message).toMatch(/another reviewer/);

    const approved = dataOf(await app.gql(STEP("approve"), { id: item.id, version: submitted.version }, { token: otherAdmin })).approve;
    expect(approved).toMatchObject({ status: "APPROVED", reviewedBy: "Test ADMIN" });
  });

  it("a workflow step is not authorship: whoever submitted may still be a different person from the author", async () => {
    const editor = await signIn(app, "EDITOR");
    const admin = await signIn(app, "ADMIN");
    const item = await createSymptom(app, editor);
    // The admin only submits; the editor wrote the content, so the admin may sign it off.
    const submitted = dataOf(
      await app.gql(STEP("submitForReview"), { id: item.id, version: item.version }, { token: admin }),
    ).submitForReview;
    const approved = dataOf(await app.gql(STEP("approve"), { id: item.id, version: submitted.version }, { token: admin })).approve;
    expect(approved.status).toBe("APPROVED");
  });
});
