import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { Browser, BrowserContext, chromium, Page } from "playwright-core";
import { projectRoot } from "../../src/config/config";
import { studioRoot } from "../../src/server/studio";
import { signIn, PASSWORD } from "../helpers/users";
import { startTestApp, TestApp } from "../helpers/test-app";

export { PASSWORD };

/** The studio on a test server (seeded template database), and Debian's Chromium driving it. */
export interface Studio {
  app: TestApp;
  browser: Browser;
  /** http://127.0.0.1:<port>/studio/ */
  url: string;
  close(): Promise<void>;
}

export async function startStudio(): Promise<Studio> {
  if (!fs.existsSync(path.join(studioRoot(), "index.html"))) throw new Error("The studio is not built: run `npm run test:studio`.");
  const app = await startTestApp({ seed: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    // Chromium's sandbox refuses to run as root (CI containers).
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  const url = app.endpoint.replace(/graphql$/, "studio/");
  return {
    app,
    browser,
    url,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** Makes a user of `role` (password: PASSWORD); returns their email and an API token. */
export async function makeUser(
  studio: Studio,
  role: "ADMIN" | "EDITOR" | "REVIEWER",
  name: string,
): Promise<{ email: string; token: string }> {
  const email = `${name}@example.org`;
  return { email, token: await signIn(studio.app, role, email) };
}

/** A fresh browser context (its own sessionStorage) signed in as `email`. */
export async function signedIn(
  studio: Studio,
  email: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await studio.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  await page.goto(studio.url);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your work" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Loading" }).waitFor({ state: "detached" });
  return { context, page };
}

/** Opens a studio path (e.g. "types/condition") as a deep link. */
export async function open(studio: Studio, page: Page, to: string): Promise<void> {
  await page.goto(studio.url + to);
}

/** axe-core on the whole page: serious and critical violations fail the test, with their detail. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const detail = bad.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(detail).toEqual([]);
}

/** Saves a screenshot of the main screens for the README (docs/screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(projectRoot(), "docs", "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The page is no wider than its viewport (nothing needs sideways scrolling at 390 px). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate<number[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
  expect(scroll).toBeLessThanOrEqual(client);
}
