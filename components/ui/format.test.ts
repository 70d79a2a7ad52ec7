import { describe, expect, it } from "vitest";
import { createFormat } from "./format";

// One instant, 2026-12-02 22:04:31 UTC (06:04:31 the next morning in Shanghai).
const AT = Date.UTC(2026, 11, 2, 22, 4, 31);

describe("formats in the reader's language and zone", () => {
  it("English, UTC: grouped and short numbers, times with their zone", () => {
    const f = createFormat("en", "UTC");
    expect(f.int(12_840.4)).toBe("12,840");
    expect([950, 1_250, 34_400, 1_100_000].map(f.compact)).toEqual(["950", "1.3K", "34.4K", "1.1M"]);
    expect(f.time(AT)).toBe("22:04:31 UTC");
    expect(f.dateTime(AT)).toBe("Dec 2, 2026, 22:04 UTC");
    expect(f.percent(0.834)).toBe("83%");
    expect(f.zone).toBe("UTC");
  });

  it("Simplified Chinese, Shanghai: 万 for ten thousands, Chinese dates, the reader's zone", () => {
    const f = createFormat("zh-CN", "Asia/Shanghai");
    expect(f.int(12_840)).toBe("12,840");
    expect(f.compact(123_456)).toBe("12.3万");
    expect(f.dateTime(AT)).toMatch(/^2026年12月3日 .*06:04/);
    expect(f.dateTime(AT)).toContain("GMT+8");
    expect(f.time(AT)).toContain("06:04:31");
    expect(f.duration(42_000)).toBe("42秒");
    expect(f.ago(AT - 7 * 60_000, AT)).toBe("7分钟");
  });

  it("durations and time since: one or two narrow units, a dash when unknown", () => {
    const en = createFormat("en", "UTC");
    expect(en.duration(95_000)).toBe("1m 35s");
    expect(en.duration(3_900_000)).toBe("1h 5m");
    expect(en.duration(null)).toBe("—");
    expect(en.ago(0, 42_000)).toBe("42s");
    expect(en.ago(0, 3 * 86_400_000)).toBe("3d");
    expect(en.ago(10_000, 0)).toBe("0s");
    expect(en.ago(null, 1)).toBe("—");
  });

  it("one formatter per language and zone", () => {
    expect(createFormat("en", "UTC")).toBe(createFormat("en", "UTC"));
    expect(createFormat("en", "UTC")).not.toBe(createFormat("en", "Asia/Shanghai"));
  });
});
