import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer } from "../test/test-server";
import { createUser } from "../auth/users";
import { ingestEvents } from "../ingest/ingest-flags";
import { makeEvent } from "../test/events";
import { clusterPass } from "../clusters/cluster-pass";
import { createOrder } from "../orders/create-order";
import { previewBatch } from "../takedown/preview-batch";
import { confirmBatch } from "../takedown/confirm-batch";
import { restoreBatch } from "../takedown/batch-ops";
import { declareIncident, setStatus } from "./lifecycle";
import { containmentCheck } from "./queries";
import { incidentView } from "./report";

// The incident tells the whole story: what was done before anyone declared it (alert,
// takedowns, a standing order), restores, time to detect from the start of impact, and the
// one-click "contained" once the wave is over.

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
let lead: { id: string; email: string; role: string };

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t);
  const u = await createUser(t.db, null, { email: "lead@story.test", name: "Lead", role: "SHIFT_LEAD", password: "story-password-1" });
  lead = { id: u.id, email: u.email, role: "SHIFT_LEAD" };
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

describe("the incident's story", () => {
  it("a P0 declared from the alert carries what came before it, restores after it, and a time to detect", async () => {
    const s = server.runtime.services;
    // Rooms went live two minutes ago; a ring of them shares a device.
    const startedAt = new Date(Date.now() - 120_000).toISOString();
    const ring = Array.from({ length: 12 }, (_, i) => ({
      ...makeEvent({ roomId: `st-${i}`, accountId: `st-a${i}`, deviceId: "st-dev" }),
      room: { id: `st-${i}`, title: `t${i}`, startedAt, viewerCount: 10 },
    }));
    await ingestEvents({ pool: t.pool }, "story", ring);
    await clusterPass(t.pool);
    const clusterId = (await t.pool.query<{ c: string }>(`SELECT "clusterId" AS c FROM account_cluster_members WHERE "accountId" = 'st-a0'`)).rows[0].c;
    const alertId = "5b0c0b1e-0000-4000-8000-000000000001";
    await t.pool.query(
      `INSERT INTO attack_alerts (id, "openedAt", rate, baseline, "peakRate", "clusterIds", reasons) VALUES ($1, now() - interval '60 seconds', 80, 5, 90, $2, $3)`,
      [alertId, [clusterId], ["Flag rate 80/s is 8.0× the baseline of 10/s"]],
    );
    // Before any incident: a mass takedown of two rooms, then an order on the ring.
    const p = await previewBatch(s.takedown, lead, { kind: "manual", roomIds: ["st-0", "st-1"] });
    const batch = await confirmBatch(s.takedown, lead, { batchId: p.batchId, reason: "Spam", banAccounts: false, endOtherRooms: false });
    await createOrder(s.orders, lead, { clusterIds: [clusterId], followAlertId: alertId, banAccounts: false, refuseGoLive: false, reason: "Bot ring" });

    const inc = await declareIncident(s.incidents, lead, { title: "Wave", summary: "bots", severity: "P0", commanderId: lead.id, alertId });
    let v = (await incidentView(t.db, t.pool, inc.id))!;
    // Impact began when the ring's first room went live, two minutes ago; detection is the alert.
    expect(Math.abs(v.startedAt.getTime() - Date.parse(startedAt))).toBeLessThan(1000);
    expect(v.durations.timeToDetectMs).toBeGreaterThan(50_000);
    const before = v.timeline.filter((e) => (e.data as { before_declaration?: boolean } | null)?.before_declaration);
    expect(before.map((e) => e.kind).sort()).toEqual(["alert", "order", "order", "takedown"]);
    expect(before.find((e) => e.kind === "takedown")!.text).toMatch(/Mass takedown by lead@story.test: 2 rooms/);
    expect(before.some((e) => /ended 10 rooms/.test(e.text))).toBe(true);
    // The entries sit at the times things happened, before the declaration.
    expect(before.every((e) => e.at.getTime() <= v.declaredAt.getTime())).toBe(true);

    // After the declaration, a restore is on the timeline too.
    await restoreBatch(s.takedown, lead, batch.batchId, null, "false positive");
    v = (await incidentView(t.db, t.pool, inc.id))!;
    expect(v.timeline.some((e) => e.kind === "restore" && /2 rooms of a mass takedown back/.test(e.text))).toBe(true);

    // Quiet now (no flags in the last 30 s, no ring growing in the last minute): contained is offered, and sets the time to contain.
    await t.pool.query(`UPDATE account_cluster_members SET "joinedAt" = now() - interval '5 minutes'`);
    await t.pool.query(`DELETE FROM flag_rate`);
    expect(await containmentCheck(s.incidents, inc.id)).toMatchObject({ suggest: true, growingRings: 0 });
    await setStatus(s.incidents, lead, inc.id, "CONTAINED", "flag rate at baseline");
    v = (await incidentView(t.db, t.pool, inc.id))!;
    expect(v.durations.timeToContainMs).toBeGreaterThan(v.durations.timeToDetectMs);
    expect((await containmentCheck(s.incidents, inc.id)).suggest).toBe(false);
  });
});
