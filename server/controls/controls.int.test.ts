import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "../ingest/ingest-flags";
import { SimulatedPlatform } from "../enforcement/adapters/simulated-platform";
import { advanceRestores, rollbackRestore, setControl, startRestore, type ControlDeps } from "./controls";
import { decideLiveStarts } from "./live-starts";

let t: TestDb;
let deps: ControlDeps;
let changed = 0;
const removed: string[] = [];
const lead = { id: "l1", email: "lead@floodwall.local", role: "SHIFT_LEAD", origin: null };
const start = (roomId: string, verified: boolean, ageDays = 1) => ({
  roomId,
  accountId: `a-${roomId}`,
  registeredAt: new Date(Date.now() - ageDays * 86_400_000).toISOString(),
  realNameVerified: verified,
});

beforeAll(async () => {
  t = await createTestDb();
  const enforce = { pool: t.pool, queue: null, onRoomsChanged: () => {}, onRoomsRemoved: (rs: { id: string }[]) => removed.push(...rs.map((r) => r.id)) };
  deps = { pool: t.pool, enforce, adapter: new SimulatedPlatform(t.pool), onChanged: () => changed++ };
});
afterAll(() => t.close());

describe("live controls", () => {
  it("a paused scope refuses new live starts in it, and only in it", async () => {
    await setControl(deps, lead, { scope: { kind: "UNVERIFIED", value: "" }, mode: "PAUSED", reason: "bot ring" });
    const res = await decideLiveStarts(t.pool, [start("r1", false), start("r2", true)]);
    expect(res).toEqual([
      { roomId: "r1", allowed: false, reason: "paused" },
      { roomId: "r2", allowed: true, reason: null },
    ]);
    expect(await t.db.auditEntry.count({ where: { action: "control.set" } })).toBe(1);
  });

  it("a throttle admits N starts per minute", async () => {
    await setControl(deps, lead, { scope: { kind: "ACCOUNT_AGE", value: "7" }, mode: "THROTTLED", maxStartsPerMin: 3, reason: "slow new accounts" });
    const res = await decideLiveStarts(
      t.pool,
      ["t1", "t2", "t3", "t4", "t5"].map((id) => start(id, true, 2)),
    );
    expect(res.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect((await decideLiveStarts(t.pool, [start("old", true, 400)]))[0].allowed).toBe(true);
  });

  it("a staged restore walks 10 → 50 → 100 % and opens the scope; a rollback pauses again", async () => {
    await startRestore(deps, lead, { kind: "UNVERIFIED", value: "" }, [10, 50, 100], 1);
    let c = await t.db.liveControl.findFirstOrThrow({ where: { scopeKind: "UNVERIFIED" } });
    expect(c).toMatchObject({ mode: "THROTTLED", restorePercent: 10 });
    const admitted = (
      await decideLiveStarts(
        t.pool,
        Array.from({ length: 400 }, (_, i) => start(`s${i}`, false, 400)),
      )
    ).filter((r) => r.allowed).length;
    expect(admitted).toBeGreaterThan(10);
    expect(admitted).toBeLessThan(80); // about 10 % of 400
    await advanceRestores(deps, new Date(Date.now() + 2000));
    c = await t.db.liveControl.findFirstOrThrow({ where: { scopeKind: "UNVERIFIED" } });
    expect(c.restorePercent).toBe(50);
    await advanceRestores(deps, new Date(Date.now() + 4000));
    c = await t.db.liveControl.findFirstOrThrow({ where: { scopeKind: "UNVERIFIED" } });
    expect(c).toMatchObject({ mode: "OPEN", restorePercent: null });
    await setControl(deps, lead, { scope: { kind: "UNVERIFIED", value: "" }, mode: "PAUSED", reason: "again" });
    await startRestore(deps, lead, { kind: "UNVERIFIED", value: "" }, [25, 100], 60);
    await rollbackRestore(deps, lead, { kind: "UNVERIFIED", value: "" });
    expect((await t.db.liveControl.findFirstOrThrow({ where: { scopeKind: "UNVERIFIED" } })).mode).toBe("PAUSED");
    expect(changed).toBeGreaterThan(3);
  });

  it("end existing streams takes down the live rooms in scope", async () => {
    await ingestEvents({ pool: t.pool }, "s", [makeEvent({ roomId: "cat-1", accountId: "cat-a1" }), makeEvent({ roomId: "cat-2", accountId: "cat-a2" })]);
    await t.pool.query(`UPDATE live_rooms SET category = 'Casino' WHERE id = 'cat-1'`);
    const res = await setControl(deps, lead, { scope: { kind: "CATEGORY", value: "Casino" }, mode: "END_EXISTING", reason: "illegal gambling" });
    expect(res.ended).toBe(1);
    expect(removed).toEqual(["cat-1"]); // gone from walls at once
    expect((await t.db.liveRoom.findUniqueOrThrow({ where: { id: "cat-1" } })).status).toBe("TAKEN_DOWN");
    expect((await t.db.liveRoom.findUniqueOrThrow({ where: { id: "cat-2" } })).status).toBe("LIVE");
  });
});
