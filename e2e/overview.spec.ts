import { expect, test } from "./fixtures";

test.describe("overview", () => {
  test("the first page shows the situation now: the most severe open incident in plain numbers, controls in effect, live counters by role", async ({
    signedInPage,
    api,
    tag,
  }) => {
    const exec = await signedInPage("EXECUTIVE");
    await exec.goto("/");
    await expect(exec.getByRole("heading", { name: "Open incidents" })).toBeVisible();
    // Executives do not read the wall: no counters for them.
    await expect(exec.getByTestId("wall-counters")).toHaveCount(0);

    // A shift lead declares a P0 and pauses a category; the executive's open page follows.
    const lead = await api("SHIFT_LEAD");
    const me = await lead.me.get.query();
    const title = `Overview flood ${tag} <b>not bold</b>`;
    const d = await lead.incidents.declare.mutate({ title, summary: "bots going live", severity: "P0", commanderId: me.id });
    const top = exec.getByTestId("top-incident");
    await expect(top).toContainText(title); // attacker-influenced text stays text
    await expect(top.locator("b")).toHaveCount(0);
    await expect(top).toContainText("P0");
    await expect(top.getByTestId("headline-rooms-taken-down")).toHaveText(/^\d[\d,]*$/);
    await expect(top.getByTestId("headline-time-to-detect")).toBeVisible();

    const category = `ov-${tag}`;
    await lead.controls.set.mutate({ scope: { kind: "CATEGORY", value: category }, mode: "PAUSED", reason: "overview test" });
    await expect(exec.getByTestId("controls-in-effect")).toContainText(`Category “${category}”`);
    await expect(exec.getByTestId("controls-in-effect").getByText(`Category “${category}”`).locator("..")).toContainText("paused");

    // The incident link leads to the executive view.
    await top.getByRole("link", { name: new RegExp(`Overview flood ${tag}`) }).click();
    await expect(exec.getByTestId("incident-page")).toBeVisible();

    // A moderator's overview has the live counters and no controls (not theirs to read).
    const mod = await signedInPage("MODERATOR");
    await mod.goto("/");
    await expect(mod.getByTestId("wall-counters")).toContainText("Flagged live rooms");
    await expect(mod.getByRole("heading", { name: /Platform controls/ })).toHaveCount(0);
    await expect(mod.getByTestId("top-incident")).toBeVisible();

    // Leave nothing open for other specs.
    await lead.controls.set.mutate({ scope: { kind: "CATEGORY", value: category }, mode: "OPEN", reason: "overview test done" });
    expect(await lead.incidents.setStatus.mutate({ id: d.id, status: "RESOLVED", note: null })).toMatchObject({ id: d.id, status: "RESOLVED" });
    await expect(exec.getByTestId("incident-page")).toBeVisible();
  });
});
