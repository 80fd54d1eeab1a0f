import { Page } from "playwright-core";
import { expectAccessible, makeUser, open, PASSWORD, signedIn, startStudio, Studio } from "./browser";

const SESSION_KEY = "health-cms.studio.session";

async function signInAgain(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

describe("studio: sessions", () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(async () => studio?.close());

  it("changes the password, ends when an admin revokes the tokens, and signs out", async () => {
    const editor = await makeUser(studio, "EDITOR", "sam-session");
    const admin = await makeUser(studio, "ADMIN", "amy-admin");
    const { page } = await signedIn(studio, editor.email);

    await open(studio, page, "account");
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel(/^New password/).fill("a-brand-new-password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed. Your other sessions are signed out.").waitFor();
    // Still signed in, on the new token.
    await page.getByRole("link", { name: "Work" }).click();
    await page.getByRole("heading", { name: "Your work" }).waitFor();

    // An admin signs the editor out everywhere: the editor's next request ends the session.
    const { page: adminPage } = await signedIn(studio, admin.email);
    await open(studio, adminPage, "admin/users");
    await adminPage.getByRole("button", { name: `Sign out ${editor.email} everywhere` }).click();
    await adminPage.getByText(`${editor.email} is signed out everywhere.`).waitFor();
    await page.getByRole("link", { name: "Content", exact: true }).click();
    await page.getByText("Your session has ended. Please sign in again.").waitFor();

    // Signing in again (with the new password) goes on where the editor was.
    await signInAgain(page, editor.email, "a-brand-new-password");
    await page.getByRole("heading", { name: /items$/ }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You are signed out.").waitFor();
    await expectAccessible(page, "signed out");
    await expect(page.evaluate(`sessionStorage.getItem("${SESSION_KEY}")`)).resolves.toBeNull();
  });

  it("ends when the token expires", async () => {
    const editor = await makeUser(studio, "EDITOR", "tia-timeout");
    const { page } = await signedIn(studio, editor.email);
    // The stored session now says it expires in a moment, as the token's expiry would.
    await page.evaluate(
      `(() => { const s = JSON.parse(sessionStorage.getItem("${SESSION_KEY}")); s.expiresAt = new Date(Date.now() + 3000).toISOString(); sessionStorage.setItem("${SESSION_KEY}", JSON.stringify(s)); })()`,
    );
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByText("Your session has expired. Please sign in again.").waitFor();
    await expect(page.getByRole("button", { name: "Sign in" }).isVisible()).resolves.toBe(true);
  });
});
