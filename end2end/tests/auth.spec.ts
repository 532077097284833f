import { test, expect, DEMO, DemoRole, signIn, signOut, hydrated, demoProgrammePath } from "./fixtures";

for (const role of Object.keys(DEMO) as DemoRole[]) {
  test(`${role} signs in and out`, async ({ page }) => {
    await signIn(page, role);
    await expect(page).toHaveTitle("Your programmes");
    await expect(page.getByRole("link", { name: /Arcadia/ })).toBeVisible();
    await signOut(page);
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Sign-in required" })).toBeVisible();
  });
}

test("a wrong password is refused with a clear message and the e-mail is kept", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("E-mail address").fill(DEMO.member.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match an account");
  await expect(page.getByLabel("E-mail address")).toHaveValue(DEMO.member.email);
});

test("invitation, then password, then sign-in", async ({ page, browser }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/people`);
  await hydrated(page);
  const email = `newcomer-${Date.now()}@example.org`;
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("E-mail address").fill(email);
  await invite.getByLabel("Role").selectOption("observer");
  await page.getByRole("button", { name: "Send the invitation" }).click();
  const link = await page.locator("a.invite-link").textContent();
  expect(link).toContain("/invitation/");

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(new URL(link!).pathname);
  await hydrated(invitee);
  await expect(invitee.getByRole("heading", { level: 1, name: "Join Tessera" })).toBeVisible();
  await invitee.getByLabel("Full name").fill("Nadia Newcomer");
  await invitee.getByLabel("New password").fill("short");
  await invitee.getByRole("button", { name: "Create my account" }).click();
  await expect(invitee.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(invitee.getByLabel("Full name")).toHaveValue("Nadia Newcomer");
  await invitee.getByLabel("New password").fill("a long and memorable passphrase");
  await invitee.getByRole("button", { name: "Create my account" }).click();
  await expect(invitee.getByRole("heading", { level: 1, name: "Your programmes" })).toBeVisible();
  await signOut(invitee);
  await invitee.getByLabel("E-mail address").fill(email);
  await invitee.getByLabel("Password").fill("a long and memorable passphrase");
  await invitee.getByRole("button", { name: "Sign in" }).click();
  await expect(invitee.getByRole("heading", { level: 1, name: "Your programmes" })).toBeVisible();
  await context.close();
});

test("language switch sticks across pages and reloads", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("keyboard only: skip link, form, sign in", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("E-mail address")).toBeFocused();
  await page.keyboard.type(DEMO.observer.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(DEMO.observer.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Your programmes" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signing in works and errors are shown", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail address").fill(DEMO.official.email);
    await page.getByLabel("Password").fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("do not match an account");
    // What was typed comes back with the error, but never the password.
    await expect(page.getByLabel("E-mail address")).toHaveValue(DEMO.official.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.getByLabel("Password").fill(DEMO.official.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your programmes" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
  });

  test("a refused form keeps everything that was typed", async ({ page }) => {
    await signIn(page, "coordinator", { script: false });
    const programme = await demoProgrammePath(page);
    await page.goto(`${programme}/organisations`);
    const form = page.getByRole("region", { name: "Add an organisation" });
    const name = `Kept without script ${Date.now()}`;
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Kind").selectOption("migrant_org");
    await form.getByLabel("Women").fill("-3");
    await form.getByLabel("Notes").fill("Met at the spring fair; follow up in May.");
    await form.getByRole("button", { name: "Add the organisation" }).click();
    await expect(form.locator("#f-org-women-error")).toHaveText("Enter a whole number, 0 or more.");
    await expect(form.getByLabel("Name")).toHaveValue(name);
    await expect(form.getByLabel("Kind")).toHaveValue("migrant_org");
    await expect(form.getByLabel("Women")).toHaveValue("-3");
    await expect(form.getByLabel("Notes")).toHaveValue("Met at the spring fair; follow up in May.");
    // Corrected and sent again, it is saved.
    await form.getByLabel("Women").fill("12");
    await form.getByRole("button", { name: "Add the organisation" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  });

  test("a jurisdiction row opens for changes, keeps a refused name and closes once saved", async ({ page }) => {
    await signIn(page, "coordinator", { script: false });
    const programme = await demoProgrammePath(page);
    const code = `XA-NJ${Date.now() % 1000000}`;
    await page.goto(`${programme}/jurisdictions`);
    const add = page.getByRole("region", { name: "Add a jurisdiction" });
    await add.getByRole("textbox", { name: "Code" }).fill(code);
    await add.getByRole("textbox", { name: "Name" }).fill("Scriptless");
    await add.getByLabel("Level").selectOption("local");
    await add.getByLabel("Parent").selectOption("XA-NO");
    await add.getByRole("button", { name: "Add" }).click();
    await expect(page.getByRole("rowheader", { name: "Scriptless" })).toBeVisible();
    // The list filtered to the new row; its query stays through every way back.
    await page.goto(`${programme}/jurisdictions?q=${code}`);
    await page.getByRole("link", { name: "Change Scriptless" }).click();
    await expect(page).toHaveURL(/edit=/);
    await page.getByLabel("New name for Scriptless").fill("   ");
    await page.getByRole("button", { name: "Rename Scriptless" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`q=${code}.*edit=`));
    await expect(page.getByLabel("New name for Scriptless")).toHaveValue("   ");
    await page.getByLabel("New name for Scriptless").fill("Scriptless-on-Sea");
    await page.getByRole("button", { name: "Rename Scriptless" }).click();
    await expect(page.getByText("The name was saved.")).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Scriptless-on-Sea" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: /New name for/ })).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`q=${code}`));
    expect(page.url()).not.toContain("edit=");
    await page.getByRole("link", { name: "Change Scriptless-on-Sea" }).click();
    await page.getByRole("button", { name: "Delete Scriptless-on-Sea" }).click();
    await expect(page.getByText("The jurisdiction was deleted.")).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Scriptless-on-Sea" })).toHaveCount(0);
  });
});
