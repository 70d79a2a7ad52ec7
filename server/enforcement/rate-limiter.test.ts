import { describe, expect, it } from "vitest";
import { RateLimiter } from "./deliver";

describe("RateLimiter", () => {
  it("never lets more than the rate through in a window", async () => {
    const limiter = new RateLimiter(200); // bursts of 20, then 200/s
    const start = Date.now();
    await Promise.all(Array.from({ length: 60 }, () => limiter.take()));
    // 20 immediately, 40 more at 200/s: at least ~200 ms. (A lower bound, not a speed target.)
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
  });
});
