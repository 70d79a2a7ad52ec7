import { IngestClient } from "../scripts/simulator/client";
import { E2E_URL } from "../playwright.config";
import { expect, hotEvent, ingest, INGEST_TOKEN, refused, test } from "./fixtures";

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
  test("declare from the wave alert, act, pause, restore; the executive sees it all live", async ({ request, makeUser, signedInPage, api, tag }) => {
    test.setTimeout(120_000);
    // The executive's page is open before anything happens.
    const exec = await signedInPage("EXECUTIVE");
    await exec.goto("/incidents");

    const events = ring(tag, 120);
    for (let i = 0; i < events.length; i += 60) expect((await ingest(request, events.slice(i, i + 60))).status).toBe(202);

    // One shift lead, acting on pages and (as the wall's dialog does) over the API.
    const leadUser = await makeUser("SHIFT_LEAD");
    const lead = await signedInPage(leadUser);
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
    const leadApi = await api(leadUser);
    const ids = events.map((e) => e.room.id);
    const p = await leadApi.takedown.preview.mutate({ selection: { kind: "manual", roomIds: ids } });
    await leadApi.takedown.confirm.mutate({ batchId: p.batchId, reason: "Sexual content", banAccounts: true, endOtherRooms: false });
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
    await expect(timeline).toContainText(`Mass takedown by ${leadUser.email}: 120 rooms taken down, 120 accounts banned`);
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
  });

  test("lifecycle and permission rules over HTTP", async ({ api }) => {
    const lead = await api("SHIFT_LEAD");
    const me = await lead.me.get.query();
    const { id } = await lead.incidents.declare.mutate({ title: "Rules", summary: "test", severity: "P2", commanderId: me.id });
    expect((await refused(lead.incidents.setStatus.mutate({ id, status: "CLOSED", note: null }))).data?.httpStatus).toBe(409);
    expect(await lead.incidents.setStatus.mutate({ id, status: "RESOLVED", note: null })).toMatchObject({ id, status: "RESOLVED" });
    // Deliberately invalid input (an empty title, a severity that does not exist), past the types.
    const invalid = { title: "", summary: "x", severity: "P9", commanderId: me.id } as unknown as Parameters<typeof lead.incidents.declare.mutate>[0];
    expect((await refused(lead.incidents.declare.mutate(invalid))).data?.httpStatus).toBe(400);
    const exec = await api("EXECUTIVE");
    expect((await refused(exec.incidents.setStatus.mutate({ id, status: "IN_REVIEW", note: null }))).data?.httpStatus).toBe(403);
    expect((await refused(exec.controls.set.mutate({ scope: { kind: "ALL" }, mode: "PAUSED", reason: "nope" }))).data?.httpStatus).toBe(403);
    expect(await exec.incidents.get.query({ id })).toMatchObject({ id });
  });
});
