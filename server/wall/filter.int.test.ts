import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { FLAG_LABELS, FLAG_SOURCES } from "../contracts/ingest";
import { ZWallFilter } from "../contracts/wall";
import { filterSql, matchesFilter } from "./filter";
import { loadRoomsByIds } from "./load-rooms";

// The wall filter is written twice: in JS (the realtime hub decides which diffs a page gets) and
// in SQL (snapshots, counts, "take down all matching"). A page that disagrees with a fresh load
// shows rooms it should not, or hides ones it should: this pins the two to the same answers.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const NOW = Date.now();
const DAY = 86_400_000;
const CLUSTERS = ["C-00000001", "C-00000002"];

// Text with what trips searches up: ASCII case, non-ASCII case (folded by neither side), LIKE's
// wildcards and escape character.
const text = (max: number) => fc.string({ unit: fc.constantFrom("a", "A", "b", "B", "Ä", "ä", "%", "_", "\\", " ", "1"), maxLength: max });
const room = fc.record({
  // Titles may hold line breaks (the search document's field separator); a search text may not.
  title: fc.string({ unit: fc.constantFrom("a", "A", "b", "Ä", "%", "_", "\\", " ", "1", "\n"), maxLength: 8 }),
  handle: text(6).map((h) => `h${h}`),
  displayName: fc.option(text(6), { nil: null }),
  labels: fc.subarray([...FLAG_LABELS]),
  sources: fc.subarray([...FLAG_SOURCES]),
  maxScore: fc.constantFrom(0, 0.3, 0.5, 0.7, 0.9, 1),
  ageDays: fc.constantFrom(0, 1, 6.9, 7, 7.1, 30, 400),
  verified: fc.boolean(),
  status: fc.constantFrom("LIVE", "LIVE", "LIVE", "ENDED", "TAKEN_DOWN"),
  review: fc.constantFrom("OPEN", "OPEN", "ESCALATED", "DISMISSED", "ACTIONED"),
  flagCount: fc.constantFrom(0, 1, 5),
  cluster: fc.constantFrom(null, ...CLUSTERS),
  claim: fc.constantFrom(null, null, "u1", "u2"),
});
const filter = fc
  .record({
    labels: fc.subarray([...FLAG_LABELS], { maxLength: 3 }),
    sources: fc.subarray([...FLAG_SOURCES], { maxLength: 2 }),
    minScore: fc.constantFrom(0, 0.5, 0.7, 0.9),
    maxAccountAgeDays: fc.constantFrom(null, 0, 1, 7, 30),
    unverifiedOnly: fc.boolean(),
    escalatedOnly: fc.boolean(),
    clusterId: fc.constantFrom(null, ...CLUSTERS),
    claimedBy: fc.constantFrom(null, null, "u1"),
    q: fc.oneof(fc.constant(""), text(3), fc.constantFrom("fr-1", "FA-", "%", "_", "\\", "b_a", "b_q", "zz", "a fr-", "1 fa")),
  })
  .map((f) => ZWallFilter.parse(f));

describe("wall filter", () => {
  it("property: the JS and SQL filters pick the same rooms, for generated rooms and filters", async () => {
    const rooms = fc.sample(room, { numRuns: 400, seed: 20261202 });
    await t.pool.query(`INSERT INTO account_clusters (id, size) SELECT unnest($1::text[]), 1`, [CLUSTERS]);
    await t.pool.query(
      `INSERT INTO platform_accounts (id, handle, "displayName", "registeredAt", "realNameVerified")
       SELECT 'fa-' || i, h, dn, to_timestamp(reg / 1000.0), ver FROM unnest($1::int[], $2::float8[], $3::bool[], $4::text[], $5::text[]) AS u(i, reg, ver, h, dn)`,
      [
        rooms.map((_, i) => i),
        rooms.map((r) => NOW - r.ageDays * DAY),
        rooms.map((r) => r.verified),
        rooms.map((r) => r.handle),
        rooms.map((r) => r.displayName),
      ],
    );
    await t.pool.query(
      `INSERT INTO live_rooms (id, "accountId", title, "startedAt", labels, sources, "maxScore", status, review, "flagCount")
       SELECT 'fr-' || i, 'fa-' || i, tt, now(), string_to_array(l, ','), string_to_array(s, ','), ms, st::"RoomStatus", rv::"ReviewState", n
       FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::int[], $8::text[]) AS u(i, l, s, ms, st, rv, n, tt)`,
      [
        rooms.map((_, i) => i),
        rooms.map((r) => r.labels.join(",")),
        rooms.map((r) => r.sources.join(",")),
        rooms.map((r) => r.maxScore),
        rooms.map((r) => r.status),
        rooms.map((r) => r.review),
        rooms.map((r) => r.flagCount),
        rooms.map((r) => r.title),
      ],
    );
    const members = rooms.flatMap((r, i) => (r.cluster ? [[`fa-${i}`, r.cluster]] : []));
    await t.pool.query(`INSERT INTO account_cluster_members ("accountId", "clusterId") SELECT * FROM unnest($1::text[], $2::text[])`, [
      members.map((m) => m[0]),
      members.map((m) => m[1]),
    ]);
    const claims = rooms.flatMap((r, i) => (r.claim ? [[`fr-${i}`, r.claim]] : []));
    await t.pool.query(
      `INSERT INTO room_claims ("roomId", "userId", "userEmail", "userName", "expiresAt")
       SELECT room, u, u || '@x', u, now() + interval '1 hour' FROM unnest($1::text[], $2::text[]) AS c(room, u)`,
      [claims.map((c) => c[0]), claims.map((c) => c[1])],
    );
    // Titles changed after insert: the search document follows them (trigger on live_rooms).
    await t.pool.query(`UPDATE live_rooms SET title = title || 'B_a' WHERE id LIKE 'fr-%3'`);
    const same = async () => {
      const loaded = await loadRoomsByIds(
        t.pool,
        rooms.map((_, i) => `fr-${i}`),
      );
      expect(loaded).toHaveLength(rooms.length);
      await fc.assert(
        fc.asyncProperty(filter, async (f) => {
          const params: unknown[] = [];
          const where = filterSql(f, NOW, params);
          const sql = await t.pool.query<{ id: string }>(
            `SELECT r.id FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId" WHERE ${where}`,
            params,
          );
          const js = loaded.filter((r) => matchesFilter(r, f, NOW)).map((r) => r.id);
          expect(sql.rows.map((r) => r.id).sort()).toEqual(js.sort());
        }),
        { numRuns: 300, seed: 20261202 },
      );
    };
    // Rooms as stored, then after some titles and handles change: the search follows what they
    // say now (room_search is rewritten by the trigger on live_rooms), not what they said.
    await same();
    await t.pool.query(`UPDATE live_rooms SET title = 'Zz' || title WHERE id LIKE 'fr-%5'`);
    await t.pool.query(`UPDATE platform_accounts SET handle = handle || 'b_q', "displayName" = NULL WHERE id LIKE 'fa-%7'`);
    await same();
  });
});
