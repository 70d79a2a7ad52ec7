import { describe, expect, it } from "vitest";
import { RateWatch } from "./rate-watch";

const stats = (accepted: number) => ({ accepted, duplicates: 0, rejected: 0, refusedEvents: 0, throttled: 3 });

describe("RateWatch", () => {
  it("warns when the server takes under 90 % of what is due over 5 s, at most every 10 s", () => {
    const w = new RateWatch();
    let accepted = 0;
    const out: (string | null)[] = [];
    for (let s = 0; s < 20; s++) {
      w.due(2000);
      accepted += 1000;
      out.push(w.tick(stats(accepted), s * 1000));
    }
    expect(out.slice(0, 4)).toEqual([null, null, null, null]);
    expect(out[4]).toMatch(/took 1000\/s of the 2000\/s due.*429 3 times/);
    expect(out.filter(Boolean)).toHaveLength(2); // seconds 4 and 14
  });

  it("stays quiet while the server keeps up", () => {
    const w = new RateWatch();
    let accepted = 0;
    for (let s = 0; s < 10; s++) {
      w.due(2000);
      accepted += 1950;
      expect(w.tick(stats(accepted), s * 1000)).toBeNull();
    }
  });
});
