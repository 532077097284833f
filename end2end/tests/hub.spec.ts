import { test, expect, signIn, expectNoAxeViolations, hydrated, demoProgrammePath } from "./fixtures";
import type { Page } from "@playwright/test";

/** The distinct total of a count indicator, read from its table's footer. */
async function total(page: Page, caption: RegExp): Promise<number> {
  const table = page.getByRole("table", { name: caption });
  return Number(await table.locator("tfoot td").first().innerText());
}

test("a coordinator seats bodies, records a meeting with an action item, and sees WP2.K1–K4 change", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  // A new public body in the register.
  await page.goto(`${programme}/organisations`);
  await hydrated(page);
  const name = `Integration Office ${Date.now()}`;
  const form = page.getByRole("region", { name: "Add an organisation" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Kind").selectOption("national_agency");
  await form.getByLabel("Jurisdiction").selectOption("XA");
  await form.getByRole("button", { name: "Add the organisation" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.goto(`${programme}/hub`);
  await hydrated(page);
  const k1 = await total(page, /WP2\.K1/);
  const k4 = Number(await page.getByRole("table", { name: /WP2\.K4/ }).locator("tfoot td").first().innerText());
  // Seat it on the hub: WP2.K1 counts it.
  const seat = page.getByRole("region", { name: "Add a public body to the hub" });
  await seat.getByLabel("Organisation (its exact name in the register)").fill(name);
  await seat.getByLabel("Role").selectOption("chair");
  await seat.getByLabel("Since").fill("2026-01-05");
  await seat.getByRole("button", { name: "Add it" }).click();
  await expect(page.getByText("The organisation was added.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Members of the hub" }).getByRole("rowheader", { name })).toBeVisible();
  await expect.poll(() => total(page, /WP2\.K1/)).toBe(k1 + 1);
  // An interaction with the ministry: WP2.K4 counts it.
  const record = page.getByRole("region", { name: "Record an interaction" });
  await record.getByLabel("One organisation (its exact name)").fill(name);
  await record.getByLabel("The other organisation (its exact name)").fill("Ministry of the Interior and Integration");
  await record.getByLabel("Date").fill("2026-02-01");
  await record.getByRole("button", { name: "Record it" }).click();
  await expect(record.getByText("The interaction was recorded.")).toBeVisible();
  await expect
    .poll(async () => Number(await page.getByRole("table", { name: /WP2\.K4/ }).locator("tfoot td").first().innerText()))
    .toBe(k4 + 1);

  // A meeting of the hub it attended, with an action item already past due.
  await page.getByRole("link", { name: "Meetings of the hub" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();
  await expectNoAxeViolations(page);
  const meeting = page.getByRole("region", { name: /Record a meeting of/ });
  const title = `Coordination ${Date.now()}`;
  await meeting.getByLabel("Meeting", { exact: true }).fill(title);
  await meeting.getByLabel("Kind of meeting").selectOption("coordination");
  await meeting.getByLabel("Date").fill("2026-02-10");
  await meeting.getByLabel(name).check();
  await meeting.getByLabel("Decisions").fill("Adopt the terms of reference\nMeet every quarter");
  await meeting.getByRole("button", { name: "Record it" }).click();
  await expect(meeting.getByText("The meeting was recorded.")).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Meet every quarter" })).toBeVisible();
  const add = page.getByRole("region", { name: "Add an action item" });
  await add.getByLabel("Action").fill("Draft the terms of reference");
  await add.getByLabel("Owner").selectOption({ label: name });
  await add.getByLabel("Due").fill("2026-03-01");
  await add.getByRole("button", { name: "Add it" }).click();
  await expect(page.getByRole("rowheader", { name: "Draft the terms of reference" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Actions de suivi" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
  // The programme page lists it as overdue.
  await page.goto(programme);
  const overdue = page.getByRole("region", { name: /action items are overdue/ });
  await expect(overdue.getByRole("rowheader", { name: "Draft the terms of reference" })).toBeVisible();

  // A consultative platform: the migrant federation joins it, WP2.K2 counts it, and the platform
  // warns of the typologies it lacks.
  await page.goto(`${programme}/platforms`);
  await hydrated(page);
  const k2 = await total(page, /WP2\.K2/);
  const platform = `Platform ${Date.now()}`;
  const create = page.getByRole("region", { name: "Set up a platform" });
  await create.getByLabel("Name").fill(platform);
  await create.getByLabel("Level of action").selectOption("national");
  await create.getByRole("button", { name: "Set it up" }).click();
  const section = page.getByRole("region", { name: platform, exact: true });
  await expect(section).toBeVisible();
  const join = section.getByRole("region", { name: `Add an organisation to ${platform}` });
  await join.getByLabel("Organisation (its exact name in the register)").fill("Arcadian Federation of Migrant Associations");
  await join.getByLabel("Since").fill("2026-01-10");
  await join.getByRole("button", { name: "Add it" }).click();
  await expect(page.getByText("The organisation was added.")).toBeVisible();
  await expect(section.getByRole("rowheader", { name: "Arcadian Federation of Migrant Associations" })).toBeVisible();
  await expect(section.getByRole("note")).toContainText("No current member is of these types");
  await expect.poll(() => total(page, /WP2\.K2/)).toBe(k2 + 1);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plates-formes consultatives" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
});
