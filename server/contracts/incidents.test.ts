import { describe, expect, it } from "vitest";
import { canMove, durations, updateDue } from "./incidents";

describe("incident lifecycle rules", () => {
  it("moves forward, reopens only to investigating, never past closed", () => {
    expect(canMove("DECLARED", "INVESTIGATING")).toBe(true);
    expect(canMove("DECLARED", "CONTAINED")).toBe(true);
    expect(canMove("CONTAINED", "INVESTIGATING")).toBe(true);
    expect(canMove("RESOLVED", "DECLARED")).toBe(false);
    expect(canMove("DECLARED", "CLOSED")).toBe(false);
    expect(canMove("IN_REVIEW", "CLOSED")).toBe(true);
    expect(canMove("CLOSED", "INVESTIGATING")).toBe(false);
    expect(canMove("DECLARED", "DECLARED")).toBe(false);
  });
  it("asks P0 for an update every 30 minutes and P1 every 60; P2 has no cadence", () => {
    const t0 = 0;
    expect(updateDue("P0", t0, "INVESTIGATING", 29 * 60_000)).toMatchObject({ overdue: false, everyMin: 30 });
    expect(updateDue("P0", t0, "INVESTIGATING", 31 * 60_000)?.overdue).toBe(true);
    expect(updateDue("P1", t0, "CONTAINED", 59 * 60_000)?.overdue).toBe(false);
    expect(updateDue("P2", t0, "INVESTIGATING", 1e9)).toBeNull();
    expect(updateDue("P0", t0, "RESOLVED", 1e9)).toBeNull();
  });
  it("computes time to detect, contain and resolve from the start of impact", () => {
    const d = durations({ startedAt: new Date(0), detectedAt: new Date(60_000), containedAt: new Date(600_000), resolvedAt: null });
    expect(d).toEqual({ timeToDetectMs: 60_000, timeToContainMs: 600_000, timeToResolveMs: null });
  });
});
