import type { Db } from "../db/prisma";

/** The part of better-auth's rate-limit storage contract this store implements. */
export interface RateLimitStore {
  consume(key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }>;
}

/**
 * better-auth's per-IP request limits, kept in its rate_limits table, each request decided by one
 * atomic statement. Its own database storage reads the row, then updates it through the adapter's
 * interactive transaction: under load every sign-in from one address queued on that row inside a
 * transaction holding a pooled connection, and sign-ins failed when the pool ran dry (Prisma
 * P2028, seen as 503s in the interactive benchmark). The rule is better-auth's: a window opens
 * with the first request; within it at most `max` are allowed (refused ones are counted too, and do not move the window).
 * Rows older than a day are swept now and then (only better-auth's "ip|path" keys, never the
 * per-account lockout rows beside them).
 */
export function rateLimitStore(db: Db, sweepEvery = 500): RateLimitStore {
  let calls = 0;
  return {
    async consume(key, rule) {
      const now = Date.now();
      const windowMs = rule.window * 1000;
      const rows = await db.$queryRaw<{ allowed: boolean; lastRequest: bigint }[]>`
        INSERT INTO rate_limits (id, key, count, "lastRequest") VALUES (gen_random_uuid()::text, ${key}, 1, ${now})
        ON CONFLICT (key) DO UPDATE SET
          -- Old values on the right: a window passed since the last allowed request starts a
          -- new one; otherwise the attempt is counted, allowed while the count stays within max.
          count = CASE WHEN ${now} - rate_limits."lastRequest" >= ${windowMs} THEN 1 ELSE rate_limits.count + 1 END,
          "lastRequest" = CASE WHEN ${now} - rate_limits."lastRequest" >= ${windowMs} OR rate_limits.count < ${rule.max}
                               THEN ${now} ELSE rate_limits."lastRequest" END
        RETURNING count <= ${rule.max} AS allowed, "lastRequest"`;
      if (++calls % sweepEvery === 0) {
        await db.$executeRaw`DELETE FROM rate_limits WHERE key LIKE '%|%' AND "lastRequest" < ${now - 86_400_000}`;
      }
      const row = rows[0];
      if (row.allowed) return { allowed: true, retryAfter: null };
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((Number(row.lastRequest) + windowMs - now) / 1000)) };
    },
  };
}
