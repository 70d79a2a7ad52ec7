import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "../ingest/ingest-flags";
import { verifyAuditChain } from "../audit/audit-log";
import { enforceRooms, type EnforceDeps } from "./enforce-rooms";
import { deliverActions, MAX_ATTEMPTS } from "./deliver";
import { SimulatedPlatform } from "./adapters/simulated-platform";
import type { PlatformAdapter } from "./adapters/types";

let t: TestDb;
let deps: EnforceDeps;
const changed: string[] = [];
const mod = { id: "m1", email: "moderator@floodwall.local", role: "MODERATOR", origin: "127.0.0.1" };

beforeAll(async () => {
  t = await createTestDb();
  deps = { pool: t.pool, queue: null, onRoomsChanged: (ids) => changed.push(...ids), onRoomsRemoved: (rs) => changed.push(...rs.map((r) => r.id)) };
  await ingestEvents(
    { pool: t.pool },
    "s",
    Array.from({ length: 10 }, (_, i) => makeEvent({ roomId: `e-${i}`, accountId: `ea-${i}`, viewerCount: 100 + i })),
  );
});
afterAll(() => t.close());

describe("enforceRooms", () => {
  it("takes rooms down set-based, records actions and one audit entry, reports skipped rooms", async () => {
    const res = await enforceRooms(deps, mod, { kind: "TAKEDOWN", roomIds: ["e-0", "e-1", "e-1", "nope"], reason: "Policy: sexual" });
    expect(res.applied.map((a) => a.roomId).sort()).toEqual(["e-0", "e-1"]);
    expect(res.skipped).toEqual([{ roomId: "nope", why: "unknown room" }]);
    const again = await enforceRooms(deps, mod, { kind: "TAKEDOWN", roomIds: ["e-0"], reason: "again" });
    expect(again.skipped).toEqual([{ roomId: "e-0", why: "already taken down" }]);
    const rooms = await t.db.liveRoom.findMany({ where: { id: { in: ["e-0", "e-1"] } } });
    expect(rooms.every((r) => r.status === "TAKEN_DOWN" && r.review === "ACTIONED" && r.reviewedByEmail === mod.email)).toBe(true);
    const actions = await t.db.enforcementAction.findMany({ where: { roomId: { in: ["e-0", "e-1"] } } });
    expect(actions.every((a) => a.delivery === "PENDING" && a.idempotencyKey === a.id && a.flagToActionMs !== null)).toBe(true);
    expect(await t.db.auditEntry.count({ where: { action: "room.takedown" } })).toBe(2);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect(changed).toEqual(expect.arrayContaining(["e-0", "e-1"]));
  });

  it("dismiss and escalate need no platform call; reopen undoes them", async () => {
    await enforceRooms(deps, mod, { kind: "ESCALATE", roomIds: ["e-2"] });
    await enforceRooms(deps, mod, { kind: "DISMISS", roomIds: ["e-3"] });
    expect((await t.db.liveRoom.findUniqueOrThrow({ where: { id: "e-2" } })).review).toBe("ESCALATED");
    const a = await t.db.enforcementAction.findFirstOrThrow({ where: { roomId: "e-3" } });
    expect(a.delivery).toBe("NOT_REQUIRED");
    await enforceRooms(deps, mod, { kind: "REOPEN", roomIds: ["e-2", "e-3"] });
    const rs = await t.db.liveRoom.findMany({ where: { id: { in: ["e-2", "e-3"] } } });
    expect(rs.map((r) => r.review)).toEqual(["OPEN", "OPEN"]);
  });

  it("delivers to the simulated platform once per action, even when a job runs twice", async () => {
    const platform = new SimulatedPlatform(t.pool);
    const ids = (await t.db.enforcementAction.findMany({ where: { delivery: "PENDING" } })).map((a) => a.id);
    await deliverActions({ pool: t.pool, adapter: platform }, ids);
    await deliverActions({ pool: t.pool, adapter: platform }, ids);
    const calls = await t.db.simPlatformCall.findMany({ where: { idempotencyKey: { in: ids } } });
    expect(calls).toHaveLength(ids.length);
    expect(calls.every((c) => c.received === 1)).toBe(true);
    const sent = await t.db.enforcementAction.findMany({ where: { id: { in: ids } } });
    expect(sent.every((a) => a.delivery === "SENT" && a.viewersAtEnd !== null)).toBe(true);
    expect(await t.db.simPlatformEnded.count()).toBe(2);
  });

  it("retries failures and marks them FAILED with the error after the last attempt", async () => {
    await enforceRooms(deps, mod, { kind: "TAKEDOWN", roomIds: ["e-5"], reason: "Policy: sexual" });
    const [a] = await t.db.enforcementAction.findMany({ where: { roomId: "e-5" } });
    const broken: PlatformAdapter = { name: "broken", maxBatch: 500, sendMany: async () => Promise.reject(new Error("platform 502")) };
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await expect(deliverActions({ pool: t.pool, adapter: broken }, [a.id])).rejects.toThrow(/retrying/);
    }
    await deliverActions({ pool: t.pool, adapter: broken }, [a.id]); // last attempt: no more retries
    const after = await t.db.enforcementAction.findUniqueOrThrow({ where: { id: a.id } });
    expect(after).toMatchObject({ delivery: "FAILED", attempts: MAX_ATTEMPTS, lastError: "platform 502" });
  });

  it("bulk delivery: one request for many rooms; after a partial failure only the refused rooms are sent again", async () => {
    await ingestEvents(
      { pool: t.pool },
      "s",
      Array.from({ length: 40 }, (_, i) => makeEvent({ roomId: `bulk-${i}`, accountId: `bulk-a-${i}` })),
    );
    const res = await enforceRooms(deps, mod, { kind: "TAKEDOWN", roomIds: Array.from({ length: 40 }, (_, i) => `bulk-${i}`), reason: "Policy: spam" });
    const ids = res.applied.map((a) => a.actionId);
    // Every fourth call is refused by the platform (a deterministic 503 for those rooms).
    let n = 0;
    const flaky = new SimulatedPlatform(t.pool, { failRate: 1, random: () => (n++ % 4 === 0 ? 0 : 1) });
    const requests: number[] = [];
    const counting = (inner: PlatformAdapter): PlatformAdapter => ({
      name: inner.name,
      maxBatch: 25,
      sendMany: (calls) => {
        requests.push(calls.length);
        return inner.sendMany(calls);
      },
    });
    await expect(deliverActions({ pool: t.pool, adapter: counting(flaky) }, ids)).rejects.toThrow(/10 platform call\(s\) failed/);
    expect(requests).toEqual([25, 15]); // 40 rooms in two requests of at most 25
    const pending = await t.db.enforcementAction.findMany({ where: { id: { in: ids }, delivery: "PENDING" } });
    expect(pending).toHaveLength(10);
    expect(pending.every((a) => a.attempts === 1 && a.lastError?.includes("503"))).toBe(true);

    requests.length = 0;
    await deliverActions({ pool: t.pool, adapter: counting(new SimulatedPlatform(t.pool)) }, ids);
    expect(requests).toEqual([10]); // only the refused rooms, in one request
    const calls = await t.db.simPlatformCall.findMany({ where: { idempotencyKey: { in: ids } } });
    expect(calls).toHaveLength(40);
    expect(calls.every((c) => c.received === 1)).toBe(true);
    expect(await t.db.enforcementAction.count({ where: { id: { in: ids }, delivery: "SENT" } })).toBe(40);
  });

  it("restores a taken-down room as live and open, marked restored", async () => {
    const res = await enforceRooms(deps, mod, { kind: "RESTORE", roomIds: ["e-0"], reason: "false positive" });
    expect(res.applied).toHaveLength(1);
    const r = await t.db.liveRoom.findUniqueOrThrow({ where: { id: "e-0" } });
    expect(r).toMatchObject({ status: "LIVE", review: "OPEN" });
    expect(r.restoredAt).not.toBeNull();
  });
});
