import { test, expect, signIn, expectNoAxeViolations, hydrated, demoProgrammePath } from "./fixtures";

test("a coordinator records a policy with its gaps and sees the levels compared", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/policies`);
  await hydrated(page);
  const title = `Housing strategy ${Date.now()}`;
  const form = page.getByRole("region", { name: "Add a policy" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Link to the text").fill("not a link");
  await form.getByLabel("Housing").check();
  await form.getByLabel("Gaps found").fill("No measures for families\nNo data by gender");
  await form.getByRole("button", { name: "Save the policy" }).click();
  // Bad input is explained, and nothing typed is lost.
  await expect(form.getByRole("alert")).toContainText("Enter an address starting with https:// or http://.");
  await expect(form.getByLabel("Title")).toHaveValue(title);
  await form.getByLabel("Link to the text").fill("https://example.org/housing");
  await form.getByRole("button", { name: "Save the policy" }).click();
  await expect(page.getByRole("rowheader", { name: title })).toBeVisible();
  const comparison = page.getByRole("table", { name: "The levels side by side, for each policy area" });
  await expect(comparison.getByRole("link", { name: title })).toBeVisible();
  await expectNoAxeViolations(page);
  await comparison.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "No data by gender" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Lacunes relevées" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
});
