import { z } from "zod";
import { DomainError } from "../errors";
import type { Pool } from "../db/pool";
import type { SignalExplanation } from "./cluster-stats";

export const ZClusterSort = z.enum(["size", "liveRooms", "flaggedRooms", "growth", "risk", "firstSeen"]);
const ORDER: Record<z.infer<typeof ZClusterSort>, string> = {
  size: "c.size DESC",
  liveRooms: "live DESC",
  flaggedRooms: "flagged DESC",
  growth: "growth DESC",
  risk: "risk DESC NULLS LAST",
  firstSeen: 'c."createdAt" DESC',
};

export interface ClusterRow {
  id: string;
  size: number;
  liveRooms: number;
  flaggedRooms: number;
  growth10m: number;
  risk: number | null;
  firstSeen: number;
  watched: boolean;
  topSignals: SignalExplanation[];
}

/** Every live cluster with its rooms, growth and risk, in one query. */
export async function listClusters(pool: Pool, sort: z.infer<typeof ZClusterSort>, limit: number): Promise<ClusterRow[]> {
  const res = await pool.query(
    `WITH rooms AS (
       -- Only live rooms count; ended and taken-down ones (most rooms after a wave) are not read.
       SELECT m."clusterId", count(*)::int AS live, count(*) FILTER (WHERE r."flagCount" > 0)::int AS flagged, max(r.risk) AS risk
       FROM live_rooms r JOIN account_cluster_members m ON m."accountId" = r."accountId"
       WHERE r.status = 'LIVE' GROUP BY 1),
     growth AS (SELECT "clusterId", count(*)::int AS n FROM account_cluster_members WHERE "joinedAt" > now() - interval '10 minutes' GROUP BY 1)
     SELECT c.id, c.size, COALESCE(rooms.live, 0) AS live, COALESCE(rooms.flagged, 0) AS flagged, COALESCE(growth.n, 0) AS growth,
            rooms.risk, c."createdAt", c.watched, c."topSignals"
     FROM account_clusters c LEFT JOIN rooms ON rooms."clusterId" = c.id LEFT JOIN growth ON growth."clusterId" = c.id
     WHERE c."mergedIntoId" IS NULL AND c.size > 1
     ORDER BY ${ORDER[sort]}, c.id LIMIT $1`,
    [limit],
  );
  return res.rows.map((r) => ({
    id: r.id,
    size: r.size,
    liveRooms: r.live,
    flaggedRooms: r.flagged,
    growth10m: r.growth,
    risk: r.risk,
    firstSeen: r.createdAt.getTime(),
    watched: r.watched,
    topSignals: (r.topSignals ?? []) as SignalExplanation[],
  }));
}

/** A merged cluster's id leads to the cluster it was merged into. */
export async function resolveClusterId(pool: Pool, id: string): Promise<string | null> {
  let current = id;
  for (let i = 0; i < 20; i++) {
    const r = await pool.query<{ mergedIntoId: string | null }>(`SELECT "mergedIntoId" FROM account_clusters WHERE id = $1`, [current]);
    if (!r.rows[0]) return null;
    if (!r.rows[0].mergedIntoId) return current;
    current = r.rows[0].mergedIntoId;
  }
  return current;
}

export interface ClusterMember {
  id: string;
  handle: string;
  registeredAt: number;
  verified: boolean;
  banned: boolean;
  deviceId: string | null;
  ip: string | null;
  joinedAt: number;
  roomId: string | null;
  roomTitle: string | null;
  roomStatus: string | null;
  risk: number | null;
}

/** At most this many members travel with a cluster's detail (the graph samples 2,500 of them). */
export const MEMBERS_SHOWN = 5000;

/**
 * The cluster row, counts over all its members, and its first MEMBERS_SHOWN members by
 * registration (with their newest room) with the linking signals among them.
 */
export async function clusterDetail(pool: Pool, id: string) {
  const c = await pool.query(`SELECT id, size, "createdAt", watched, "watchedBy", "topSignals" FROM account_clusters WHERE id = $1`, [id]);
  if (!c.rows[0]) return null;
  const counts = await pool.query<{ members: number; live: number; unverified: number; banned: number }>(
    `SELECT count(*)::int AS members,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM live_rooms r WHERE r."accountId" = a.id AND r.status = 'LIVE'))::int AS live,
            count(*) FILTER (WHERE NOT a."realNameVerified")::int AS unverified,
            count(*) FILTER (WHERE a.status = 'BANNED')::int AS banned
     FROM account_cluster_members m JOIN platform_accounts a ON a.id = m."accountId" WHERE m."clusterId" = $1`,
    [id],
  );
  const members = await pool.query(
    `SELECT a.id, a.handle, a."registeredAt", a."realNameVerified" AS verified, a.status = 'BANNED' AS banned, a."deviceId", a.ip, m."joinedAt",
            r.id AS "roomId", r.title AS "roomTitle", r.status AS "roomStatus", r.risk
     FROM account_cluster_members m JOIN platform_accounts a ON a.id = m."accountId"
     LEFT JOIN LATERAL (SELECT id, title, status, risk FROM live_rooms WHERE "accountId" = a.id ORDER BY "startedAt" DESC LIMIT 1) r ON true
     WHERE m."clusterId" = $1 ORDER BY a."registeredAt", a.id LIMIT ${MEMBERS_SHOWN}`,
    [id],
  );
  const edges = await pool.query<{ accountId: string; key: string }>(
    `SELECT s."accountId", s.key FROM account_signals s
     WHERE s."accountId" = ANY($2::text[]) AND s.key IN (
       SELECT s2.key FROM account_signals s2 JOIN account_cluster_members m2 ON m2."accountId" = s2."accountId"
       WHERE m2."clusterId" = $1 GROUP BY s2.key HAVING count(*) >= 2)`,
    [id, members.rows.map((m) => m.id)],
  );
  const row = c.rows[0];
  return {
    id: row.id as string,
    size: row.size as number,
    createdAt: (row.createdAt as Date).getTime(),
    watched: row.watched as boolean,
    watchedBy: row.watchedBy as string | null,
    topSignals: (row.topSignals ?? []) as SignalExplanation[],
    counts: counts.rows[0],
    members: members.rows.map((m): ClusterMember => ({ ...m, registeredAt: m.registeredAt.getTime(), joinedAt: m.joinedAt.getTime() })),
    edges: edges.rows.map((e) => [e.accountId, e.key] as [string, string]),
  };
}

/** A cluster's detail by any id it ever had (a merged id leads to the survivor, and says so). */
export async function getClusterDetail(pool: Pool, id: string) {
  const current = await resolveClusterId(pool, id);
  const d = current ? await clusterDetail(pool, current) : null;
  if (!d) throw DomainError.of("NOT_FOUND", "clusters.notFound");
  return { ...d, mergedFrom: current !== id ? id : null };
}
