import { dataOf } from "../helpers/test-app";
import { createSymptom } from "../helpers/users";
import { expectAccessible, makeUser, open, screenshot, signedIn, startStudio, Studio } from "./browser";

describe("studio: four eyes, history and restore", () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(async () => studio?.close());

  it("approve is disabled, with the reason, for whoever made the latest change; another reviewer signs off", async () => {
    const admin = await makeUser(studio, "ADMIN", "ada-admin");
    const reviewer = await makeUser(studio, "REVIEWER", "rex-reviewer");
    const item = await createSymptom(studio.app, admin.token, "Restless legs");
    dataOf(
      await studio.app.gql(
        `mutation($id: ID!, $v: Int!) { submitForReview(type: SYMPTOM, id: $id, version: $v) { version } }`,
        { id: item.id, v: item.version },
        { token: admin.token },
      ),
    );

    const { page: own } = await signedIn(studio, admin.email);
    // Not in the author's own "waiting for my sign-off" list ...
    await own.getByRole("heading", { name: /^Waiting for my sign-off/ }).waitFor();
    await expect(own.getByRole("link", { name: "Restless legs" }).count()).resolves.toBe(0);
    await open(studio, own, `edit/symptom/${item.id}`);
    const approveOwn = own.getByRole("button", { name: "Approve (clinical sign-off)" });
    await approveOwn.waitFor();
    await expect(approveOwn.isDisabled()).resolves.toBe(true);
    await expect(own.locator("#approve-note").textContent()).resolves.toMatch(/you made the latest change to this content/);
    await expect(approveOwn.getAttribute("aria-describedby")).resolves.toBe("approve-note");
    await screenshot(own, "four-eyes");

    const { page: other } = await signedIn(studio, reviewer.email);
    // ... but in another reviewer's.
    await other.getByRole("table", { name: "In review" }).getByRole("link", { name: "Restless legs" }).waitFor();
    await open(studio, other, `edit/symptom/${item.id}`);
    const approve = other.getByRole("button", { name: "Approve (clinical sign-off)" });
    await expect(approve.isEnabled()).resolves.toBe(true);
    await approve.click();
    await other.getByText(/IN_REVIEW → APPROVED/).waitFor();
  });

  it("shows revisions with author and time, diffs two, and restores an old one as a new draft", async () => {
    const editor = await makeUser(studio, "EDITOR", "eve-editor");
    const item = await createSymptom(studio.app, editor.token, "Cold feet");
    const { page } = await signedIn(studio, editor.email);
    await open(studio, page, `edit/symptom/${item.id}`);
    await page.getByLabel(/^Name/).fill("Cold feet and toes");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText(/^Saved: version/).waitFor();

    await page.getByRole("link", { name: "History" }).click();
    const revisions = page.getByRole("table", { name: "Revisions, newest first" });
    await revisions.getByRole("cell", { name: "UPDATE", exact: true }).waitFor();
    await expect(revisions.getByRole("cell", { name: editor.email }).count()).resolves.toBe(2);
    // The two newest are compared by default: the name changed.
    const fields = page.getByRole("table", { name: "Fields" });
    await fields.getByRole("rowheader", { name: "translations.en.name" }).waitFor();
    await fields.getByText("Cold feet and toes").waitFor();
    await expectAccessible(page, "history");
    await screenshot(page, "history");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: `Restore version ${item.version}` }).click();
    await page.getByText(/^Restored version \d+ as a new draft: DRAFT → DRAFT/).waitFor();
    await revisions.getByRole("cell", { name: "RESTORE", exact: true }).waitFor();

    const stored = dataOf(
      await studio.app.gql(
        `query($id: ID!) { editorialItem(type: SYMPTOM, id: $id) { status title } }`,
        { id: item.id },
        { token: editor.token },
      ),
    ).editorialItem;
    expect(stored).toEqual({ status: "DRAFT", title: "Cold feet" });
  });
});
