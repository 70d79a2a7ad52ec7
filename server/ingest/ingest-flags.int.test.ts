import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "./ingest-flags";
import { roomRisk, weightedScore } from "./risk";
import { clusterPass } from "../clusters/cluster-pass";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const room = (id: string) => t.db.liveRoom.findUniqueOrThrow({ where: { id } });
/** The test events' accounts registered on 2026-11-20, unverified, in no ring. */
const ageDays = () => (Date.now() - Date.parse("2026-11-20T00:00:00Z")) / 86_400_000;
const plain = { fakeEngagement: false, inRing: false, verified: false };

describe("ingestEvents", () => {
  it("stores valid events and reports invalid ones by index, in one batch", async () => {
    const good = makeEvent({ roomId: "r-partial", accountId: "a-partial" });
    const out = await ingestEvents({ pool: t.pool }, "s1", [good, { eventId: "x" }, { ...makeEvent(), score: 7 }, "nope"]);
    expect(out.accepted).toBe(1);
    expect(out.rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(out.rejected[1].error).toMatch(/^score:/);
    expect(await t.db.flag.count({ where: { roomId: "r-partial" } })).toBe(1);
  });

  it("counts a replayed eventId as a duplicate and changes nothing", async () => {
    const ev = makeEvent({ roomId: "r-dup", accountId: "a-dup", viewerCount: 10 });
    await ingestEvents({ pool: t.pool }, "s1", [ev]);
    const before = await room("r-dup");
    const replay = { ...ev, room: { ...ev.room, title: "changed", viewerCount: 99999 } };
    const out = await ingestEvents({ pool: t.pool }, "s1", [replay, replay]);
    expect(out).toMatchObject({ accepted: 0, duplicates: 2 });
    const after = await room("r-dup");
    expect(after.title).toBe(before.title);
    expect(after.version).toBe(before.version);
    // The same eventId from another sender is a different event.
    expect((await ingestEvents({ pool: t.pool }, "s2", [ev])).accepted).toBe(1);
  });

  it("aggregates flags into room risk, labels, sources and fake engagement", async () => {
    const base = { roomId: "r-agg", accountId: "a-agg" };
    await ingestEvents({ pool: t.pool }, "s1", [
      makeEvent({ ...base, label: "spam", score: 0.5, viewerCount: 50 }),
      makeEvent({ ...base, label: "sexual", score: 0.8, source: "user_report", viewerCount: 50 }),
    ]);
    let r = await room("r-agg");
    expect(r.flagCount).toBe(2);
    expect(r.labels).toEqual(["sexual", "spam"]);
    expect(r.sources).toEqual(["classifier", "user_report"]);
    expect(r.risk).toBeCloseTo(roomRisk({ ...plain, base: weightedScore("sexual", 0.8, 0), flagCount: 2, sourceCount: 2, accountAgeDays: ageDays() }), 2);
    // Viewers jump 50 → 5,000 with an engagement signal: marked as fake engagement.
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...base, label: "fake_engagement", source: "engagement", score: 0.7, viewerCount: 5000 })]);
    r = await room("r-agg");
    expect(r.fakeEngagement).toBe(true);
    expect(r.peakViewers).toBe(5000);
    expect(r.risk).toBeGreaterThan(0.8);
  });

  it("a later flag updates the room's title and viewers; a five-fold jump to 500+ viewers alone marks fake engagement", async () => {
    const base = { roomId: "r-jump", accountId: "a-jump" };
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...base, label: "spam", score: 0.5, viewerCount: 80, title: "first title" })]);
    const before = await room("r-jump");
    expect(before.fakeEngagement).toBe(false);
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...base, label: "spam", score: 0.5, viewerCount: 900, title: "second title" })]);
    const after = await room("r-jump");
    expect([after.title, after.viewerCount, after.peakViewers, after.fakeEngagement, after.flagCount]).toEqual(["second title", 900, 900, true, 2]);
    expect(after.risk).toBeCloseTo(
      roomRisk({ ...plain, base: weightedScore("spam", 0.5, 0), flagCount: 2, sourceCount: 1, fakeEngagement: true, accountAgeDays: ageDays() }),
      2,
    );
    // A replayed event changes nothing, not even the viewers it carried.
    const replay = makeEvent({ ...base, eventId: "jump-replay", viewerCount: 10, title: "third title" });
    await ingestEvents({ pool: t.pool }, "s1", [replay]);
    await ingestEvents({ pool: t.pool }, "s1", [{ ...replay, room: { ...replay.room, viewerCount: 20, title: "fourth title" } }]);
    const last = await room("r-jump");
    expect([last.title, last.viewerCount, last.peakViewers, last.flagCount]).toEqual(["third title", 10, 900, 3]);
  });

  it("ranks a fresh ring member streaming prohibited content above a long-running room with many weak flags", async () => {
    // A verified streamer of five years, flagged again and again for weak things, one stronger flag 25 minutes ago.
    const old = { roomId: "r-old", accountId: "a-old", verified: true, registeredAt: "2021-06-01T00:00:00Z" };
    const past = new Date(Date.now() - 25 * 60_000).toISOString();
    await ingestEvents({ pool: t.pool }, "s1", [{ ...makeEvent({ ...old, label: "sexual", score: 0.9 }), occurredAt: past }]);
    for (let i = 0; i < 4; i++) {
      await ingestEvents(
        { pool: t.pool },
        "s1",
        Array.from({ length: 50 }, (_, k) => makeEvent({ ...old, label: k % 2 ? "spam" : "other", score: 0.6, source: k % 3 ? "classifier" : "user_report" })),
      );
    }
    // Four two-day-old unverified accounts on one device: the clusterer links them into a ring.
    const fresh = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const bots = ["a", "b", "c", "d"].map((x) => ({ roomId: `r-bot-${x}`, accountId: `a-bot-${x}`, deviceId: "dev-bots", registeredAt: fresh }));
    await ingestEvents(
      { pool: t.pool },
      "s1",
      bots.map((b) => makeEvent({ ...b, label: "sexual", score: 0.9 })),
    );
    const before = await room("r-bot-a");
    expect((await room("r-old")).risk).toBeGreaterThan(before.risk - 0.2); // close before the ring is known
    await clusterPass(t.pool);
    const [o, b] = [await room("r-old"), await room("r-bot-a")];
    expect(b.risk).toBeGreaterThan(before.risk); // joining a ring raises it at once, before any new flag
    expect(b.risk).toBeGreaterThan(o.risk);
    expect(o.risk).toBeLessThan(0.9);
    // Scores do not saturate: a strong fresh room and a weak old one never tie at 100.
    expect(b.risk).toBeLessThan(1);
  });

  it("a room's strongest flag fades with time: a weak flag two hours later finds little of it left", async () => {
    const r = { roomId: "r-fade", accountId: "a-fade" };
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...r, label: "sexual", score: 0.95 })]);
    const strong = await room("r-fade");
    await t.pool.query(`UPDATE live_rooms SET "lastFlaggedAt" = now() - interval '2 hours' WHERE id = 'r-fade'`);
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...r, label: "spam", score: 0.5 })]);
    const later = await room("r-fade");
    expect(later.riskBase).toBeCloseTo(Math.max(strong.riskBase / 16, weightedScore("spam", 0.5, 0)), 2);
    expect(later.risk).toBeLessThan(strong.risk);
  });

  it("a dismissed room reopens only on a new kind of harm", async () => {
    const base = { roomId: "r-dis", accountId: "a-dis" };
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...base, label: "spam", score: 0.6 })]);
    await t.pool.query(`UPDATE live_rooms SET review = 'DISMISSED' WHERE id = 'r-dis'`);
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...base, label: "spam", score: 0.6 })]);
    expect((await room("r-dis")).review).toBe("DISMISSED");
    await ingestEvents({ pool: t.pool }, "s1", [makeEvent({ ...base, label: "violence", score: 0.9 })]);
    expect((await room("r-dis")).review).toBe("OPEN");
  });

  it("takes 5,000 events in one request", async () => {
    const events = Array.from({ length: 5000 }, (_, i) => makeEvent({ roomId: `bulk-${i % 1200}`, accountId: `bulk-a-${i % 1000}` }));
    const out = await ingestEvents({ pool: t.pool }, "bulk", events);
    expect(out.accepted).toBe(5000);
    expect(out.changedRoomIds).toHaveLength(1200);
    const { rows } = await t.pool.query(`SELECT sum("flagCount")::int AS n FROM live_rooms WHERE id LIKE 'bulk-%'`);
    expect(rows[0].n).toBe(5000);
    const rate = await t.pool.query(`SELECT sum(count)::int AS n FROM flag_rate`);
    expect(rate.rows[0].n).toBeGreaterThanOrEqual(5000);
  });

  it("concurrent batches with the same events store each once", async () => {
    const events = Array.from({ length: 300 }, (_, i) => makeEvent({ eventId: `race-${i}`, roomId: `race-r-${i % 50}`, accountId: `race-a-${i % 40}` }));
    const outs = await Promise.all([1, 2, 3, 4].map(() => ingestEvents({ pool: t.pool }, "race", events)));
    expect(outs.reduce((s, o) => s + o.accepted, 0)).toBe(300);
    expect(outs.reduce((s, o) => s + o.duplicates, 0)).toBe(900);
    const { rows } = await t.pool.query(`SELECT sum("flagCount")::int AS n FROM live_rooms WHERE id LIKE 'race-r-%'`);
    expect(rows[0].n).toBe(300);
  });

  it("writes a known account only when an event says something new about it; changed signals send it back to clustering", async () => {
    const acct = (o: Parameters<typeof makeEvent>[0] = {}) => makeEvent({ accountId: "aw-1", roomId: "aw-r1", handle: "aw_one", deviceId: "aw-dev", ...o });
    const state = async () =>
      (
        await t.pool.query<{ xmin: string; handle: string; deviceId: string; ip: string | null; needsClustering: boolean }>(
          `SELECT xmin::text, handle, "deviceId", ip, "needsClustering" FROM platform_accounts WHERE id = 'aw-1'`,
        )
      ).rows[0];
    await ingestEvents({ pool: t.pool }, "aw", [acct()]);
    await t.pool.query(`UPDATE platform_accounts SET "needsClustering" = false WHERE id = 'aw-1'`); // the cluster worker ran
    const before = await state();

    // The same facts again (and an event that omits the device): the row is not rewritten.
    await ingestEvents({ pool: t.pool }, "aw", [acct(), acct({ deviceId: undefined })]);
    expect(await state()).toEqual(before);

    // A new address: stored, and the account waits for the cluster worker again.
    await ingestEvents({ pool: t.pool }, "aw", [acct({ ip: "198.51.100.9" })]);
    expect(await state()).toMatchObject({ handle: "aw_one", deviceId: "aw-dev", ip: "198.51.100.9", needsClustering: true });
    expect((await state()).xmin).not.toBe(before.xmin);
  });

  it("concurrent batches flagging the same new and known rooms in any order all commit, each flag counted once", async () => {
    // A wave in miniature: 8 batches at once, each flagging the same 200 rooms (half of them
    // new, some on new accounts) in its own shuffled order.
    await ingestEvents(
      { pool: t.pool },
      "ov",
      Array.from({ length: 100 }, (_, i) => makeEvent({ roomId: `ov-r${i}`, accountId: `ov-a${i % 60}` })),
    );
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 200 }, (_, i) => i)
        .sort(() => Math.random() - 0.5)
        .map((i) => makeEvent({ eventId: `ov-${b}-${i}`, roomId: `ov-r${i}`, accountId: `ov-a${i % 80}` })),
    );
    const outs = await Promise.all(batches.map((events) => ingestEvents({ pool: t.pool }, "ov", events)));
    expect(outs.map((o) => o.accepted)).toEqual(Array(8).fill(200));
    const { rows } = await t.pool.query(`SELECT count(*)::int AS rooms, sum("flagCount")::int AS flags FROM live_rooms WHERE id LIKE 'ov-r%'`);
    expect(rows[0]).toEqual({ rooms: 200, flags: 100 + 8 * 200 });
  });
});
