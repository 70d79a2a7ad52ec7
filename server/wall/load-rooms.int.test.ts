import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "../ingest/ingest-flags";
import { loadRoomsByIds, loadWall } from "./load-rooms";
import { ZWallFilter } from "../contracts/wall";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const events = [
    // Three accounts on one device, two of them behind one address.
    makeEvent({ roomId: "lr-r1", accountId: "lr-a1", deviceId: "lr-dev", ip: "203.0.113.7", score: 0.99 }),
    makeEvent({ roomId: "lr-r2", accountId: "lr-a2", deviceId: "lr-dev", ip: "203.0.113.7", score: 0.98 }),
    makeEvent({ roomId: "lr-r3", accountId: "lr-a3", deviceId: "lr-dev", score: 0.97 }),
    // Its own device, no address.
    makeEvent({ roomId: "lr-r4", accountId: "lr-a4", deviceId: "lr-own", score: 0.96 }),
    // Neither.
    makeEvent({ roomId: "lr-r5", accountId: "lr-a5", score: 0.95 }),
  ];
  expect((await ingestEvents({ pool: t.pool }, "lr", events)).accepted).toBe(5);
  // A second room of account 1: reuse counts accounts, not rooms.
  expect(
    (await ingestEvents({ pool: t.pool }, "lr", [makeEvent({ roomId: "lr-r6", accountId: "lr-a1", deviceId: "lr-dev", ip: "203.0.113.7", score: 0.94 })]))
      .accepted,
  ).toBe(1);
});
afterAll(() => t.close());

const reuse = (rooms: { id: string; deviceReuse: number; ipReuse: number }[]) => Object.fromEntries(rooms.map((r) => [r.id, [r.deviceReuse, r.ipReuse]]));

describe("loading wall rooms", () => {
  it("counts the other accounts on a room's device and address, once per account", async () => {
    const { rooms, total } = await loadWall(t.pool, ZWallFilter.parse({}), 100);
    expect(total).toBe(6);
    expect(rooms.map((r) => r.id)).toEqual(["lr-r1", "lr-r2", "lr-r3", "lr-r4", "lr-r5", "lr-r6"]);
    expect(reuse(rooms)).toEqual({ "lr-r1": [2, 1], "lr-r2": [2, 1], "lr-r3": [2, 0], "lr-r4": [0, 0], "lr-r5": [0, 0], "lr-r6": [2, 1] });
  });

  it("gives the same rooms by id as on the wall, and respects the limit", async () => {
    const byId = await loadRoomsByIds(t.pool, ["lr-r3", "lr-r5", "missing"]);
    expect(reuse(byId)).toEqual({ "lr-r3": [2, 0], "lr-r5": [0, 0] });
    const top = await loadWall(t.pool, ZWallFilter.parse({}), 2);
    expect(top.rooms.map((r) => r.id)).toEqual(["lr-r1", "lr-r2"]);
    expect(top.total).toBe(6);
  });
});

describe("times on the wall", () => {
  it("are the stored instants in epoch milliseconds, to the millisecond, and null where unset", async () => {
    await t.pool.query(
      `UPDATE platform_accounts SET "registeredAt" = '2019-03-04T05:06:07.891Z' WHERE id = 'lr-a5';
       UPDATE live_rooms SET "firstFlaggedAt" = '2026-12-07T23:59:59.999Z', "lastFlaggedAt" = '2026-12-08T00:00:00.001Z', "restoredAt" = NULL WHERE id = 'lr-r5'`,
    );
    const [room] = await loadRoomsByIds(t.pool, ["lr-r5"]);
    expect(room).toMatchObject({
      registeredAt: Date.parse("2019-03-04T05:06:07.891Z"),
      firstFlaggedAt: Date.parse("2026-12-07T23:59:59.999Z"),
      lastFlaggedAt: Date.parse("2026-12-08T00:00:00.001Z"),
      restoredAt: null,
    });
  });
});
