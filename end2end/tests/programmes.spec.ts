import { test, expect, signIn, hydrated, demoProgrammePath, expectNoAxeViolations } from "./fixtures";

test("an admin creates a programme; bad input is explained and nothing typed is lost", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("link", { name: "New programme" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New programme" })).toBeVisible();
  await hydrated(page);
  const name = `Lusitania pilot ${Date.now()}`;
  await page.getByLabel("Programme name").fill(name);
  await page.getByLabel("Country").fill("Portugal");
  await page.getByLabel("Languages").fill("pt, en, fr");
  await page.getByLabel("Reporting periods").fill("2026-H1, 2026-H2");
  await page.getByRole("button", { name: "Create the programme" }).click();
  await expect(page.getByText("Enter a two-letter country code such as FR or PT.")).toBeVisible();
  await expect(page.getByLabel("Country")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Programme name")).toHaveValue(name);
  await expect(page.getByLabel("Reporting periods")).toHaveValue("2026-H1, 2026-H2");
  await page.getByLabel("Country").fill("PT");
  await page.getByRole("button", { name: "Create the programme" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  for (const wp of ["WP0", "WP1", "WP2", "WP3", "WP4"]) {
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(`^${wp} — `) })).toBeVisible();
  }
  await expect(page.getByRole("table", { name: "Key performance indicators of WP2" })).toBeVisible();
  // The same programme reads in French.
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 3, name: /^WP2 — Instruments de coordination/ })).toBeVisible();
  await page.getByRole("link", { name: "English" }).click();
});

test("a list sorts, filters and pages from its URL, and downloads the same query", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/people`);
  await hydrated(page);
  await page.getByRole("link", { name: "E-mail address" }).click();
  await expect(page).toHaveURL(/sort=email/);
  await expect(page.getByRole("columnheader", { name: /E-mail address/ })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("link", { name: /E-mail address/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByRole("columnheader", { name: /E-mail address/ })).toHaveAttribute("aria-sort", "descending");
  await page.getByLabel("Role", { exact: true }).first().selectOption("coordinator");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/role=coordinator/);
  await expect(page.getByRole("table").first().getByRole("row")).toHaveCount(2);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^people-.*\.csv$/);
});

test("a coordinator maps an organisation, places it on the grid, and an official cannot edit outside their region", async ({ page, browser }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/organisations`);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Stakeholder register" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Power and interest" })).toBeVisible();
  const name = `Language Café ${Date.now()}`;
  const form = page.getByRole("region", { name: "Add an organisation" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Kind").selectOption("cso");
  await form.getByLabel("Jurisdiction").selectOption("XA-NO");
  await form.getByLabel("Language", { exact: true }).check();
  await form.getByLabel("Women").fill("-5");
  await form.getByRole("button", { name: "Add the organisation" }).click();
  await expect(form.locator("#f-org-women-error")).toHaveText("Enter a whole number, 0 or more.");
  await expect(form.getByLabel("Women")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await form.getByLabel("Women").fill("7");
  await form.getByLabel("Men", { exact: true }).fill("3");
  await form.getByLabel("Influence").selectOption("2");
  await form.getByLabel("Interest").selectOption("5");
  await form.getByRole("button", { name: "Add the organisation" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("7 women, 3 men, 0 other or not stated (70% women)")).toBeVisible();
  // A contact person, on a legal basis; the page (with its contact form) passes axe in both languages.
  const contacts = page.getByRole("region", { name: "Contact persons" });
  await contacts.getByLabel("Name").fill("Lea Example");
  await contacts.getByLabel("Legal basis").selectOption("public_task");
  await contacts.getByRole("button", { name: "Add the contact" }).click();
  await expect(contacts.getByRole("rowheader", { name: "Lea Example" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Personnes de contact" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Contact persons" })).toBeVisible();
  await hydrated(page);
  // It coordinates the migrant federation: the relationship shows on its map.
  const relate = page.getByRole("region", { name: "Add a relationship" });
  await relate.getByLabel("Relationship").selectOption("coordinates");
  await relate.getByLabel("Other organisation (its exact name)").fill("Arcadian Federation of Migrant Associations");
  await relate.getByRole("button", { name: "Add the relationship" }).click();
  await expect(relate.getByText("The relationship was added.")).toBeVisible();
  await page.getByRole("link", { name: "See its relationships on the map" }).click();
  await expect(page.getByRole("img", { name: `Around ${name}` })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Arcadian Federation of Migrant Associations", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  // The grid counts it, and its cell lists it.
  await page.goto(`${programme}/organisations?influence=2&interest=5`);
  await expect(page.getByRole("rowheader", { name: new RegExp(name) })).toBeVisible();
  // The demo official (Nordmark) sees the national ministry but may not edit it.
  const context = await browser.newContext();
  const official = await context.newPage();
  await signIn(official, "official");
  await official.goto(`${programme}/organisations?q=ministry`);
  await official.getByRole("link", { name: "Ministry of the Interior and Integration" }).click();
  await expect(official.getByRole("heading", { level: 1, name: "Ministry of the Interior and Integration" })).toBeVisible();
  await expect(official.getByRole("button", { name: "Save the changes" })).toHaveCount(0);
  await context.close();
});

test("a coordinator imports contact persons, finds one, and a bad file keeps what was pasted", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/persons`);
  await hydrated(page);
  const email = `amina.${Date.now()}@example.org`;
  const header = "organisation,name,email,phone,role_title,legal_basis,consent_given_on";
  const pasted = page.getByLabel("Or paste CSV here");
  const bad = `${header}\nCity of Aldenburg,Amina Diallo,${email},,Director,consent,\n`;
  await pasted.fill(bad);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("Line 2, column consent_given_on");
  await expect(pasted).toHaveValue(bad);
  await pasted.fill(`${header}\nCity of Aldenburg,Amina Diallo,${email},,Director,consent,2026-03-01\n`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Import finished" })).toContainText("1 added");
  await page.getByLabel("E-mail address or full name").fill(email);
  await page.getByLabel("E-mail address or full name").press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(email) })).toBeVisible();
  await expect(page.getByText("City of Aldenburg")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Importer des personnes de contact" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Import contact persons" })).toBeVisible();
});

test("inert parts survive hydration from lean data, and the client router renders them in full", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  // Loaded: the server wrote the work packages; the hydration data leaves them out, and hydration
  // keeps what the server wrote.
  await page.goto(programme);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 3, name: /^WP2 — / })).toBeVisible();
  const sections = page.getByRole("navigation", { name: "Programme sections" });
  // Reached through the client router: built in the browser from the server function's answer,
  // which keeps every field.
  await sections.getByRole("link", { name: "Hub", exact: true }).click();
  await expect(page.getByRole("table", { name: /^WP2\.K3 — / })).toBeVisible();
  await expect(page.getByRole("table", { name: /^WP2\.K1 — / }).locator("tbody tr").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Interactions log" }).locator("tbody tr").first()).toBeVisible();
  await sections.getByRole("link", { name: "Stakeholders", exact: true }).click();
  await expect(page.getByRole("table", { name: /^Organisations \(\d+\)$/ }).locator("tbody tr").first()).toBeVisible();
  // The grid counts the rated organisations (none, had it been built from the lean data).
  await expect(page.locator("#grid-desc")).toHaveText(/^[1-9]\d* organisations have an influence and an interest rating/);
  await sections.getByRole("link", { name: "People", exact: true }).click();
  await expect(page.getByRole("table", { name: /^People in this programme/ }).locator("tbody tr").first()).toBeVisible();
  await sections.getByRole("link", { name: "Overview", exact: true }).click();
  await expect(page.getByRole("heading", { level: 3, name: /^WP2 — / })).toBeVisible();
  await expect(page.getByRole("table", { name: "Key performance indicators of WP2" })).toBeVisible();
});
