import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DEMO = {
  admin: { email: "admin@demo.tessera.eu", password: "demo-admin-2026" },
  coordinator: { email: "coordinator@demo.tessera.eu", password: "demo-coordinator-2026" },
  official: { email: "official@demo.tessera.eu", password: "demo-official-2026" },
  municipal: { email: "municipal@demo.tessera.eu", password: "demo-municipal-2026" },
  member: { email: "member@demo.tessera.eu", password: "demo-member-2026" },
  observer: { email: "observer@demo.tessera.eu", password: "demo-observer-2026" },
} as const;

export type DemoRole = keyof typeof DEMO;

/** Every test fails on a console error or warning (hydration mismatches are reported there). */
export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (msg) => {
        const text = msg.text();
        // The browser's own network log (an expected 401/404/422 answer) and its note about the
        // unused wasm preload when JavaScript is off are not application problems.
        if (text.startsWith("Failed to load resource") || text.includes("was preloaded using link preload")) return;
        if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${text}`);
      });
      page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
      await use(problems);
      expect(problems, "console errors or warnings").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Waits until the WebAssembly has hydrated the page (so clicks go through the client router). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__tessera_hydrated === true);
}

/// Signs in as a demo account; with `script: false` (a page without JavaScript) nothing waits for hydration.
export async function signIn(page: Page, role: DemoRole, { script = true }: { script?: boolean } = {}) {
  await page.goto("/login");
  if (script) await hydrated(page);
  await page.getByLabel("E-mail address").fill(DEMO[role].email);
  await page.getByLabel("Password").fill(DEMO[role].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your programmes" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** The demo programme's page path, from the signed-in dashboard. */
export async function demoProgrammePath(page: Page): Promise<string> {
  await page.goto("/");
  const link = page.getByRole("link", { name: /Arcadia/ }).first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/programmes\//);
  return href!;
}
