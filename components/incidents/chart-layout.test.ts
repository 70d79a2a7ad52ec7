import { describe, expect, it } from "vitest";
import { chartData, clusterMarks, MARK_KINDS, timeTicks, type MarkEntry } from "./chart-layout";

const T0 = Date.UTC(2026, 11, 2, 22, 0, 17); // not on a round minute
const MIN = 60_000;

describe("timeTicks", () => {
  it("never writes the same label twice, however short or long the incident", () => {
    for (const span of [0, 20_000, 45_000, 90_000, 3 * MIN, 7 * MIN, 25 * MIN, 95 * MIN, 9 * 60 * MIN, 30 * 60 * MIN, 5 * 24 * 60 * MIN]) {
      const { ticks, format } = timeTicks(T0, T0 + span);
      const labels = ticks.map(format);
      expect(new Set(labels).size, `span ${span} ms: ${labels.join(", ")}`).toBe(labels.length);
      expect(ticks.length).toBeLessThanOrEqual(8);
      if (span >= 3 * MIN) expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const t of ticks) {
        expect(t).toBeGreaterThanOrEqual(T0);
        expect(t).toBeLessThanOrEqual(T0 + span);
      }
    }
  });

  it("puts ticks on round UTC times, in the resolution they need", () => {
    // The first minutes of a wave: minutes, not the same minute again and again.
    expect(timeTicks(T0, T0 + 6 * MIN).ticks.map(timeTicks(T0, T0 + 6 * MIN).format)).toEqual(["22:01", "22:02", "22:03", "22:04", "22:05", "22:06"]);
    // Under two minutes: seconds are shown, so ticks still differ.
    const short = timeTicks(T0, T0 + 90_000);
    expect(short.ticks.map(short.format)).toEqual(["22:00:30", "22:00:45", "22:01:00", "22:01:15", "22:01:30", "22:01:45"]);
    // Across midnight the date is shown.
    const night = timeTicks(T0, T0 + 4 * 60 * MIN);
    expect(night.ticks.map(night.format)).toEqual(["12-02 23:00", "12-03 00:00", "12-03 01:00", "12-03 02:00"]);
    // The same ticks read in the reader's zone (Shanghai is UTC+8).
    const shanghai = timeTicks(T0, T0 + 4 * 60 * MIN, 8, "Asia/Shanghai");
    expect(shanghai.ticks.map(shanghai.format)).toEqual(["07:00", "08:00", "09:00", "10:00"]);
  });
});

describe("clusterMarks", () => {
  const entry = (sec: number, kind: string, text = kind): MarkEntry => ({ id: `${sec}-${kind}-${text}`, at: new Date(T0 + sec * 1000), kind, text });

  it("keeps marks at least 1/24 of the chart apart, however many entries a wave writes", () => {
    // A rule writing every second for ten minutes, controls and alerts in between.
    const entries = [
      ...Array.from({ length: 600 }, (_, s) => entry(s, "rule")),
      entry(5, "control"),
      entry(5, "control", "second control"),
      entry(6, "alert"),
      entry(300, "order"),
    ];
    const from = T0;
    const to = T0 + 10 * MIN;
    const marks = clusterMarks(entries, from, to);
    expect(marks.length).toBeLessThanOrEqual(25);
    for (let i = 1; i < marks.length; i++) expect(marks[i].at - marks[i - 1].at).toBeGreaterThanOrEqual((to - from) / 24);
    expect(marks.reduce((s, m) => s + m.entries.length, 0)).toBe(entries.length);
    expect(marks.map((m) => m.n)).toEqual(marks.map((_, i) => i + 1));
    // "control control alert" at one spot is one mark that says what is in it.
    expect(marks[0].kinds).toEqual([
      { kind: "alert", count: 1 },
      { kind: "rule", count: 25 },
      { kind: "control", count: 2 },
    ]);
    expect(marks[0].color).toBe(MARK_KINDS.alert.color);
  });

  it("marks the automatic kinds (order, restore, rule, playbook) and skips chatter and entries outside the chart", () => {
    const kinds = ["order", "restore", "rule", "playbook", "note", "role", "update", "metrics", "cluster"];
    const marks = clusterMarks([...kinds.map((k, i) => entry(i * 120, k)), entry(-60, "alert"), entry(2000, "alert")], T0, T0 + 20 * MIN);
    expect(marks.flatMap((m) => m.kinds.map((k) => k.kind))).toEqual(["order", "restore", "rule", "playbook"]);
    expect(new Set(marks.map((m) => m.color)).size).toBeGreaterThan(2);
  });
});

describe("chartData", () => {
  const start = Date.UTC(2026, 11, 2, 22, 0, 0);
  const minute = (i: number, flagRate: number, takedowns: number) => ({ at: new Date(start + i * MIN), flagRate, takedowns });

  it("runs from the start of impact, merges snapshots in on time, and carries the last step to the resolution", () => {
    const series = [minute(0, 10.4, 0), minute(1, 900.6, 17_000), minute(2, 40, 12)];
    const snaps = [{ at: new Date(start + 90_000), flaggedLive: 21_000 }];
    const { data, start: s, end } = chartData(series, snaps, new Date(start + 17_000), new Date(start + 150_000));
    expect([s, end]).toEqual([start, start + 150_000]);
    expect(data).toEqual([
      { t: start, "Flags/s": 10, "Takedowns/min": 0 },
      { t: start + MIN, "Flags/s": 901, "Takedowns/min": 17_000 },
      { t: start + 90_000, "Flagged live rooms": 21_000 },
      { t: start + 2 * MIN, "Flags/s": 40, "Takedowns/min": 12 },
      { t: start + 150_000, "Flags/s": 40, "Takedowns/min": 12 },
    ]);
  });

  it("for an open incident ends with the current minute, and spans a minute at least", () => {
    expect(chartData([minute(0, 1, 0), minute(1, 2, 0)], [], new Date(start), null).end).toBe(start + 2 * MIN);
    const { start: s, end } = chartData([], [{ at: new Date(start + 5_000), flaggedLive: 3 }], new Date(start), null);
    expect(end - s).toBe(MIN);
  });
});
