import { test, expect, signIn, expectNoAxeViolations, hydrated, demoProgrammePath } from "./fixtures";

test("public pages pass axe in English and French", async ({ page }) => {
  for (const path of ["/", "/login", "/password/forgot", "/password/reset/not-a-token", "/invitation/not-a-token", "/no-such-page"]) {
    await page.goto(path);
    await hydrated(page);
    await expect(page).toHaveTitle(/.+/);
    await expect(page.locator("h1")).toHaveCount(1);
    await expectNoAxeViolations(page);
  }
  await page.goto("/lang/fr?back=/login");
  await hydrated(page);
  await expectNoAxeViolations(page);
  await page.goto("/lang/en?back=/");
});

test("every staff page passes axe", async ({ page }) => {
  await signIn(page, "admin");
  const programme = await demoProgrammePath(page);
  for (const path of ["/", "/account", "/programmes/new", programme, `${programme}/jurisdictions`, `${programme}/people`, `${programme}/audit`, "/admin/audit"]) {
    await page.goto(path);
    await hydrated(page);
    await expect(page).toHaveTitle(/.+/);
    await expect(page.locator("h1")).toHaveCount(1);
    await expectNoAxeViolations(page);
  }
});

test("a coordinator builds the tree and a bad CSV keeps what was typed", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/jurisdictions`);
  await hydrated(page);
  await expect(page.getByRole("rowheader", { name: "Aldenburg" })).toBeVisible();
  const csv = "code,name,level,parent_code\nXA-NO-99,Newtown,local,XA-NO\nXA-NO-98,,local,XA-NO";
  await page.getByLabel("CSV content").fill(csv);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("Line 3, column name: This field is required.");
  await expect(page.getByLabel("CSV content")).toHaveValue(csv);
  await expect(page.getByRole("rowheader", { name: "Newtown" })).toHaveCount(0);
  await page.getByLabel("CSV content").fill(csv.replace(",,local", ",Oldtown,local"));
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("2 jurisdictions were imported.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Newtown" })).toBeVisible();
  await expectNoAxeViolations(page);
});
