import { IngestClient } from "../scripts/simulator/client";
import { E2E_URL } from "../playwright.config";
import { apiAs, DEMO, expect, hotEvent, ingest, INGEST_TOKEN, signIn, test, trpc } from "./fixtures";

const letters = () =>
  Math.random()
    .toString(36)
    .replace(/[^a-z]/g, "")
    .slice(0, 6)
    .padEnd(6, "q");

function ring(tag: string, n: number) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    ...hotEvent(`inc-${tag}-room-${i}`, { label: "sexual", score: 0.98 }),
    account: {
      id: `inc-${tag}-acct-${i}`,
      handle: `hotcam${tag}_${2000 + i}`,
      registeredAt: new Date(now - 86_400_000 + i * 500).toISOString(),
      realNameVerified: false,
      deviceId: `incdev-${tag}`,
      ip: `192.0.2.${(i % 250) + 1}`,
    },
  }));
}

test.describe("P0 incident, live controls and the executive view", () => {
  test("declare from the wave alert, act, pause, restore; the executive sees it all live", async ({ browser, request }) => {
    test.setTimeout(120_000);
    const tag = letters();
    // The executive's page is open before anything happens.
    const execCtx = await browser.newContext();
    const exec = await execCtx.newPage();
    await signIn(exec, DEMO.EXECUTIVE);
    await exec.goto("/incidents");

    const events = ring(tag, 120);
    for (let i = 0; i < events.length; i += 60) expect((await ingest(request, events.slice(i, i + 60))).status).toBe(202);

    const leadCtx = await browser.newContext();
    const lead = await leadCtx.newPage();
    await signIn(lead, DEMO.SHIFT_LEAD);
    const banner = lead.getByTestId("wave-alert");
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await banner.getByRole("button", { name: "Declare P0 incident" }).click();
    const dialog = lead.getByRole("dialog", { name: "Declare an incident" });
    await expect(dialog.getByText("A critical function is unusable")).toBeVisible(); // the P0 definition is shown
    await dialog.getByLabel("Title").fill(`Wave ${tag}: bot rooms streaming sexual content`);
    await dialog.getByRole("button", { name: "Declare P0" }).click();
    await expect(lead).toHaveURL(/\/incidents\/[0-9a-f-]{36}/);
    const incidentUrl = lead.url();

    // Without a reload, the executive's open page learns of it.
    await expect(exec.getByTestId("incident-declared")).toContainText(`Wave ${tag}`);
    await exec.getByTestId("incident-declared").getByRole("link", { name: "Open incident" }).click();
    await expect(exec).toHaveURL(incidentUrl);
    await expect(exec.getByRole("button", { name: "Acknowledge" })).toHaveCount(0); // read-only

    // A mass takedown (through the API, as the wall's dialog does) and a pause control.
    const leadApi = await apiAs(DEMO.SHIFT_LEAD);
    const ids = events.map((e) => e.room.id);
    const p = await trpc(leadApi, "takedown.preview", { selection: { kind: "manual", roomIds: ids } }, "mutation");
    await trpc(leadApi, "takedown.confirm", { batchId: p.data.batchId, reason: "Sexual content", banAccounts: true, endOtherRooms: false }, "mutation");
    await lead.goto("/controls");
    const form = lead.getByRole("form", { name: "Set a control" });
    await form.getByLabel("Scope").selectOption("UNVERIFIED");
    await form.getByLabel("Mode").selectOption("PAUSED");
    await form.getByLabel("Reason").fill("stop the bot ring from starting new streams");
    await form.getByRole("button", { name: "Apply" }).click();
    const row = lead.locator('[data-testid="control-row"][data-scope="UNVERIFIED:"]');
    await expect(row).toContainText("paused");

    // The simulator cannot start new rooms in the paused scope; a verified account still can.
    const client = new IngestClient({ target: E2E_URL, token: INGEST_TOKEN, realtime: false, askToGoLive: true });
    const blocked = hotEvent(`inc-${tag}-late`, { verified: false });
    const allowed = hotEvent(`inc-${tag}-verified`, { verified: true });
    await client.send([blocked, allowed]);
    expect(client.stats.refusedRooms).toBe(1);
    expect(client.stats.accepted).toBe(1);

    // Staged restore to 100%.
    await lead.getByLabel("Seconds to hold each restore stage").fill("1");
    await row.getByRole("button", { name: /Staged restore/ }).click();
    await expect(row.getByTestId("restore-state")).toContainText("100%", { timeout: 20_000 });
    await expect(row).toContainText("open");

    // The timeline shows the takedown and the controls; the report shows the numbers they imply.
    await exec.reload();
    const timeline = exec.getByTestId("incident-timeline");
    await expect(timeline).toContainText("Mass takedown by lead@floodwall.local: 120 rooms taken down, 120 accounts banned");
    await expect(timeline).toContainText("Live control: unverified accounts paused");
    await expect(timeline).toContainText("Restore complete: unverified accounts open (100%)");
    await expect(exec.getByTestId("headline-rooms-taken-down")).not.toHaveText("0");
    const taken = Number(((await exec.getByTestId("headline-rooms-taken-down").textContent()) ?? "").replace(/,/g, ""));
    expect(taken).toBeGreaterThanOrEqual(120);
    expect(Number(((await exec.getByTestId("headline-accounts-banned").textContent()) ?? "").replace(/,/g, ""))).toBeGreaterThanOrEqual(120);
    await expect(exec.getByTestId("incident-chart")).toBeVisible();

    // An executive update posted by the lead shows on the executive's page without a reload.
    await lead.goto(incidentUrl);
    const update = lead.getByRole("form", { name: "Executive update" });
    await update.getByLabel("Executive update: current status").fill("Contained: ring taken down, unverified starts restored");
    await update.getByLabel("Impact").fill("120 rooms");
    await update.getByLabel("Next steps").fill("Review");
    await update.getByRole("button", { name: "Post update" }).click();
    await expect(exec.getByTestId("latest-update")).toContainText("Contained: ring taken down");
    await leadApi.dispose();
    await execCtx.close();
    await leadCtx.close();
  });

  test("lifecycle and permission rules over HTTP", async () => {
    const lead = await apiAs(DEMO.SHIFT_LEAD);
    const me = await trpc(lead, "me.get", undefined, "query");
    const d = await trpc(lead, "incidents.declare", { title: "Rules", summary: "test", severity: "P2", commanderId: me.data.id }, "mutation");
    const id = d.data.id;
    expect((await trpc(lead, "incidents.setStatus", { id, status: "CLOSED", note: null }, "mutation")).status).toBe(409);
    expect((await trpc(lead, "incidents.setStatus", { id, status: "RESOLVED", note: null }, "mutation")).status).toBe(200);
    expect((await trpc(lead, "incidents.declare", { title: "", summary: "x", severity: "P9", commanderId: me.data.id }, "mutation")).status).toBe(400);
    const exec = await apiAs(DEMO.EXECUTIVE);
    expect((await trpc(exec, "incidents.setStatus", { id, status: "IN_REVIEW", note: null }, "mutation")).status).toBe(403);
    expect((await trpc(exec, "controls.set", { scope: { kind: "ALL" }, mode: "PAUSED", reason: "nope" }, "mutation")).status).toBe(403);
    expect((await trpc(exec, "incidents.get", { id }, "query")).status).toBe(200);
    await Promise.all([lead.dispose(), exec.dispose()]);
  });
});
