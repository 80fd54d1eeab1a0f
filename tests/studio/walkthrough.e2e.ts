import { Page } from "playwright-core";
import { dataOf } from "../helpers/test-app";
import { expectAccessible, makeUser, open, screenshot, signedIn, startStudio, Studio } from "./browser";

/** The workflow panel's answer to the last step, e.g. "Approve (clinical sign-off): IN_REVIEW → APPROVED (version 4)." */
async function step(page: Page, button: string): Promise<string> {
  await page.getByRole("button", { name: button, exact: true }).click();
  const result = page.getByTestId("workflow-result");
  await result.waitFor();
  return (await result.textContent()) ?? "";
}

async function openCondition(studio: Studio, page: Page, name: string): Promise<void> {
  await open(studio, page, "types/condition");
  await page.getByLabel("Search by name").fill(name);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("link", { name }).click();
  await page.getByRole("heading", { name: "Workflow" }).waitFor();
}

describe("studio: from draft to live in the browser", () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(async () => studio?.close());

  it("an editor creates a symptom and links it with a note; a reviewer signs off; the editor publishes; delivery shows it", async () => {
    const { email: editorEmail } = await makeUser(studio, "EDITOR", "edna-editor");
    const { email: reviewerEmail } = await makeUser(studio, "REVIEWER", "rhea-reviewer");
    const symptom = "Night cramps in the calf";

    // Editor: a new symptom, then submitted.
    const { page: editor } = await signedIn(studio, editorEmail);
    await expect(editor.getByTestId("role").textContent()).resolves.toBe("EDITOR");
    await expectAccessible(editor, "dashboard");
    await screenshot(editor, "dashboard");
    await open(studio, editor, "new/symptom");
    // The API's BAD_USER_INPUT lands on its field.
    await editor.getByRole("button", { name: "Create draft" }).click();
    const name = editor.getByRole("textbox", { name: /^Name/ });
    await editor.getByText("name is required.").first().waitFor();
    await expect(name.getAttribute("aria-invalid")).resolves.toBe("true");
    await name.fill(symptom);
    await editor.getByLabel(/^Description/).fill("Sudden, painful tightening of the calf muscles at night.");
    await editor.getByRole("button", { name: "Create draft" }).click();
    await editor.getByRole("heading", { name: "Workflow" }).waitFor();
    await expect(step(editor, "Submit for review")).resolves.toMatch(/DRAFT → IN_REVIEW/);

    // Editor: link it from a condition, with a note and its evidence.
    await openCondition(studio, editor, "Muscle strain");
    await editor.getByLabel("Find a symptom to link").fill("night cramps");
    await editor.getByRole("button", { name: "Search symptoms" }).click();
    await editor.getByRole("button", { name: `Link ${symptom}` }).click();
    await editor.getByLabel(`Note on ${symptom}`).fill("Often after a long day on the feet");
    // Reorder by keyboard: the new link moves up one place, above the last seeded one.
    await editor.getByRole("button", { name: `Move ${symptom} up` }).press("Enter");
    await editor.getByText(`Evidence for ${symptom}`).click();
    await editor.getByLabel(`Quote for ${symptom}`).fill("Cramps often strike at night.");
    await editor.getByLabel(`Source for ${symptom}: title`).fill("Leg and calf pain article");
    await expectAccessible(editor, "condition editor");
    await screenshot(editor, "condition-editor");
    await editor.getByRole("button", { name: "Save", exact: true }).click();
    await editor.getByText(/^Saved: version \d+, status IN_REVIEW\.$/).waitFor();

    // Reviewer: both wait for their sign-off; approve each.
    const { page: reviewer } = await signedIn(studio, reviewerEmail);
    const waiting = reviewer.getByRole("table", { name: "In review" });
    await waiting.getByRole("link", { name: symptom }).waitFor();
    await waiting.getByRole("link", { name: "Muscle strain" }).click();
    await expect(step(reviewer, "Approve (clinical sign-off)")).resolves.toMatch(/IN_REVIEW → APPROVED/);
    await open(studio, reviewer, "");
    await reviewer.getByRole("table", { name: "In review" }).getByRole("link", { name: symptom }).click();
    await expect(step(reviewer, "Approve (clinical sign-off)")).resolves.toMatch(/IN_REVIEW → APPROVED/);

    // Editor: publish both together, from the work list.
    await open(studio, editor, "");
    const approved = editor.getByRole("table", { name: "Approved" });
    await approved.getByLabel(`Select ${symptom}`).check();
    await approved.getByLabel("Select Muscle strain").check();
    await editor.getByRole("button", { name: "Publish selected together (2)" }).click();
    await editor.getByText("Published 2 items together: APPROVED → PUBLISHED.").waitFor();

    // The website: the live condition page lists the symptom with the editor's note.
    const page = dataOf(
      await studio.app.gql(
        `{ condition(slug: "muscle-strain") { symptomLinks { note evidence { quote } symptom { name reviewStatus } } } }`,
      ),
    );
    const links = page.condition.symptomLinks;
    expect(links[links.length - 2].symptom.name).toBe(symptom);
    const link = links[links.length - 2];
    expect(link).toEqual({
      note: "Often after a long day on the feet",
      evidence: { quote: "Cramps often strike at night." },
      symptom: { name: symptom, reviewStatus: "REVIEWED" },
    });
  });
});
