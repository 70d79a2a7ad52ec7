import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../contracts/actor";
import { enforceRooms, type EnforceDeps } from "../enforcement/enforce-rooms";
import { clusterPass } from "../clusters/cluster-pass";
import { ingestEvents } from "../ingest/ingest-flags";
import { previewOrder } from "../orders/create-order";
import { previewBatch } from "../takedown/preview-batch";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { incidentView } from "./report";
import { snapshotMetrics } from "./timeline";

// The executive figures from known data, exactly: a peak of sums (not a sum of each room's
// peak), viewer-minutes integrated over the time between snapshots (not a sum of snapshots),
// takedowns per minute from every source (people, batches, standing orders, rules), and the
// peak flag rate over the alert's own 30 s window.

let t: TestDb;
let enforce: EnforceDeps;
const mod = { id: "mod-1", email: "mod@figures.test", role: "SHIFT_LEAD", origin: null };
const MIN = 60_000;
// Whole minutes, an hour ago: every time below is T0 + something.
const T0 = Math.floor((Date.now() - 60 * MIN) / MIN) * MIN;
const at = (sec: number) => new Date(T0 + sec * 1000);
let incidentId: string;

const setViewers = (counts: Record<string, number>) =>
  Promise.all(
    Object.entries(counts).map(([id, v]) =>
      t.pool.query(`UPDATE live_rooms SET "viewerCount" = $2, "peakViewers" = GREATEST("peakViewers", $2) WHERE id = $1`, [id, v]),
    ),
  );
const placeActions = (roomIds: string[], sec: number) =>
  t.pool.query(`UPDATE enforcement_actions SET "createdAt" = $2 WHERE "roomId" = ANY($1::text[])`, [roomIds, at(sec)]);

beforeAll(async () => {
  t = await createTestDb();
  enforce = { pool: t.pool, queue: null, onRoomsChanged: () => {}, onRoomsRemoved: () => {} };
  const rooms = ["v1", "v2", "v3", "dismissed", ...Array.from({ length: 9 }, (_, i) => `d${i}`)];
  await ingestEvents(
    { pool: t.pool },
    "figures",
    // The d rooms (taken down in the second test) have no viewers, so they do not move the sums.
    rooms.map((id) => makeEvent({ roomId: id, accountId: `acct-${id}`, viewerCount: id.startsWith("d") && id !== "dismissed" ? 0 : 10 })),
  );
  await t.pool.query(`UPDATE live_rooms SET review = 'DISMISSED', "viewerCount" = 7000 WHERE id = 'dismissed'`);
  // The incident: impact from T0, declared at T0 + 2 min, resolved at T0 + 15 min.
  incidentId = randomUUID();
  await t.db.incident.create({
    data: {
      id: incidentId,
      title: "Figures",
      summary: "known data",
      severity: "P1",
      status: "INVESTIGATING",
      startedAt: at(0),
      detectedAt: at(60),
      declaredAt: at(120),
      declaredById: mod.id,
      declaredByEmail: mod.email,
    },
  });
  // Flags: 500/s before impact (not the incident's), 100/s for 30 s, then 50/s for a minute.
  const rate = (from: number, to: number, n: number) =>
    t.pool.query(`INSERT INTO flag_rate (second, count) SELECT s, $3 FROM generate_series($1::bigint, $2::bigint) s`, [T0 / 1000 + from, T0 / 1000 + to, n]);
  await t.pool.query(`DELETE FROM flag_rate`);
  await rate(-100, -1, 500);
  await rate(60, 89, 100);
  await rate(90, 149, 50);
});
afterAll(() => t.close());

describe("executive figures", () => {
  it("peak viewers is the peak of the sums, viewer-minutes integrate sums over the time between snapshots", async () => {
    // Declaration snapshot, and a second process's loop ticking 10 s later.
    await setViewers({ v1: 100, v2: 200, v3: 300 });
    await snapshotMetrics(t.pool, at(120).getTime());
    await snapshotMetrics(t.pool, at(130).getTime());
    await setViewers({ v1: 1000, v3: 300 });
    await enforceRooms(enforce, mod, { kind: "TAKEDOWN", roomIds: ["v2"], reason: "one room" });
    await placeActions(["v2"], 150);
    await snapshotMetrics(t.pool, at(190).getTime());
    await setViewers({ v1: 100, v3: 5000 });
    await snapshotMetrics(t.pool, at(250).getTime());
    // Nothing measured for ten minutes (the server was down): a snapshot holds for 2 min at most.
    await t.pool.query(`UPDATE live_rooms SET review = 'DISMISSED' WHERE id = 'v3'`);
    await snapshotMetrics(t.pool, at(850).getTime());
    await t.db.incident.update({ where: { id: incidentId }, data: { status: "RESOLVED", containedAt: at(840), resolvedAt: at(900) } });

    const v = (await incidentView(t.db, t.pool, incidentId))!;
    // The dismissed room's 7,000 never count; each room counts at its value at the snapshot.
    expect(v.metrics.map((m) => [m.at.getTime() - T0, m.viewersOnFlagged])).toEqual([
      [120_000, 600],
      [130_000, 600],
      [190_000, 1300],
      [250_000, 5100],
      [850_000, 100],
    ]);
    // Peak of the sums: 5,100 at T0 + 250 s — not 1,000 + 200 + 5,000 = 6,200, each room's own peak.
    expect(v.impact.peakViewersOnFlagged).toBe(5100);
    expect(v.impact.peakViewersAt?.getTime()).toBe(at(250).getTime());
    expect(v.impact.viewersMeasuredFrom?.getTime()).toBe(at(120).getTime());
    // 600×10 s + 600×60 s + 1,300×60 s + 5,100×120 s (capped) + 100×50 s (to the resolution)
    // = 737,000 viewer-seconds = 12,283.3 viewer-minutes; the sum of the snapshots would be 7,700.
    expect(v.impact.viewerMinutesExposed).toBe(12_283);
  });

  it("takedowns per minute count every source, and the headline counts distinct rooms", async () => {
    // A person's batch, a standing order (the system acting), a rule (the system acting) and a
    // single room, each placed at a known minute.
    const batch = await previewBatch({ pool: t.pool, db: t.db, enforce, notify: { approvalRequested: () => {}, progress: () => {} } } as never, mod, {
      kind: "manual",
      roomIds: ["d0", "d1", "d2"],
    });
    await enforceRooms(enforce, mod, { kind: "TAKEDOWN", roomIds: ["d0", "d1", "d2"], batchId: batch.batchId, reason: "batch" });
    await placeActions(["d0", "d1", "d2"], 61);
    const orderId = randomUUID();
    await t.pool.query(
      `INSERT INTO containment_orders (id, status, "clusterIds", "banAccounts", "refuseGoLive", reason, "createdById", "createdByEmail", "createdByRole", "activatedAt")
       VALUES ($1, 'ACTIVE', '{}', false, false, 'ring', $2, $3, 'SHIFT_LEAD', now())`,
      [orderId, mod.id, mod.email],
    );
    await enforceRooms(enforce, systemActor(`order:${orderId}`), { kind: "TAKEDOWN", roomIds: ["d3", "d4", "d5", "d6"], orderId, reason: "order" });
    await placeActions(["d3", "d4"], 125);
    await placeActions(["d5", "d6"], 179);
    await enforceRooms(enforce, systemActor("rule:r1"), { kind: "TAKEDOWN", roomIds: ["d7", "d8"], rule: { id: "r1", version: 3 }, reason: "rule" });
    await placeActions(["d7", "d8"], 300);
    // Restored and taken down again: two decisions, one room.
    await enforceRooms(enforce, mod, { kind: "RESTORE", roomIds: ["d8"], reason: "oops" });
    await enforceRooms(enforce, mod, { kind: "TAKEDOWN", roomIds: ["d8"], reason: "after all" });
    await t.pool.query(`UPDATE enforcement_actions SET "createdAt" = $1 WHERE "roomId" = 'd8' AND reason IN ('oops', 'after all')`, [at(310)]);
    // Outside the incident's window: not its work.
    await enforceRooms(enforce, mod, { kind: "TAKEDOWN", roomIds: ["v1"], reason: "later" });
    await placeActions(["v1"], 2000);

    const v = (await incidentView(t.db, t.pool, incidentId))!;
    const perMinute = v.series.map((p) => p.takedowns);
    expect(v.series[0].at.getTime()).toBe(T0);
    expect(v.series).toHaveLength(16); // T0 … T0 + 15 min (the resolution)
    expect(perMinute).toEqual([0, 3, 1 + 2 + 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(v.impact.roomsTakenDown).toBe(1 + 3 + 4 + 2); // v2, d0–d2, d3–d6, d7–d8
    expect(v.impact.takedownsBy).toEqual({ orders: 4, rules: 2, batches: 3, single: 2 });
    expect(v.impact.roomsRestored).toBe(1);
  });

  it("the peak flag rate is the highest 30 s average inside the incident, as the alert measures it", async () => {
    const v = (await incidentView(t.db, t.pool, incidentId))!;
    // 100/s for exactly 30 s ending at T0 + 89 s; a 60 s window would say 75/s, and the 500/s
    // before the start of impact is not the incident's.
    expect(v.impact.peakFlagRate).toBe(100);
    expect(v.impact.peakFlagRateAt?.getTime()).toBe(at(90).getTime());
    // The chart's minutes: average flags/s in each.
    expect(v.series.slice(0, 4).map((p) => p.flagRate)).toEqual([0, 75, 25, 0]);
  });

  it("drafts the review from the figures, in one format, with plurals right", async () => {
    const v = (await incidentView(t.db, t.pool, incidentId))!;
    const hhmm = (sec: number) => at(sec).toISOString().slice(0, 16).replace("T", " ");
    expect(v.draft.impact).toContain(
      "10 rooms taken down (4 by standing orders, 2 by response rules, 3 in mass takedowns, 2 one at a time), 0 accounts banned, 1 room restored.",
    );
    expect(v.draft.impact).toContain(`Peak flag rate 100/s (highest 30 s average) at ${hhmm(90)} UTC.`);
    expect(v.draft.impact).toContain(`Up to 5,100 viewers on flagged rooms awaiting a decision (${hhmm(250)} UTC); 12,283 viewer-minutes exposed`);
    expect(v.draft.whatHappened).toContain(`Impact began ${hhmm(0)} UTC, was detected 1 min later and declared at ${hhmm(120)} UTC`);
    expect(v.draft.whatHappened).toContain(`Resolved at ${hhmm(900)} UTC.`);
  });

  it('previews say "viewers now": the sum over the live rooms they would end, each counted once', async () => {
    const viewers = [120, 4000, 75, 900, 0, 30];
    await ingestEvents(
      { pool: t.pool },
      "figures",
      // One phone drives them all; nothing else links them to each other or to the rooms above.
      viewers.map((v, i) =>
        makeEvent({
          roomId: `pv-${i}`,
          accountId: `pv-a${i}`,
          deviceId: "pv-dev",
          viewerCount: v,
          handle: ["mei.wang", "tom_baker7", "river_tea", "pixelanna3", "kai.zhou", "quiet_maple"][i],
          registeredAt: `${2015 + i}-0${i + 1}-1${i}T0${i}:00:00Z`,
        }),
      ),
    );
    await enforceRooms(enforce, mod, { kind: "TAKEDOWN", roomIds: ["pv-2"], reason: "already down" });
    const batch = await previewBatch({ pool: t.pool, db: t.db, enforce, notify: { approvalRequested: () => {}, progress: () => {} } } as never, mod, {
      kind: "manual",
      roomIds: ["pv-0", "pv-1", "pv-2"],
    });
    expect([batch.count, batch.live, batch.viewers]).toEqual([3, 2, 4120]);
    await clusterPass(t.pool);
    const cluster = (await t.pool.query<{ c: string }>(`SELECT "clusterId" AS c FROM account_cluster_members WHERE "accountId" = 'pv-a0'`)).rows[0].c;
    const order = await previewOrder({ pool: t.pool } as never, { clusterIds: [cluster], followAlertId: null });
    expect([order.accounts, order.live, order.viewers]).toEqual([6, 5, 120 + 4000 + 900 + 0 + 30]);
  });
});
