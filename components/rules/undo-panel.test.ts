import { describe, expect, it } from "vitest";
import { fromHhmm } from "./undo-panel";

describe("fromHhmm", () => {
  const now = Date.UTC(2026, 11, 2, 11, 30, 20); // 11:30:20 UTC, 19:30:20 in Shanghai
  it("reads the time on the reader's clock: today, or yesterday when still ahead", () => {
    expect(fromHhmm("11:15", "UTC", now)).toBe(Date.UTC(2026, 11, 2, 11, 15));
    expect(fromHhmm("19:15", "Asia/Shanghai", now)).toBe(Date.UTC(2026, 11, 2, 11, 15));
    expect(fromHhmm("20:00", "Asia/Shanghai", now)).toBe(Date.UTC(2026, 11, 1, 12, 0));
    expect(fromHhmm("11:30", "UTC", now)).toBe(Date.UTC(2026, 11, 2, 11, 30));
  });
  it("refuses what is not a time", () => {
    expect(fromHhmm("24:00", "UTC", now)).toBeNull();
    expect(fromHhmm("7:5", "UTC", now)).toBeNull();
  });
});
