import { describe, expect, it } from "vitest";
import type { WallRoom } from "./wall";
import { decodeDiff, decodeRoom, encodeDiff, encodeRoom } from "./wall-wire";

const T = 1_790_000_000_000;
const full: WallRoom = {
  id: "room-1",
  version: 42,
  title: '"><script>alert(1)</script>\u202e',
  category: "chat",
  thumbnailUrl: "https://cdn.example/t.jpg",
  accountId: "acct-1",
  handle: "live_girl_0001",
  displayName: "Ｌｉｖｅ",
  registeredAt: T - 86_400_000,
  verified: true,
  accountBanned: true,
  deviceReuse: 411,
  ipReuse: 3,
  labels: ["gambling", "sexual", "spam"],
  sources: ["classifier", "engagement", "user_report"],
  maxScore: 0.97,
  risk: 0.8731,
  flagCount: 12,
  viewerCount: 1_000_000_000,
  fakeEngagement: true,
  firstFlaggedAt: T - 5_000,
  lastFlaggedAt: T - 120,
  evidenceText: "x".repeat(10_000),
  evidenceUrl: "https://evidence.example/1",
  status: "TAKEN_DOWN",
  review: "ESCALATED",
  restoredAt: T - 10,
  reviewedByEmail: "lead@example.org",
  clusterId: "C-0a1b2c3d",
  clusterSize: 1380,
  ruleMarks: ["enforce:fresh accounts", "shadow:big ring"],
  claimedBy: { id: "u-1", name: "Mia Moderator" },
};
const bare: WallRoom = {
  ...full,
  category: null,
  thumbnailUrl: null,
  displayName: null,
  verified: false,
  accountBanned: false,
  fakeEngagement: false,
  deviceReuse: 0,
  ipReuse: 0,
  labels: [],
  sources: [],
  firstFlaggedAt: null,
  lastFlaggedAt: null,
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
};

describe("wall wire format", () => {
  it("round-trips every field of a room, nulls and attacker text included", () => {
    expect(decodeRoom(encodeRoom(full, T), T)).toEqual(full);
    expect(decodeRoom(encodeRoom(bare, T), T)).toEqual(bare);
  });

  it("survives JSON (what Socket.IO sends) and leaves trailing nulls off", () => {
    const wire = JSON.parse(JSON.stringify(encodeDiff("k", [bare, full], [{ id: "gone", version: 7 }], T)));
    expect(decodeDiff(wire)).toEqual({ key: "k", upserts: [bare, full], removes: [{ id: "gone", version: 7 }] });
    expect(wire.u[0]).toHaveLength(24);
  });

  it("is much smaller than the object form", () => {
    const room: WallRoom = {
      ...bare,
      title: "Bench stream 1 — free giveaway live now",
      labels: ["sexual"],
      sources: ["rule"],
      firstFlaggedAt: T - 100,
      lastFlaggedAt: T - 100,
    };
    const wire = JSON.stringify(encodeRoom(room, T)).length;
    expect(wire).toBeLessThan(JSON.stringify(room).length / 2.5);
  });

  it("rounds risk and score to four places", () => {
    const r = decodeRoom(encodeRoom({ ...bare, risk: 0.123456789, maxScore: 0.987654321 }, T), T);
    expect([r.risk, r.maxScore]).toEqual([0.1235, 0.9877]);
  });
});
