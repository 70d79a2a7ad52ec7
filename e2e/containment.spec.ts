import { e2eDb, endRooms } from "./db";
import { expect, ingest, INGEST_TOKEN, test } from "./fixtures";

/** A ring as the simulator's bots look: one device pool, one /24, one handle template, registered in one burst. */
function ringEvents(tag: string, from: number, to: number) {
  const now = new Date().toISOString();
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      eventId: `ct-${tag}-${i}`,
      occurredAt: now,
      source: "classifier",
      label: "sexual",
      score: 0.97,
      room: { id: `ct-${tag}-room-${i}`, title: `late night ${i}`, startedAt: now, viewerCount: 300 + i },
      account: {
        id: `ct-${tag}-acct-${i}`,
        handle: `nightcam${tag}_${2000 + i}`,
        registeredAt: new Date(Date.now() - 8 * 86_400_000 + i * 500).toISOString(),
        realNameVerified: false,
        deviceId: `ctdev-${tag}-${i % 4}`,
        ip: `203.0.113.${(i % 200) + 1}`,
      },
    };
  });
}

test.describe("containment at the attack's speed", () => {
  test("a lead contains every ring from the alert while the wave runs; new members are taken down with no further click; lifting with restore brings them back", async ({
    request,
    signedInPage,
    tag,
  }) => {
    test.setTimeout(120_000);
    const db = await e2eDb();
    const rooms = async (from: number, to: number, status: string) =>
      (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id = ANY($1::text[]) AND status = $2`, [
          Array.from({ length: to - from }, (_, k) => `ct-${tag}-room-${from + k}`),
          status,
        ])
      ).rows[0].n;
    try {
      const lead = await signedInPage("SHIFT_LEAD");
      await lead.goto("/");
      // The wave: 150 ring accounts go live within seconds.
      for (let i = 0; i < 150; i += 50) expect((await ingest(request, ringEvents(tag, i, i + 50))).body.accepted).toBe(50);

      const banner = lead.getByTestId("wave-alert");
      await expect(banner).toBeVisible({ timeout: 30_000 });
      const contain = banner.getByTestId("contain-all");
      await expect(contain).toBeVisible({ timeout: 30_000 });
      // On the shared e2e server the alert may be an earlier spec's, whose rings are all down:
      // wait until it has taken in this ring (the cluster pass links it) and counts its rooms.
      await expect(banner.getByTestId("wave-numbers")).toContainText(/[1-9][\d,]* live rooms/, { timeout: 30_000 });
      await contain.click();
      const dialog = lead.getByRole("dialog", { name: "Contain the rings of this wave" });
      // The numbers are read once; the reason a ring suggests is preselected; bans and go-live refusal are on.
      await expect(dialog.getByTestId("contain-live")).not.toHaveText("0");
      await expect(dialog.getByLabel(/Policy reason/)).toHaveValue("Coordinated inauthentic behaviour (bot ring)");
      await expect(dialog.getByLabel("Ban the accounts (current and joining)")).toBeChecked();
      await expect(dialog.getByLabel("Refuse go-live to accounts with the rings' signals")).toBeChecked();
      await expect(dialog.getByLabel("Also contain rings that join this wave while the alert is open")).toBeChecked();
      await dialog.getByRole("button", { name: /^Contain \d+ rings?$/ }).click();
      await expect(dialog).toBeHidden();
      await expect(lead.getByText(/^Containing \d+ rings?: [\d,]+ rooms ended/)).toBeVisible();
      await expect(banner.getByTestId("wave-contained")).toContainText("rooms ended");
      await expect.poll(() => rooms(0, 150, "LIVE"), { timeout: 30_000 }).toBe(0);

      // New members join the ring after the order: taken down with nobody clicking, and told to the platform.
      expect((await ingest(request, ringEvents(tag, 150, 190))).body.accepted).toBe(40);
      await expect.poll(() => rooms(150, 190, "TAKEN_DOWN"), { timeout: 30_000 }).toBe(40);
      await expect
        .poll(
          async () =>
            (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sim_platform_ended WHERE "roomId" LIKE $1`, [`ct-${tag}-room-%`])).rows[0].n,
          { timeout: 30_000 },
        )
        .toBe(190);
      // An account the console has never seen, on the ring's device, is refused at go-live.
      const [stranger] = ringEvents(tag, 500, 501);
      const goLive = await request.post("/api/platform-sim/live-starts", {
        headers: { authorization: `Bearer ${INGEST_TOKEN}` },
        data: {
          starts: [
            {
              roomId: "ct-stranger",
              accountId: `ct-${tag}-stranger`,
              registeredAt: stranger.account.registeredAt,
              realNameVerified: false,
              handle: stranger.account.handle,
              deviceId: stranger.account.deviceId,
            },
          ],
        },
      });
      expect((await goLive.json()).results).toEqual([{ roomId: "ct-stranger", allowed: false, reason: "containment order" }]);

      // Lifting with restore undoes the order as a whole.
      await lead.goto("/clusters");
      const order = lead.getByTestId("order").filter({ hasText: "rings joining the wave" }).first();
      // At least this ring's 190 rooms (the wave's other rings, from earlier specs, may add theirs).
      await expect(async () => {
        const ended = Number(((await order.getByTestId("order-counts").textContent()) ?? "").split(" rooms ended")[0].replaceAll(",", ""));
        expect(ended).toBeGreaterThanOrEqual(190);
      }).toPass({ timeout: 15_000 });
      await order.getByRole("button", { name: "Lift…" }).click();
      const lift = lead.getByRole("dialog", { name: "Lift containment order" });
      await lift.getByLabel("Why (required)").fill("drill over: restore");
      await lift.getByLabel(/Also undo it/).check();
      await lift.getByRole("button", { name: "Lift and restore" }).click();
      await expect(lift).toBeHidden();
      await expect(lead.getByText(/Order lifted and undone: [\d,]+ rooms restored/)).toBeVisible();
      await expect.poll(() => rooms(0, 190, "LIVE"), { timeout: 30_000 }).toBe(190);

      // The takedowns page lists the order beside the batches (in a wave most rooms end by an
      // order), newest first, with what it did and that it was lifted.
      await lead.goto("/takedowns");
      const history = lead.getByTestId("order-history-row").first();
      await expect(history).toContainText("lifted");
      await expect(history).toContainText(/[\d,]+ rooms ended/);
      await expect(history).toContainText(/[\d,]+ restored/);
    } finally {
      // Never leave a standing order behind for later specs.
      await db.query(`UPDATE containment_orders SET status = 'LIFTED', "liftedAt" = now() WHERE status IN ('ACTIVE', 'PENDING_APPROVAL')`);
      await db.end();
      await endRooms(`ct-${tag}-`);
    }
  });
});
