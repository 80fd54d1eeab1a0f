import { dataOf } from "../helpers/test-app";
import { createSymptom } from "../helpers/users";
import { expectAccessible, makeUser, open, screenshot, signedIn, startStudio, Studio } from "./browser";

describe("studio: CONFLICT, merged field by field", () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(async () => studio?.close());

  it("two editors save the same symptom: the second sees stored beside mine, merges per field and loses nothing", async () => {
    const ann = await makeUser(studio, "EDITOR", "ann-editor");
    const ben = await makeUser(studio, "EDITOR", "ben-editor");
    const item = await createSymptom(studio.app, ann.token, "Heavy legs");

    const { page: a } = await signedIn(studio, ann.email);
    const { page: b } = await signedIn(studio, ben.email);
    await open(studio, a, `edit/symptom/${item.id}`);
    await open(studio, b, `edit/symptom/${item.id}`);
    await a.getByRole("heading", { name: "Workflow" }).waitFor();
    await b.getByRole("heading", { name: "Workflow" }).waitFor();

    // Ben saves first.
    await b.getByLabel(/^Description/).fill("Ben: legs feel heavy after standing.");
    await b.getByRole("button", { name: "Save", exact: true }).click();
    await b.getByText(/^Saved: version/).waitFor();

    // Ann, still on the old version, changes the name and the description.
    await a.getByLabel(/^Name/).fill("Heavy, tired legs");
    await a.getByLabel(/^Description/).fill("Ann: a feeling of heaviness in the legs.");
    await a.getByRole("button", { name: "Save", exact: true }).click();
    const conflict = a.getByRole("region", { name: "Someone saved this item while you were editing" });
    await conflict.waitFor();
    // Both texts are on screen, side by side; Ann's text is still in her form.
    await conflict.locator('tr[data-field="description"]').getByText("Ben: legs feel heavy after standing.").waitFor();
    await conflict.locator('tr[data-field="description"]').getByText("Ann: a feeling of heaviness in the legs.").waitFor();
    await expect(a.getByLabel(/^Description/).inputValue()).resolves.toBe("Ann: a feeling of heaviness in the legs.");
    await expectAccessible(a, "conflict");
    await screenshot(a, "conflict");

    // Keep Ann's name, take Ben's description, then save on top of Ben's version.
    await conflict.locator('tr[data-field="name"]').getByLabel("Mine").check();
    await conflict.locator('tr[data-field="description"]').getByLabel("Stored").check();
    await conflict.getByRole("button", { name: "Use these choices" }).click();
    await a.getByRole("button", { name: "Save", exact: true }).click();
    await a.getByText(/^Saved: version/).waitFor();

    const stored = dataOf(
      await studio.app.gql(
        `query($id: ID!) { editorialItem(type: SYMPTOM, id: $id) { version content } }`,
        { id: item.id },
        { token: ann.token },
      ),
    ).editorialItem;
    expect(stored.content.name).toBe("Heavy, tired legs");
    expect(stored.content.description).toBe("Ben: legs feel heavy after standing.");
    expect(stored.version).toBe(item.version + 2);
  });
});
