import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "./ingest-flags";
import { ZIngestEvent } from "../contracts/ingest";

// What the outside may send, against a real Postgres: every value the schema accepts must be
// storable, and a bad value costs its own event, never the batch.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("ingest values", () => {
  it("a date Postgres cannot store is rejected per event; the good event in the same batch is stored", async () => {
    const good = makeEvent({ roomId: "dv-good", accountId: "dv-a1" });
    const year0 = { ...makeEvent({ roomId: "dv-bad", accountId: "dv-a2" }), occurredAt: "0000-01-01T00:00:00Z" };
    const reg0 = makeEvent({ roomId: "dv-bad2", accountId: "dv-a3", registeredAt: "0000-01-01T00:00:00Z" });
    const out = await ingestEvents({ pool: t.pool }, "dv", [year0, good, reg0]);
    expect(out.accepted).toBe(1);
    expect(out.rejected.map((r) => r.index)).toEqual([0, 2]);
    expect(out.rejected[0].error).toMatch(/^occurredAt: must be between 1970/);
    expect(out.rejected[1].error).toMatch(/^account\.registeredAt: must be between 1970/);
    expect(await t.db.flag.count({ where: { roomId: "dv-good" } })).toBe(1);
    // The retry a sender would make succeeds for what was good (a duplicate now) and stays rejected for the rest.
    const again = await ingestEvents({ pool: t.pool }, "dv", [year0, good, reg0]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it("ids with lone surrogates are refused instead of colliding with U+FFFD", async () => {
    const ids = ["lone-\ud800", "lone-\udfff", "lone-\ufffd"];
    const out = await ingestEvents(
      { pool: t.pool },
      "ls",
      ids.map((eventId, i) => makeEvent({ eventId, roomId: `ls-r${i}` })),
    );
    expect(out.accepted).toBe(1);
    expect(out.duplicates).toBe(0);
    expect(out.rejected.map((r) => [r.index, r.error])).toEqual([
      [0, "eventId: must be well-formed Unicode (no lone surrogates)"],
      [1, "eventId: must be well-formed Unicode (no lone surrogates)"],
    ]);
    const roomIds = await ingestEvents({ pool: t.pool }, "ls", [makeEvent({ roomId: "ls-\udbff" }), makeEvent({ accountId: "ls-\udc00" })]);
    expect(roomIds.rejected.map((r) => r.error)).toEqual([
      "room.id: must be well-formed Unicode (no lone surrogates)",
      "account.id: must be well-formed Unicode (no lone surrogates)",
    ]);
  });

  it("property: whatever the schema accepts is stored; whatever it refuses is rejected per event; a batch never fails", async () => {
    // Values at and beyond every edge: any date JS can represent (and some strings that are not
    // dates), strings of arbitrary UTF-16 (lone surrogates, NUL, RTL marks), numbers of any size.
    const isoOf = fc.date({ min: new Date(-8_640_000_000_000_000), max: new Date(8_640_000_000_000_000), noInvalidDate: true }).map((d) => d.toISOString());
    const time = fc.oneof(
      isoOf,
      fc.constantFrom(
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-14:00",
        "1969-12-31T23:59:59Z",
        "2199-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
      ),
    );
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 120 }),
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.constantFrom("\u0000", "\u202e<b>", "\ud800", "x".repeat(501)),
    );
    const id = fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 20 }), fc.uuid());
    const num = fc.oneof(fc.integer({ min: -1, max: 1_000_000_001 }), fc.double({ noNaN: false }), fc.constant(2 ** 31));
    let serial = 0;
    const event = fc
      .record({
        occurredAt: time,
        startedAt: time,
        registeredAt: time,
        title: text,
        handle: text,
        category: text,
        eventId: id,
        roomId: id,
        accountId: id,
        viewers: num,
        score: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
        device: fc.option(id),
        ip: fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), text)),
      })
      .map((v) => {
        const n = serial++;
        // Unique ids per generated event (the property is about values, not about replays).
        return {
          eventId: `${v.eventId}#${n}`,
          occurredAt: v.occurredAt,
          source: "classifier",
          label: "spam",
          score: v.score,
          room: { id: `${v.roomId}#r${n}`, title: v.title, startedAt: v.startedAt, viewerCount: v.viewers, category: v.category },
          account: {
            id: `${v.accountId}#a${n}`,
            handle: v.handle,
            registeredAt: v.registeredAt,
            realNameVerified: false,
            deviceId: v.device ?? undefined,
            ip: v.ip ?? undefined,
          },
        };
      });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 12 }), async (events) => {
        const expected = events.map((e) => ZIngestEvent.safeParse(e).success);
        const out = await ingestEvents({ pool: t.pool }, "prop", events);
        expect(out.accepted).toBe(expected.filter(Boolean).length);
        expect(out.rejected.map((r) => r.index)).toEqual(expected.flatMap((ok, i) => (ok ? [] : [i])));
      }),
      { numRuns: 150, seed: 20261202 },
    );
  });
});
