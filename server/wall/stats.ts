import type { Queryable } from "../db/pool";
import type { WallStats } from "../contracts/wall";

export type { WallStats };

export async function computeWallStats(pool: Queryable, now = Date.now()): Promise<WallStats> {
  const sec = Math.floor(now / 1000);
  const res = await pool.query<Omit<WallStats, "at">>(
    `SELECT
       (SELECT COALESCE(sum(count), 0)::int FROM flag_rate WHERE second > $1 - 60 AND second <= $1) AS "flagsPerMin",
       (SELECT count(*)::int FROM live_rooms WHERE status = 'LIVE' AND "flagCount" > 0) AS "flaggedLive",
       (SELECT count(*)::int FROM live_rooms WHERE status = 'LIVE' AND review IN ('OPEN','ESCALATED') AND "flagCount" > 0) AS "awaitingAction",
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "flagToActionMs")::float8 FROM enforcement_actions
          WHERE "createdAt" > to_timestamp($1) - interval '15 minutes' AND "flagToActionMs" IS NOT NULL
            AND kind IN ('TAKEDOWN','DISMISS','ESCALATE')) AS "medianFlagToActionMs",
       (SELECT count(*)::int FROM enforcement_actions WHERE delivery = 'FAILED') AS "deliveryFailures",
       (SELECT count(*)::int FROM enforcement_actions WHERE delivery = 'PENDING') AS "deliveryPending"`,
    [sec],
  );
  return { ...res.rows[0], at: now };
}
