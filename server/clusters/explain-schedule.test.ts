import { describe, expect, it } from "vitest";
import { ExplainSchedule } from "./explain-schedule";

describe("ExplainSchedule", () => {
  it("explains new clusters at once and growing ones at most every everyMs", () => {
    const s = new ExplainSchedule(5_000);
    expect(s.pick(["a"], ["a"], 0)).toEqual(["a"]);
    s.explained(["a"], 0);
    expect(s.pick(["a", "b"], ["b"], 1_000)).toEqual(["b"]);
    s.explained(["b"], 1_000);
    expect(s.pick(["a"], [], 5_000)).toEqual(["a"]);
  });

  it("keeps a skipped cluster due until its time comes, even if nothing touches it again", () => {
    const s = new ExplainSchedule(5_000);
    s.explained(s.pick(["a"], ["a"], 0), 0);
    expect(s.pick(["a"], [], 2_000)).toEqual([]);
    expect(s.pending).toBe(1);
    expect(s.dueNow(4_999)).toEqual([]);
    expect(s.dueNow(5_000)).toEqual(["a"]);
    s.explained(["a"], 5_000);
    expect(s.pending).toBe(0);
    expect(s.dueNow(20_000)).toEqual([]);
  });

  it("a pass that explains a due cluster clears it", () => {
    const s = new ExplainSchedule(5_000);
    s.explained(s.pick(["a"], ["a"], 0), 0);
    s.pick(["a"], [], 1_000);
    const now = s.pick(["a"], [], 6_000);
    expect(now).toEqual(["a"]);
    s.explained(now, 6_000);
    expect(s.pending).toBe(0);
  });
});
