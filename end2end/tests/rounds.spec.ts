import { test, expect, signIn, expectNoAxeViolations, hydrated, demoProgrammePath } from "./fixtures";
import { gzipSync } from "node:zlib";

test("a coordinator runs a round; a migrant answers in Arabic without JavaScript and reads the reply with the receipt", async ({ page, browser }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/rounds`);
  await hydrated(page);
  await expectNoAxeViolations(page);
  const title = `Integration priorities ${Date.now()}`;
  const form = page.getByRole("region", { name: "Start a round" });
  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: "Create the draft round" }).click();
  // Bad input is explained, and nothing typed is lost.
  await expect(form.getByRole("alert")).toContainText("Some fields need your attention");
  await expect(form.getByLabel("Title")).toHaveValue(title);
  await form.getByLabel("Arcadia (National)").check();
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("Opens").fill(day(0));
  await form.getByLabel("Local", { exact: true }).fill(day(10));
  await form.getByLabel("Regional", { exact: true }).fill(day(20));
  await form.getByLabel("National", { exact: true }).fill(day(30));
  await form.getByLabel("Closes").fill(day(40));
  await form.getByRole("button", { name: "Create the draft round" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".questions strong").first()).toHaveText("What should the priorities be for the integration of migrants where you live?");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Open the round" }).click();
  await expect(page.getByRole("button", { name: "Close the round" })).toBeVisible();
  const link = await page.getByRole("link", { name: /^\/f\// }).getAttribute("href");
  expect(link).toBeTruthy();
  const roundPage = page.url();

  // The municipality answers for Aldenburg; the region consolidates it and says so.
  const priorities = "What should the priorities be for the integration of migrants where you live?";
  for (const [who, text] of [["municipal", "Evening language classes with childcare"], ["official", "Transport to the classes across Nordmark"]] as const) {
    const context = await browser.newContext();
    const official = await context.newPage();
    await signIn(official, who);
    await official.goto(roundPage);
    await hydrated(official);
    await official.getByRole("link", { name: "Write your input" }).click();
    await expect(official.getByRole("heading", { level: 1, name: /^Your input, for/ })).toBeVisible();
    const mine = official.getByRole("main");
    await mine.getByLabel(priorities).fill(text);
    if (who === "municipal") {
      // The draft saves itself as the field is left, and survives a reload.
      await mine.getByLabel(priorities).press("Tab");
      await expect(official.getByText("Draft saved automatically.")).toBeVisible();
      await official.reload();
      await hydrated(official);
      await expect(mine.getByLabel(priorities)).toHaveValue(text);
    }
    if (who === "official") await mine.getByLabel("Aldenburg (Local)").check();
    await mine.getByRole("button", { name: "Submit" }).click();
    await expect(mine.getByText("Submitted", { exact: true })).toBeVisible();
    await expectNoAxeViolations(official);
    await context.close();
  }
  await page.reload();
  const inputs = page.getByRole("table", { name: /inputs$/ });
  const row = (name: string) => inputs.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await expect(row("Nordmark")).toContainText("draws on Aldenburg");
  await expect(row("Aldenburg")).toContainText("used by Nordmark");

  // The public pages, in every language: no script at all, light, and accessible.
  for (const lang of ["en", "fr", "ar", "uk"]) {
    const res = await page.request.get(`${link}?lang=${lang}`, { headers: { "accept-encoding": "gzip, br" } });
    const html = await res.text();
    expect(html).not.toContain("<script");
    expect(html).toContain(`lang="${lang}"`);
    const css = html.match(/href="(\/pkg\/[^"]+\.css)"/)![1];
    const cssBody = await (await page.request.get(css)).body();
    const weight = gzipSync(Buffer.from(html)).length + gzipSync(cssBody).length;
    expect(weight, `the ${lang} form transfers ${weight} bytes`).toBeLessThanOrEqual(50_000);
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${link}?lang=${lang}`);
    await expect(visitor.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
    await expectNoAxeViolations(visitor);
    await visitor.goto(`${link}/receipt?lang=${lang}`);
    await expectNoAxeViolations(visitor);
    await visitorContext.close();
  }

  // A migrant answers in Arabic, with JavaScript off.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const anon = await noJs.newPage();
  await anon.goto(`${link}?lang=ar`);
  await expect(anon.locator("html")).toHaveAttribute("dir", "rtl");
  await anon.getByLabel("ما الأولويات التي ينبغي اعتمادها لإدماج المهاجرين في المكان الذي تعيش فيه؟").fill("دروس اللغة في المساء مع رعاية الأطفال");
  await anon.getByLabel("الجنس").selectOption("woman");
  await anon.getByRole("button", { name: "أرسل إجاباتي" }).click();
  await expect(anon.getByRole("heading", { level: 1, name: "شكرًا لك، وصلتنا إجاباتك" })).toBeVisible();
  const code = (await anon.locator(".receipt-code strong").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await anon.getByLabel("لقد حفظت رمز الإيصال").check();
  await anon.getByRole("button", { name: "متابعة" }).click();
  await expect(anon.getByText("ستُقرأ إجاباتك مع إجابات الآخرين")).toBeVisible();

  // The coordinator closes the round: a single answer shows as "fewer than 10". The analysis codes
  // and approves it under a theme of the codebook, and the reply goes out.
  await page.getByRole("button", { name: "Close the round" }).click();
  await expect(page.getByText("Anonymous submissions: fewer than 10")).toBeVisible();
  await page.getByRole("link", { name: "Analyse the contributions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Analysis: ${title}` })).toBeVisible();
  const addTheme = page.getByRole("region", { name: "Add a theme" });
  await addTheme.getByRole("button", { name: "Add a theme" }).click();
  await expect(page.getByRole("alert")).toContainText("Some fields need your attention");
  await addTheme.getByLabel("Theme in English").fill("Language and childcare");
  await addTheme.getByLabel("Theme in العربية").fill("اللغة ورعاية الأطفال");
  await addTheme.getByLabel("What was decided, in العربية").fill("تبدأ الدروس المسائية مع رعاية الأطفال في مارس.");
  await addTheme.getByRole("button", { name: "Add a theme" }).click();
  const codebook = page.getByRole("table", { name: /^Themes, with the contributions/ });
  await expect(codebook.getByRole("rowheader", { name: "Language and childcare" })).toBeVisible();
  const submission = page.locator(".submissions > li").first();
  await submission.getByLabel("Language and childcare").check();
  await submission.getByLabel("Approve the quote").check();
  await submission.getByRole("button", { name: "Save", exact: true }).click();
  await expect(codebook.getByRole("row", { name: /Language and childcare/ })).toContainText("fewer than 10");
  await submission.getByLabel("Your reply").fill("Evening classes with childcare start in March.");
  await submission.getByRole("button", { name: "Send the reply" }).click();
  await expect(page.getByText("Evening classes with childcare start in March.")).toBeVisible();
  await expectNoAxeViolations(page);

  // The receipt holder reads the reply, still without JavaScript.
  await anon.goto(`${link}/receipt?lang=ar`);
  await anon.getByLabel("رمز الإيصال").fill(code.toLowerCase());
  await anon.getByRole("button", { name: "اقرأ الرد" }).click();
  await expect(anon.getByText("Evening classes with childcare start in March.")).toBeVisible();
  await anon.getByLabel("أضف رسالة").fill("شكرًا");
  await anon.getByRole("button", { name: "أرسل الرسالة" }).click();
  await expect(anon.getByRole("status")).toHaveText("أُضيفت رسالتك.");

  // Publication: the results page says what was heard and what was decided, in Arabic, without script.
  await page.goto(roundPage);
  await hydrated(page);
  await page.getByRole("button", { name: "Mark as analysed" }).click();
  await page.getByRole("button", { name: "Publish the results" }).click();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await anon.goto(`${link}/results?lang=ar`);
  await expect(anon.getByRole("heading", { level: 1, name: `النتائج: ${title}` })).toBeVisible();
  await expect(anon.getByRole("heading", { level: 2, name: "اللغة ورعاية الأطفال" })).toBeVisible();
  await expect(anon.getByText("دروس اللغة في المساء مع رعاية الأطفال")).toBeVisible();
  await expect(anon.getByText("تبدأ الدروس المسائية مع رعاية الأطفال في مارس.")).toBeVisible();
  await noJs.close();
  for (const lang of ["en", "fr", "ar", "uk"]) {
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${link}/results?lang=${lang}`);
    await expectNoAxeViolations(visitor);
    await visitorContext.close();
  }
});

test("a coordinator previews the public form in Arabic and enters a batch of paper forms", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/rounds`);
  await page.getByRole("link", { name: "Integration priorities 2027" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integration priorities 2027" })).toBeVisible();
  const roundPage = page.url();

  // The preview is the public form as respondents see it: Arabic, right to left, no script, and
  // nothing can be sent from it.
  const preview = await page.getByRole("link", { name: "العربية" }).getAttribute("href");
  expect(preview).toContain("/preview?lang=ar");
  const html = await (await page.request.get(preview!)).text();
  expect(html).not.toContain("<script");
  await page.goto(preview!);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("button", { name: "أرسل إجاباتي" })).toBeDisabled();
  await expectNoAxeViolations(page);

  // Paper forms: the columns are explained, a batch with a mistake enters nothing and keeps the
  // pasted text, and a good batch goes in whole.
  await page.goto(roundPage);
  await hydrated(page);
  await page.getByRole("link", { name: "Enter paper forms" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Paper forms" })).toBeVisible();
  await hydrated(page);
  await expectNoAxeViolations(page);
  const header = (await page.locator("pre.example").textContent())!.trim();
  const columns = header.split(",");
  expect(columns).toContain("gender");
  const row = (gender: string) => columns.map((c) => (c === "q1" ? "Evening classes near the station" : c === "gender" ? gender : "")).join(",");
  const pasted = page.getByLabel("Or paste CSV here");
  const bad = `${header}\n${row("woman")}\n${row("robot")}\n`;
  await pasted.fill(bad);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("Line 3, column gender");
  await expect(pasted).toHaveValue(bad);
  await pasted.fill(`${header}\n${row("woman")}\n${row("")}\n`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Import finished" })).toContainText("2 added");

  // Invitations: the round's audiences, chosen from the register, and coverage by typology.
  await page.goto(`${new URL(roundPage).pathname}/analysis`);
  await hydrated(page);
  const inviteForm = page.getByRole("region", { name: "Invite organisations from the register" });
  await inviteForm.getByRole("button", { name: "Invite" }).click();
  await expect(inviteForm.getByRole("status")).toContainText("organisations invited");
  await expect(page.getByRole("table", { name: /by typology/ })).toContainText("Migrant organisation or community");
  await inviteForm.getByRole("button", { name: "Invite" }).click();
  await expect(inviteForm.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a coordinator records a focus group with its provisions, by keyboard, and a mistake keeps what was typed", async ({ page }) => {
  await signIn(page, "coordinator");
  const programme = await demoProgrammePath(page);
  await page.goto(`${programme}/rounds`);
  await page.getByRole("link", { name: "Integration priorities 2027" }).click();
  await hydrated(page);
  await page.getByRole("link", { name: "Meetings and interviews" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Meetings and interviews/ })).toBeVisible();
  await hydrated(page);
  // The demo's focus group, with what its provisions cost.
  await expect(page.getByRole("heading", { level: 2, name: "Women's focus group, Aldenburg" })).toBeVisible();
  await expect(page.getByRole("table", { name: /provisions/ })).toContainText("410.00");
  await expectNoAxeViolations(page);

  const form = page.getByRole("region", { name: "Record an activity" });
  const title = `Interviews with mediators ${Date.now()}`;
  await form.getByLabel("Name of the activity").fill(title);
  await form.getByLabel("Format").selectOption("interview");
  await form.getByLabel("Date").fill("2026-03-02");
  await form.getByLabel("Migrants", { exact: true }).fill("3");
  await form.getByLabel("Of whom women").fill("5");
  await form.getByLabel("Contributions from meetings").fill("Mediators are paid late\nNo interpreter at the job centre");
  await form.getByRole("button", { name: "Record it" }).press("Enter");
  await expect(form.getByRole("alert")).toContainText("more than the number of participants");
  await expect(form.getByLabel("Name of the activity")).toHaveValue(title);
  await expect(form.getByLabel("Of whom women")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Of whom women").fill("2");
  await form.getByLabel("Interpreters", { exact: true }).check();
  await form.getByLabel("Cost of this provision (EUR)").first().fill("150,50");
  await form.getByRole("button", { name: "Record it" }).click();
  await expect(form.getByRole("status")).toContainText("The activity was recorded");
  const recorded = page.getByRole("region", { name: title });
  await expect(recorded).toContainText("No interpreter at the job centre");
  await expect(recorded).toContainText("150.50");
  await expectNoAxeViolations(page);
  // The page in French passes axe too.
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Réunions et entretiens/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Meetings and interviews/ })).toBeVisible();
});
