import { describe, expect, it } from "vitest";
import { assess, DEFAULT_DETECTOR } from "./wave-detector";
import { parseWaveReason, waveReasonText } from "../contracts/alerts";

describe("wave assessment", () => {
  it("a steady stream is not a wave, from a cold start or with history", () => {
    expect(assess({ rate: 20, baseline: 0, growing: [] }, DEFAULT_DETECTOR).wave).toBe(false);
    expect(assess({ rate: 60, baseline: 40, growing: [] }, DEFAULT_DETECTOR).wave).toBe(false);
    expect(assess({ rate: 20, baseline: 20, growing: [{ id: "c", size: 40, growth: 30, label: null }] }, DEFAULT_DETECTOR).wave).toBe(false);
  });
  it("a flag-rate surge over the baseline is a wave, with the reason in words", () => {
    const r = assess({ rate: 900, baseline: 20, growing: [] }, DEFAULT_DETECTOR);
    expect(r.wave).toBe(true);
    expect(r.reasons[0]).toBe("Flag rate 900/s is 45.0× the baseline of 20/s");
  });
  it("fast cluster growth is a wave even before the rate climbs", () => {
    const r = assess({ rate: 30, baseline: 20, growing: [{ id: "C-1", size: 400, growth: 350, label: "x" }] }, DEFAULT_DETECTOR);
    expect(r.wave).toBe(true);
    expect(r.reasons).toEqual(["1 account cluster grew by 350 accounts in the last minute"]);
  });
});

describe("wave reasons as facts", () => {
  it("every sentence the detector writes reads back as the facts it was made from", () => {
    const cases = [
      assess({ rate: 12_345, baseline: 20, growing: [] }, DEFAULT_DETECTOR),
      assess({ rate: 30, baseline: 20, growing: [{ id: "C-1", size: 4000, growth: 1350, label: "x" }] }, DEFAULT_DETECTOR),
      assess(
        {
          rate: 30,
          baseline: 20,
          growing: [
            { id: "C-1", size: 400, growth: 350, label: "x" },
            { id: "C-2", size: 400, growth: 350, label: "x" },
          ],
        },
        DEFAULT_DETECTOR,
      ),
    ].flatMap((r) => r.reasons);
    expect(cases.map(parseWaveReason)).toEqual([
      { kind: "rate", rate: 12_345, factor: "617.3", baseline: 20 },
      { kind: "growth", clusters: 1, accounts: 1350 },
      { kind: "growth", clusters: 2, accounts: 700 },
    ]);
    for (const [i, text] of cases.entries()) expect(waveReasonText(parseWaveReason(text)!)).toBe(cases[i]);
    expect(parseWaveReason("something an older version wrote")).toBeNull();
  });
});
