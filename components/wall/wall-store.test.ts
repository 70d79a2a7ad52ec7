import { describe, expect, it } from "vitest";
import type { WallRoom } from "@/server/contracts/wall";
import { applyDiff, applyTotal, mergeSnapshot, newCount, PENDING_MAX, removeLocally, revealPending } from "./wall-store";

const room = (id: string, version: number, risk = 0.5): WallRoom => ({
  id,
  version,
  risk,
  title: id,
  category: null,
  thumbnailUrl: null,
  accountId: `a-${id}`,
  handle: id,
  displayName: null,
  registeredAt: 0,
  verified: false,
  accountBanned: false,
  deviceReuse: 0,
  ipReuse: 0,
  labels: ["spam"],
  sources: ["classifier"],
  maxScore: risk,
  flagCount: 1,
  viewerCount: 1,
  fakeEngagement: false,
  firstFlaggedAt: 0,
  lastFlaggedAt: version,
  evidenceText: null,
  evidenceUrl: null,
  status: "LIVE",
  review: "OPEN",
  restoredAt: null,
  reviewedByEmail: null,
  clusterId: null,
  clusterSize: null,
  ruleMarks: [],
  claimedBy: null,
});

describe("wall store", () => {
  const s0 = mergeSnapshot(undefined, "k", [room("a", 1, 0.9), room("b", 2, 0.8)], 2, 0);

  it("holds new rooms behind the pending bar and keeps the order", () => {
    const s1 = applyDiff(s0, { upserts: [room("c", 3, 0.99)], removes: [] });
    expect(s1.order).toEqual(["a", "b"]);
    expect(s1.pending).toEqual(["c"]);
    expect(revealPending(s1).order).toEqual(["c", "a", "b"]);
  });

  it("updates in place and never rolls back to an older version", () => {
    const s1 = applyDiff(s0, { upserts: [{ ...room("b", 5, 0.1), title: "new" }], removes: [] });
    expect(s1.order).toEqual(["a", "b"]);
    expect(s1.byId.b.title).toBe("new");
    const s2 = applyDiff(s1, { upserts: [{ ...room("b", 4), title: "old" }], removes: [] });
    expect(s2.byId.b.title).toBe("new");
  });

  it("removes rooms, ignores stale removals, and does not resurrect removed rooms", () => {
    const s1 = applyDiff(s0, { upserts: [], removes: [{ id: "a", version: 7 }] });
    expect(s1.order).toEqual(["b"]);
    expect(applyDiff(s1, { upserts: [room("a", 6)], removes: [] }).pending).toEqual([]);
    expect(applyDiff(s1, { upserts: [room("a", 8)], removes: [] }).pending).toEqual(["a"]);
    expect(applyDiff(s0, { upserts: [], removes: [{ id: "b", version: 1 }] }).order).toEqual(["a", "b"]);
  });

  it("applying the same diff twice changes nothing more", () => {
    const d = { upserts: [room("c", 3)], removes: [{ id: "a", version: 9 }] };
    const once = applyDiff(s0, d);
    expect(applyDiff(once, d)).toEqual(once);
  });

  it("a snapshot after reconnect adds, updates and removes by version", () => {
    const shown = applyDiff(s0, { upserts: [room("c", 3)], removes: [] });
    const merged = mergeSnapshot(shown, "k", [room("a", 10, 0.9), room("d", 11)], 2, 1);
    expect(merged.byId.b).toBeUndefined();
    expect(merged.byId.c).toBeUndefined();
    expect(merged.byId.a.version).toBe(10);
    expect(merged.order).toEqual(["a"]);
    expect(merged.pending).toEqual(["d"]);
  });

  it("holds at most PENDING_MAX new rooms in a flood and counts the rest", () => {
    const flood = Array.from({ length: PENDING_MAX + 500 }, (_, i) => room(`f${i}`, 100 + i));
    const s1 = applyDiff(s0, { upserts: flood, removes: [] });
    expect(s1.pending).toHaveLength(PENDING_MAX);
    expect(s1.dropped.size).toBe(500);
    expect(s1.total).toBe(2 + PENDING_MAX + 500);
    expect(newCount(s1)).toBe(PENDING_MAX + 500);
    expect(s1.byId.f0).toBeUndefined(); // the oldest were dropped, not kept in memory
    expect(s1.byId[`f${PENDING_MAX + 499}`]).toBeDefined();
    expect(s1.order).toEqual(["a", "b"]);
  });

  it("a long flood never counts a room twice: dropped rooms updated again or leaving keep the count true", () => {
    const flood = Array.from({ length: PENDING_MAX + 500 }, (_, i) => room(`f${i}`, 100 + i));
    let s = applyDiff(s0, { upserts: flood, removes: [] });
    // The same rooms flagged again and again, as in a wave: the count does not grow.
    for (let k = 1; k <= 5; k++) s = applyDiff(s, { upserts: flood.map((r) => ({ ...r, version: r.version + k * 10_000 })), removes: [] });
    expect(s.total).toBe(2 + PENDING_MAX + 500);
    // Rooms the page never showed are taken down: they leave the count.
    s = applyDiff(s, { upserts: [], removes: flood.map((r) => ({ id: r.id, version: 1_000_000 })) });
    expect(s.total).toBe(2);
    expect(newCount(s)).toBe(0);
  });

  it("the database's count wins over a running total, unless it is older", () => {
    const s1 = applyDiff(s0, { upserts: [room("c", 3)], removes: [] });
    expect(applyTotal(s1, 40, 5).total).toBe(40);
    expect(newCount(applyTotal(s1, 40, 5))).toBe(38);
    expect(applyTotal(applyTotal(s1, 40, 5), 7, 4).total).toBe(40);
  });

  it("optimistic local removal", () => {
    expect(removeLocally(s0, ["a"]).order).toEqual(["b"]);
  });
});
