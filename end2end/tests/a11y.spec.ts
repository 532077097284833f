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
  for (const path of ["/", "/account", "/programmes/new", programme, `${programme}/jurisdictions`, `${programme}/people`, `${programme}/audit`, `${programme}/organisations`, `${programme}/relations`, `${programme}/multilevel`, `${programme}/hub`, `${programme}/platforms`, `${programme}/policies`, `${programme}/meetings`, `${programme}/rounds`, `${programme}/persons?who=nobody%40example.org`, "/admin/audit"]) {
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
  await page.getByLabel("Or paste CSV here").fill(csv);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("Line 3, column name: This field is required.");
  await expect(page.getByLabel("Or paste CSV here")).toHaveValue(csv);
  await expect(page.getByRole("rowheader", { name: "Newtown" })).toHaveCount(0);
  await hydrated(page);
  await page.getByLabel("Or paste CSV here").fill(csv.replace(",,local", ",Oldtown,local"));
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Import finished: 2 added, 0 updated, 0 unchanged.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Newtown" })).toBeVisible();
  await hydrated(page);
  // A file, with a column the register does not know: imported, and the column named.
  const fromFile = "code,name,level,parent_code,remarks\nXA-NO-97,Filetown,local,XA-NO,new\nXA-NO-99,Newtown,local,XA-NO,same\n";
  await page.getByLabel("A CSV or Excel (XLSX) file").setInputFiles({ name: "towns.csv", mimeType: "text/csv", buffer: Buffer.from(fromFile) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Import finished: 1 added, 0 updated, 1 unchanged.")).toBeVisible();
  await expect(page.getByText("These columns were not imported: remarks.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Filetown" })).toBeVisible();
  await hydrated(page);
  await expectNoAxeViolations(page);
  // Fix a name, remove a row, and see why a region with municipalities cannot go. One row at a
  // time opens for changes; its name field takes the focus, and saving closes it.
  await expect(page.getByLabel("New name for Filetown")).toHaveCount(0);
  await page.getByRole("link", { name: "Change Filetown" }).click();
  await expect(page.getByLabel("New name for Filetown")).toBeFocused();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("Filetown-on-Sea");
  await page.getByRole("button", { name: "Rename Filetown" }).click();
  await expect(page.getByRole("rowheader", { name: "Filetown-on-Sea" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "New name for Filetown" })).toHaveCount(0);
  await page.getByRole("link", { name: "Change Filetown-on-Sea" }).click();
  await page.getByRole("button", { name: "Delete Filetown-on-Sea" }).click();
  await expect(page.getByText("The jurisdiction was deleted.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Filetown-on-Sea" })).toHaveCount(0);
  await page.getByRole("link", { name: "Change Nordmark", exact: true }).click();
  await page.getByRole("button", { name: "Delete Nordmark", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("still has sub-jurisdictions");
  await expectNoAxeViolations(page);
});
