import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "../ingest/ingest-flags";
import { ZWallFilter } from "../contracts/wall";
import type { WallDeps } from "./deps";
import { actFromWall, claimNext, claimRooms, releaseClaims, sweepExpiredClaims } from "./claims";
import { loadRoomsByIds, loadWall } from "./load-rooms";

// Many moderators on one wall: a claim shows who handles a room and keeps others' wall actions
// off it; "my queue" is the rooms one has claimed; claims expire and are released by acting.

let t: TestDb;
let deps: WallDeps;
const changed: string[] = [];
const MIA = { id: "u-mia", email: "mia@claims.test", role: "MODERATOR", name: "Mia Moderator", origin: null };
const OLA = { id: "u-ola", email: "ola@claims.test", role: "MODERATOR", name: "Ola Other", origin: null };
const rooms = Array.from({ length: 12 }, (_, i) => `cl-room-${String(i).padStart(2, "0")}`);

beforeAll(async () => {
  t = await createTestDb();
  deps = { pool: t.pool, enforce: { pool: t.pool, queue: null, onRoomsChanged: (ids) => changed.push(...ids), onRoomsRemoved: () => {} } };
  // Risk falls with the index: room 00 is the riskiest.
  await ingestEvents(
    { pool: t.pool },
    "claims",
    rooms.map((id, i) => makeEvent({ roomId: id, accountId: `cl-acct-${i}`, score: 0.99 - i * 0.05, label: "violence" })),
  );
});
afterAll(() => t.close());

describe("room claims", () => {
  it("a claim is shown on the room and keeps another moderator's wall actions off it", async () => {
    changed.length = 0;
    const r = await claimRooms(deps, MIA, [rooms[0], rooms[1]]);
    expect(r.claimed.sort()).toEqual([rooms[0], rooms[1]]);
    expect(changed.sort()).toEqual([rooms[0], rooms[1]]); // walls are told
    const [room0] = await loadRoomsByIds(t.pool, [rooms[0]]);
    expect(room0.claimedBy).toEqual({ id: MIA.id, name: MIA.name });
    // Ola cannot take it over, nor act on it from the wall; her other room goes through.
    expect((await claimRooms(deps, OLA, [rooms[0]])).heldByOthers).toEqual([{ roomId: rooms[0], by: MIA.name }]);
    const res = await actFromWall(deps, OLA, { kind: "DISMISS", roomIds: [rooms[0], rooms[5]] });
    expect(res.applied.map((a) => a.roomId)).toEqual([rooms[5]]);
    expect(res.skipped).toEqual([{ roomId: rooms[0], why: `claimed by ${MIA.name}` }]);
    // Mia acts on her own claimed room: done, and the claim is released.
    const mine = await actFromWall(deps, MIA, { kind: "ESCALATE", roomIds: [rooms[0]] });
    expect(mine.applied).toHaveLength(1);
    expect((await loadRoomsByIds(t.pool, [rooms[0]]))[0].claimedBy).toBeNull();
  });

  it("my queue: claim the next rooms of a filter, highest risk first, skipping others' claims; the filter shows only mine", async () => {
    const all = ZWallFilter.parse({ labels: ["violence"] });
    const got = await claimNext(deps, OLA, all, 3);
    // Room 00 is escalated (still on the wall), room 01 is Mia's, room 05 was dismissed.
    expect(got.claimed).toEqual([rooms[0], rooms[2], rooms[3]]);
    const queue = await loadWall(t.pool, ZWallFilter.parse({ claimedBy: OLA.id }), 100);
    expect(queue.rooms.map((r) => r.id).sort()).toEqual([rooms[0], rooms[2], rooms[3]]);
    expect(queue.total).toBe(3);
    expect((await releaseClaims(deps, OLA, [rooms[2]])).released).toBe(1);
    expect((await loadWall(t.pool, ZWallFilter.parse({ claimedBy: OLA.id }), 100)).total).toBe(2);
    // Releasing someone else's needs `anyone` (a shift lead).
    expect((await releaseClaims(deps, OLA, [rooms[1]])).released).toBe(0);
    expect((await releaseClaims(deps, OLA, [rooms[1]], true)).released).toBe(1);
  });

  it("expired claims stop counting at once and are swept off every wall", async () => {
    await t.pool.query(`UPDATE room_claims SET "expiresAt" = now() - interval '1 second' WHERE "userId" = $1`, [OLA.id]);
    expect((await loadWall(t.pool, ZWallFilter.parse({ claimedBy: OLA.id }), 100)).total).toBe(0);
    expect((await claimRooms(deps, MIA, [rooms[3]])).claimed).toEqual([rooms[3]]); // an expired claim is free to take
    const swept: string[] = [];
    expect(await sweepExpiredClaims(t.pool, (ids) => swept.push(...ids))).toBe(1);
    expect(swept).toEqual([rooms[0]]);
  });
});
