import { expectAccessible, expectNoSidewaysScroll, makeUser, open, screenshot, signedIn, startStudio, Studio } from "./browser";

describe("studio: every screen is accessible, at 1280 px and at 390 px", () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(async () => studio?.close());

  it("sign-in, work lists, lists, forms, preview, history, users, audit log and account pass axe-core", async () => {
    const context = await studio.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = await context.newPage();
    await signIn.goto(studio.url);
    await signIn.getByRole("button", { name: "Sign in" }).waitFor();
    await expectAccessible(signIn, "sign-in");
    // A wrong password is said so, next to the form.
    const admin = await makeUser(studio, "ADMIN", "alma-admin");
    await signIn.getByLabel("Email").fill(admin.email);
    await signIn.getByLabel("Password").fill("not-the-password");
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await signIn.getByRole("alert").waitFor();
    await context.close();

    const { page } = await signedIn(studio, admin.email);
    await expect(page.getByTestId("role").textContent()).resolves.toBe("ADMIN");
    await expectAccessible(page, "dashboard");

    await open(studio, page, "types/treatment");
    await page.getByRole("table", { name: "Treatment items" }).waitFor();
    await page.getByLabel("Status").selectOption("PUBLISHED");
    await expectAccessible(page, "type list");

    await open(studio, page, "types/condition");
    await page.getByRole("link", { name: /^Sciatica/ }).click();
    await page
      .getByRole("article", { name: "Page preview" })
      .getByRole("heading", { name: /^Sciatica/ })
      .waitFor();
    await expectAccessible(page, "condition with preview");

    // A locale without a translation: empty fields that say what readers get instead.
    await page.getByLabel("Add a locale").fill("es");
    await page.getByRole("button", { name: "Translate into es" }).click();
    await expect(page.getByRole("textbox", { name: "Name (required) · es" }).inputValue()).resolves.toBe("");
    await page
      .getByText(/^Not translated: readers get en: Sciatica/)
      .first()
      .waitFor();
    await expectAccessible(page, "translation");
    await page.getByRole("combobox", { name: "Locale", exact: true }).selectOption("en");
    await page.getByRole("textbox", { name: "Name (required) · en" }).waitFor();

    // The Markdown preview shows formatting and drops what is not allowed.
    const body = page.getByRole("textbox", { name: "Body · en" });
    await body.fill("**Bold claim** <script>window.bad = 1</script> [link](javascript:alert(1))");
    const preview = page.getByRole("region", { name: "Body preview" });
    await preview.locator("strong", { hasText: "Bold claim" }).waitFor();
    await expect(preview.locator("script").count()).resolves.toBe(0);
    await expect(preview.locator('a[href^="javascript"]').count()).resolves.toBe(0);
    await expect(page.evaluate("window.bad")).resolves.toBeUndefined();

    // Leaving with unsaved changes asks first.
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("link", { name: "Work" }).click();
    await expect(body.inputValue()).resolves.toContain("Bold claim");

    for (const [path, heading, name] of [
      ["admin/users", "Users and roles", "users"],
      ["admin/audit", "Audit log", "audit-log"],
      ["account", "Your account", "account"],
    ]) {
      await open(studio, page, path);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.getByRole("status").filter({ hasText: "Loading" }).waitFor({ state: "detached" });
      await expectAccessible(page, name);
    }
  });

  it("works on a 390 px phone screen", async () => {
    const editor = await makeUser(studio, "EDITOR", "pia-phone");
    const { page } = await signedIn(studio, editor.email, { width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "dashboard (phone)");
    await open(studio, page, "types/condition");
    await page.getByRole("link", { name: /^Muscle strain/ }).click();
    await page.getByRole("heading", { name: "Workflow" }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "editor (phone)");
    await screenshot(page, "phone-editor");
  });
});
