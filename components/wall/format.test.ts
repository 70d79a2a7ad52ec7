import { describe, expect, it } from "vitest";
import { ago, compact, duration } from "./format";

describe("format", () => {
  it("compacts counts", () => {
    expect([950, 1000, 1250, 34_400, 1_100_000].map(compact)).toEqual(["950", "1k", "1.3k", "34k", "1.1M"]);
  });
  it("says time since", () => {
    expect(ago(0, 42_000)).toBe("42s");
    expect(ago(0, 7 * 60_000)).toBe("7m");
    expect(ago(null, 1)).toBe("—");
    expect(ago(10_000, 0)).toBe("0s");
  });
  it("formats durations", () => {
    expect(duration(95_000)).toBe("1m 35s");
    expect(duration(null)).toBe("—");
  });
});
