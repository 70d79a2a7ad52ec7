import type { Pool, Queryable } from "../db/pool";
import { filterSql } from "./filter";
import type { WallFilter, WallRoom } from "../contracts/wall";

/**
 * A timestamp as epoch milliseconds (what WallRoom carries), computed by Postgres: the driver then
 * reads a float instead of parsing a date string into a Date that is thrown away at once — four
 * per room, on the wall hub's path for every change and in every snapshot.
 */
const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * Rooms as the wall shows them, for a WHERE over live_rooms r / platform_accounts a (and an
 * optional ORDER BY … LIMIT inside).
 */
const roomsSql = (where: string, orderLimit = "") => `
  SELECT r.id, r.version, r.title, r.category, r."thumbnailUrl", r."accountId",
         a.handle, a."displayName", ${ms('a."registeredAt"')} AS "registeredAt", a."realNameVerified" AS verified,
         a.status = 'BANNED' AS "accountBanned", a."deviceId" AS "_device", a.ip AS "_ip",
         r.labels, r.sources, r."maxScore", r.risk, r."flagCount", r."viewerCount", r."fakeEngagement",
         ${ms('r."firstFlaggedAt"')} AS "firstFlaggedAt", ${ms('r."lastFlaggedAt"')} AS "lastFlaggedAt", r."latestEvidenceText" AS "evidenceText",
         r."latestEvidenceUrl" AS "evidenceUrl", r.status, r.review, ${ms('r."restoredAt"')} AS "restoredAt", r."reviewedByEmail",
         cm."clusterId", cl.size AS "clusterSize", r."ruleMarks", rc."userId" AS "_claimId", rc."userName" AS "_claimName"
  FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId"
  LEFT JOIN room_claims rc ON rc."roomId" = r.id AND rc."expiresAt" > now()
  LEFT JOIN account_cluster_members cm ON cm."accountId" = r."accountId"
  LEFT JOIN account_clusters cl ON cl.id = cm."clusterId"
  WHERE ${where} ${orderLimit}`;

/**
 * Device and IP reuse (other accounts on the same device or address), counted once per distinct
 * value rather than once per room: a ring's rooms share a few devices, each used by hundreds of
 * accounts. A separate statement on purpose: joined to the rooms in one query, the planner
 * trusted row estimates that are stale right after a flood (no ANALYZE yet) and re-ran the
 * count per room — 5,000 rooms took 3.8 s instead of tens of milliseconds.
 */
async function reuseCounts(pool: Pool, rows: Row[]) {
  const distinct = (k: "_device" | "_ip") => [...new Set(rows.map((r) => r[k]).filter((v): v is string => v !== null))];
  const count = async (column: "deviceId" | "ip", values: string[]) => {
    if (values.length === 0) return new Map<string, number>();
    // One index lookup per distinct value, whatever the planner thinks of the array's size.
    const res = await pool.query<{ k: string; n: number }>(
      `SELECT v.k, (SELECT count(*) FROM platform_accounts d WHERE d."${column}" = v.k)::int - 1 AS n FROM unnest($1::text[]) AS v(k)`,
      [values],
    );
    return new Map(res.rows.map((r) => [r.k, r.n]));
  };
  const [device, ip] = await Promise.all([count("deviceId", distinct("_device")), count("ip", distinct("_ip"))]);
  return { device, ip };
}

type Row = Omit<WallRoom, "deviceReuse" | "ipReuse" | "claimedBy"> & {
  _claimId: string | null;
  _claimName: string | null;
  _device: string | null;
  _ip: string | null;
};
async function toWallRooms(pool: Pool, rows: Row[]): Promise<WallRoom[]> {
  const reuse = await reuseCounts(pool, rows);
  return rows.map((r) => toWallRoom(r, reuse));
}

function toWallRoom({ _device, _ip, _claimId, _claimName, ...r }: Row, reuse: Awaited<ReturnType<typeof reuseCounts>>): WallRoom {
  return {
    ...r,
    version: Number(r.version),
    deviceReuse: (_device !== null && reuse.device.get(_device)) || 0,
    ipReuse: (_ip !== null && reuse.ip.get(_ip)) || 0,
    ruleMarks: r.ruleMarks ?? [],
    claimedBy: _claimId ? { id: _claimId, name: _claimName ?? "" } : null,
  };
}

/** Current state of the given rooms, whether or not they are on the wall. */
export async function loadRoomsByIds(pool: Pool, ids: string[]): Promise<WallRoom[]> {
  if (ids.length === 0) return [];
  const res = await pool.query<Row>(roomsSql(`r.id = ANY($1::text[])`), [ids]);
  return toWallRooms(pool, res.rows);
}

/** How many rooms match a filter (the default wall is counted from the wall index alone). */
export async function countWall(pool: Queryable, filter: WallFilter, now = Date.now()): Promise<number> {
  const params: unknown[] = [];
  const where = filterSql(filter, now, params);
  const res = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM live_rooms r ${/\ba\./.test(where) ? `JOIN platform_accounts a ON a.id = r."accountId"` : ""} WHERE ${where}`,
    params,
  );
  return res.rows[0].n;
}

/** The wall for a filter: highest risk first, newest flag breaking ties. */
export async function loadWall(pool: Pool, filter: WallFilter, limit: number, now = Date.now()): Promise<{ rooms: WallRoom[]; total: number }> {
  const params: unknown[] = [];
  const where = filterSql(filter, now, params);
  const [rows, total] = await Promise.all([
    pool.query<Row>(roomsSql(where, `ORDER BY r.risk DESC, r."lastFlaggedAt" DESC, r.id LIMIT ${Math.max(1, Math.floor(limit))}`), params),
    countWall(pool, filter, now),
  ]);
  return { rooms: await toWallRooms(pool, rows.rows), total };
}

/** The wall page's snapshot: the rooms, how many match in all, and when it was taken. */
export async function wallSnapshot(pool: Pool, filter: WallFilter, limit: number) {
  const at = Date.now();
  const { rooms, total } = await loadWall(pool, filter, limit, at);
  return { rooms, total, at };
}
