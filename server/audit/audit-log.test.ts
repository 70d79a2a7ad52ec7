import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash, GENESIS_HASH } from "./audit-log";

const base = {
  at: new Date("2026-01-01T00:00:00.000Z"),
  actorId: "u1",
  actorEmail: "lead@floodwall.local",
  actorRole: "SHIFT_LEAD",
  action: "room.takedown",
  targetType: "room",
  targetId: "r1",
  reason: "csam",
  details: { b: 1, a: [1, { y: 2, x: 1 }] },
  origin: "127.0.0.1",
  prevHash: GENESIS_HASH,
};

describe("audit hashing", () => {
  it("is independent of key order", () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(entryHash(base)).toBe(entryHash({ ...base, details: { a: [1, { x: 1, y: 2 }], b: 1 } }));
  });
  it("changes when any field changes", () => {
    const h = entryHash(base);
    expect(entryHash({ ...base, reason: "other" })).not.toBe(h);
    expect(entryHash({ ...base, prevHash: "f".repeat(64) })).not.toBe(h);
    expect(entryHash({ ...base, at: new Date(base.at.getTime() + 1) })).not.toBe(h);
  });
});
