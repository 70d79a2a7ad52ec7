import { card, expect, hotEvent, ingest, test } from "./fixtures";

test.describe("screens that say what happened", () => {
  test("the evidence package is prepared in the background with its steps shown, then downloaded", async ({ signedInPage, makeUser, api, tag }) => {
    const leadUser = await makeUser("SHIFT_LEAD");
    const lead = await api(leadUser);
    const inc = await lead.incidents.declare.mutate({ title: `Evidence ${tag}`, summary: "drill", severity: "P3", commanderId: leadUser.id });
    const page = await signedInPage(leadUser);
    await page.goto(`/incidents/${inc.id}`);
    const box = page.getByTestId("evidence-export");
    await box.getByTestId("evidence-prepare").click();
    const link = box.getByTestId("evidence-download");
    await expect(link).toBeVisible({ timeout: 60_000 });
    await expect(link).toContainText(/Download evidence package \(\d/);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(`incident-${inc.number}-evidence.zip`);
  });

  test("a single takedown from the wall and its undo are in the takedown history", async ({ request, signedInPage, makeUser, tag }) => {
    const room = `sd-${tag}`;
    await ingest(request, [hotEvent(room, { title: `single ${tag}` })]);
    const modUser = await makeUser("MODERATOR");
    const mod = await signedInPage(modUser);
    await mod.goto(`/wall?q=single+${tag}`);
    await expect(card(mod, room)).toBeVisible();
    await card(mod, room).getByRole("button", { name: "Take down" }).click();
    await expect(mod.getByTestId("wall-status")).toContainText("Took down 1 room");
    await mod.keyboard.press("u");
    await expect(mod.getByTestId("wall-status")).toContainText("Undone: 1 room restored");
    await mod.goto("/takedowns");
    const history = mod.getByTestId("decision-history");
    await history.getByPlaceholder("email contains").fill(modUser.email);
    await expect(history.getByTestId("decision-row").filter({ hasText: `single ${tag}` })).toHaveCount(2);
    await expect(history.locator('[data-kind="TAKEDOWN"]').filter({ hasText: `single ${tag}` })).toContainText(modUser.email);
    await expect(history.locator('[data-kind="RESTORE"]').filter({ hasText: `single ${tag}` })).toContainText("Restored (undo)");
  });

  test("controls: who a scope covers is shown before applying, and the same control twice is refused", async ({ signedInPage, tag }) => {
    const lead = await signedInPage("SHIFT_LEAD");
    await lead.goto("/controls");
    const form = lead.getByRole("form", { name: "Set a control" });
    await form.getByLabel("Scope").selectOption("ACCOUNT_AGE");
    // Each age choice says how many live rooms it would touch.
    await expect(form.getByTestId("age-choice").locator("option").first()).toContainText(/1 day — [\d,]+ live \([\d,]+ flagged\)/);
    await expect(form.getByTestId("scope-preview")).toContainText(/In this scope now: [\d,]+ live rooms?/);
    await form.getByLabel("Scope").selectOption("CATEGORY");
    await form.getByLabel("Category", { exact: true }).fill(`cat-${tag}`);
    await form.getByLabel("Mode").selectOption("THROTTLED");
    await form.getByLabel("Starts a minute").fill("30");
    await form.getByLabel("Reason").fill("drill");
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(lead.getByText("Done.")).toBeVisible();
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(lead.getByText(`Category “cat-${tag}” is already throttled to 30 starts a minute`)).toBeVisible();
  });
});
