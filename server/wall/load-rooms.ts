import type { Pool } from "../db/pool";
import { filterSql } from "./filter";
import type { WallFilter, WallRoom } from "./types";

/**
 * Rooms as the wall shows them, for a WHERE over live_rooms r / platform_accounts a (and an
 * optional ORDER BY … LIMIT inside). Device and IP reuse are counted once per distinct device
 * and address of the rows, not once per room: a ring's rooms share a few devices, each used by
 * hundreds of accounts.
 */
const roomsSql = (where: string, orderLimit = "") => `
  WITH base AS (
    SELECT r.id, r.version, r.title, r.category, r."thumbnailUrl", r."accountId",
           a.handle, a."displayName", a."registeredAt", a."realNameVerified" AS verified,
           a.status = 'BANNED' AS "accountBanned", a."deviceId" AS "_device", a.ip AS "_ip",
           r.labels, r.sources, r."maxScore", r.risk, r."flagCount", r."viewerCount", r."fakeEngagement",
           r."firstFlaggedAt", r."lastFlaggedAt", r."latestEvidenceText" AS "evidenceText",
           r."latestEvidenceUrl" AS "evidenceUrl", r.status, r.review, r."restoredAt", r."reviewedByEmail",
           cm."clusterId", cl.size AS "clusterSize"
    FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId"
    LEFT JOIN account_cluster_members cm ON cm."accountId" = r."accountId"
    LEFT JOIN account_clusters cl ON cl.id = cm."clusterId"
    WHERE ${where} ${orderLimit}),
  dev AS (SELECT d."deviceId", count(*) - 1 AS n FROM platform_accounts d WHERE d."deviceId" IN (SELECT "_device" FROM base) GROUP BY 1),
  ips AS (SELECT d.ip, count(*) - 1 AS n FROM platform_accounts d WHERE d.ip IN (SELECT "_ip" FROM base) GROUP BY 1)
  SELECT base.*, COALESCE(dev.n, 0) AS "deviceReuse", COALESCE(ips.n, 0) AS "ipReuse"
  FROM base LEFT JOIN dev ON dev."deviceId" = base."_device" LEFT JOIN ips ON ips.ip = base."_ip"`;

type Row = Omit<WallRoom, "registeredAt" | "firstFlaggedAt" | "lastFlaggedAt" | "restoredAt"> & {
  _device: string | null;
  _ip: string | null;
  registeredAt: Date;
  firstFlaggedAt: Date | null;
  lastFlaggedAt: Date | null;
  restoredAt: Date | null;
};

const ms = (d: Date | null) => (d ? d.getTime() : null);
function toWallRoom({ _device, _ip, ...r }: Row): WallRoom {
  return {
    ...r,
    version: Number(r.version),
    deviceReuse: Number(r.deviceReuse),
    ipReuse: Number(r.ipReuse),
    registeredAt: r.registeredAt.getTime(),
    firstFlaggedAt: ms(r.firstFlaggedAt),
    lastFlaggedAt: ms(r.lastFlaggedAt),
    restoredAt: ms(r.restoredAt),
  };
}

/** Current state of the given rooms, whether or not they are on the wall. */
export async function loadRoomsByIds(pool: Pool, ids: string[]): Promise<WallRoom[]> {
  if (ids.length === 0) return [];
  const res = await pool.query<Row>(roomsSql(`r.id = ANY($1::text[])`), [ids]);
  return res.rows.map(toWallRoom);
}

/** The wall for a filter: highest risk first, newest flag breaking ties. */
export async function loadWall(pool: Pool, filter: WallFilter, limit: number, now = Date.now()): Promise<{ rooms: WallRoom[]; total: number }> {
  const params: unknown[] = [];
  const where = filterSql(filter, now, params);
  const [rows, count] = await Promise.all([
    pool.query<Row>(
      `${roomsSql(where, `ORDER BY r.risk DESC, r."lastFlaggedAt" DESC, r.id LIMIT ${Math.max(1, Math.floor(limit))}`)}
       ORDER BY base.risk DESC, base."lastFlaggedAt" DESC, base.id`,
      params,
    ),
    // Join the accounts only when the filter reads them: the default wall is counted from the
    // wall index alone (live_rooms_wall_idx).
    pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM live_rooms r ${where.includes('a."') ? `JOIN platform_accounts a ON a.id = r."accountId"` : ""} WHERE ${where}`,
      params,
    ),
  ]);
  return { rooms: rows.rows.map(toWallRoom), total: count.rows[0].n };
}
