import { card, expect, ingest, refused, test } from "./fixtures";
import { e2eDb, endRooms } from "./db";

/** A scripted ring: one device, one /24, handles from one template, registered within minutes. */
function ringEvents(tag: string, n: number, net = "198.51.100") {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(now).toISOString();
    return {
      eventId: `ring-${tag}-${i}`,
      occurredAt: at,
      source: "classifier",
      label: "minor_safety",
      score: 0.99,
      room: { id: `ring-${tag}-room-${i}`, title: `live ${i} ❤️`, startedAt: at, viewerCount: 500 + i },
      account: {
        id: `ring-${tag}-acct-${i}`,
        handle: `ringgirl${tag}_${1000 + i}`,
        registeredAt: new Date(now - 2 * 86_400_000 + i * 1000).toISOString(),
        realNameVerified: false,
        deviceId: `dev-${tag}-${i % 3}`,
        ip: `${net}.${(i % 200) + 1}`,
      },
    };
  });
}

test.describe("clusters and attack waves", () => {
  test("a shift lead opens the biggest cluster from the wave alert and takes it down; its rooms leave a moderator's wall", async ({
    request,
    signedInPage,
    tag,
  }) => {
    const mod = await signedInPage("MODERATOR");
    await mod.goto("/wall?labels=minor_safety&minScore=0.9");
    await expect(mod.getByTestId("wall-count")).toContainText("shown");

    const lead = await signedInPage("SHIFT_LEAD");

    // The ring goes live: 150 accounts in a few seconds.
    const events = ringEvents(tag, 150);
    for (let i = 0; i < events.length; i += 50) expect((await ingest(request, events.slice(i, i + 50))).body.accepted).toBe(50);

    // The detector pushes the alert to the lead's open page (no reload).
    const banner = lead.getByTestId("wave-alert");
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText("grew by");

    // The moderator sees the ring's rooms, each with its cluster badge.
    await mod.keyboard.press("n");
    // The grid renders only the rows on screen: take the first ring card it shows.
    const firstRing = mod.locator(`[data-testid="room-card"][data-room-id^="ring-${tag}-"]`).first();
    await expect(firstRing).toBeVisible();
    const someRoom = (await firstRing.getAttribute("data-room-id"))!;
    // The badge carries the ring's size when the card last changed (it grows as the ring does).
    await expect(card(mod, someRoom).getByTestId("cluster-badge")).toContainText(/Ring ×\d{2,3}/);

    await banner.getByTestId("open-biggest-cluster").click();
    await expect(lead).toHaveURL(/\/clusters\/C-[0-9a-f]{8}/);
    // Sizes are exact at once; a growing ring's sentences are recomputed at most every 5 s, and
    // once more after it stops growing.
    await expect(lead.getByTestId("cluster-explanations")).toContainText("150 registered between", { timeout: 15_000 });
    await expect(lead.getByTestId("cluster-explanations")).toContainText("accounts share device");
    await lead.getByRole("button", { name: "Take down cluster (150 live rooms)" }).click();
    const dialog = lead.getByRole("dialog", { name: /Take down cluster/ });
    await expect(dialog.getByTestId("preview-count")).toHaveText("150");
    // A ring is coordinated inauthentic behaviour: suggested, and its accounts are banned by default.
    await expect(dialog.getByLabel(/Policy reason/)).toHaveValue("Coordinated inauthentic behaviour (bot ring)");
    await expect(dialog.getByLabel("Also ban the accounts")).toBeChecked();
    await dialog.getByRole("button", { name: "Take down 150 rooms" }).click();
    await expect(dialog).toBeHidden();
    await expect(lead.getByText(/Taking down 150 rooms and banning their accounts/)).toBeVisible();

    await expect(card(mod, someRoom)).toHaveCount(0);
    await expect(mod.locator(`[data-room-id^="ring-${tag}-"]`)).toHaveCount(0);
  });

  test("the cluster list shows size, rooms and why, and sorts", async ({ request, signedInPage, tag }) => {
    // A small ring of its own (on a network no other spec uses), so the list has a cluster to show.
    const events = ringEvents(tag, 12, "203.0.113");
    expect((await ingest(request, events)).body.accepted).toBe(12);
    const db = await e2eDb();
    const clusterOf = async () =>
      (
        await db.query<{ clusterId: string; n: number }>(
          `SELECT "clusterId", count(*)::int AS n FROM account_cluster_members WHERE "accountId" LIKE $1 GROUP BY 1`,
          [`ring-${tag}-acct-%`],
        )
      ).rows;
    await expect.poll(async () => (await clusterOf()).map((r) => r.n), { timeout: 30_000 }).toEqual([12]);
    const clusterId = (await clusterOf())[0].clusterId;
    await db.end();

    const page = await signedInPage("MODERATOR");
    await page.goto("/clusters");
    // Its ring is listed, with why in words.
    const ours = page.locator(`[data-testid="cluster-row"][data-cluster-id="${clusterId}"]`);
    await expect(ours).toContainText(/registered between|accounts share device|accounts on network/);
    const first = page.getByTestId("cluster-row").first();
    await expect(first).toBeVisible();
    await expect(first).toContainText(/registered between|accounts share device|accounts on network/);
    await page.getByRole("button", { name: /Growth \(10 min\)/ }).click();
    await expect(page.getByRole("columnheader", { name: /Growth/ })).toHaveAttribute("aria-sort", "descending");
    await endRooms(`ring-${tag}-`);
  });

  test("bad cluster ids are refused; executives cannot read clusters", async ({ api }) => {
    const mod = await api("MODERATOR");
    expect((await refused(mod.clusters.detail.query({ id: "'; drop table" }))).data?.httpStatus).toBe(400);
    expect((await refused(mod.clusters.detail.query({ id: "C-00000000" }))).data?.httpStatus).toBe(404);
    const exec = await api("EXECUTIVE");
    expect((await refused(exec.clusters.list.query({}))).data?.httpStatus).toBe(403);
    expect((await refused(mod.clusters.currentAlert.query())).data?.httpStatus).toBe(403);
  });
});
