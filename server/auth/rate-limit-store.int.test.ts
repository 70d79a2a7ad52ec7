import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { rateLimitStore } from "./rate-limit-store";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("sign-in rate limit store", () => {
  it("allows max requests per window, refuses the rest with the seconds left, and opens a new window after it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const store = rateLimitStore(t.db);
      const rule = { window: 60, max: 3 };
      vi.setSystemTime(1_000_000);
      const first = await Promise.all([1, 2, 3].map(() => store.consume("10.0.0.1|/sign-in/email", rule)));
      expect(first.map((r) => r.allowed)).toEqual([true, true, true]);
      vi.setSystemTime(1_020_000);
      expect(await store.consume("10.0.0.1|/sign-in/email", rule)).toEqual({ allowed: false, retryAfter: 40 });
      // Another address and another path have their own counts.
      expect((await store.consume("10.0.0.2|/sign-in/email", rule)).allowed).toBe(true);
      expect((await store.consume("10.0.0.1|/two-factor/verify-totp", rule)).allowed).toBe(true);
      vi.setSystemTime(1_061_000);
      expect(await store.consume("10.0.0.1|/sign-in/email", rule)).toEqual({ allowed: true, retryAfter: null });
    } finally {
      vi.useRealTimers();
    }
  });

  it("concurrent requests from one address are counted exactly: never more than max allowed", async () => {
    const store = rateLimitStore(t.db);
    const answers = await Promise.all(Array.from({ length: 40 }, () => store.consume("10.0.0.9|/sign-in/email", { window: 60, max: 10 })));
    expect(answers.filter((a) => a.allowed)).toHaveLength(10);
    expect(answers.filter((a) => !a.allowed).every((a) => (a.retryAfter ?? 0) >= 1)).toBe(true);
  });

  it("sweeps old rows of its own keys, never the per-account lockout rows", async () => {
    const old = Date.now() - 2 * 86_400_000;
    await t.pool.query(
      `INSERT INTO rate_limits (id, key, count, "lastRequest") VALUES ('a', '10.9.9.9|/sign-in/email', 1, $1), ('b', 'signin-account:x@y.z', 5, $1)`,
      [old],
    );
    const store = rateLimitStore(t.db, 1);
    await store.consume("10.0.0.3|/sign-in/email", { window: 60, max: 10 });
    const keys = (await t.pool.query<{ key: string }>(`SELECT key FROM rate_limits WHERE key IN ('10.9.9.9|/sign-in/email', 'signin-account:x@y.z')`)).rows;
    expect(keys.map((k) => k.key)).toEqual(["signin-account:x@y.z"]);
  });
});
