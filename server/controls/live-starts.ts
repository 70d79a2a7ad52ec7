import { z } from "zod";
import type { Pool } from "../db/pool";
import { bucketOf } from "./controls";
import { ZExternalId, ZFreeText, ZIsoTime } from "../contracts/values";
import { signalKeys } from "../clusters/signals";
import { orderClusters } from "../orders/apply-orders";

export const ZLiveStart = z.object({
  roomId: ZExternalId,
  accountId: ZExternalId,
  registeredAt: ZIsoTime,
  realNameVerified: z.boolean(),
  category: z.string().max(100).optional(),
  // The platform knows its accounts' signals; with them, a containment order can refuse an
  // account the clusterer has never seen that carries a contained ring's device, phone,
  // network or registration burst.
  handle: ZFreeText(100).optional(),
  deviceId: ZExternalId.optional(),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  phoneHash: ZExternalId.optional(),
});
export const ZLiveStarts = z.object({ starts: z.array(ZLiveStart).min(1).max(5000) });
export type LiveStart = z.infer<typeof ZLiveStart>;

interface ControlRow {
  id: string;
  scopeKind: string;
  scopeValue: string;
  mode: "OPEN" | "THROTTLED" | "PAUSED";
  maxStartsPerMin: number | null;
  restorePercent: number | null;
}

const DAY = 86_400_000;
const STRICTNESS = { PAUSED: 3, THROTTLED: 2, OPEN: 0 } as const;

/**
 * The simulated platform deciding whether streams may go live, honouring every control whose
 * scope covers the account: paused refuses, a throttle admits N per minute, a staged restore
 * admits its percentage. The most restrictive applicable control decides.
 */
export async function decideLiveStarts(pool: Pool, starts: LiveStart[], now = Date.now()) {
  const contained = await containedStarts(pool, starts, now);
  const free = starts.filter((s) => !contained.has(s.roomId));
  const decided = new Map((await decideByControls(pool, free, now)).map((d) => [d.roomId, d]));
  const refused = starts.filter((s) => contained.has(s.roomId));
  if (refused.length) {
    await pool.query(
      `INSERT INTO sim_platform_starts ("roomId", "accountId", allowed, reason, "controlId") SELECT r, a, false, 'containment order', o FROM unnest($1::text[], $2::text[], $3::text[]) AS u(r, a, o)`,
      [refused.map((s) => s.roomId), refused.map((s) => s.accountId), refused.map((s) => contained.get(s.roomId)!)],
    );
  }
  return starts.map((s) =>
    contained.has(s.roomId) ? { roomId: s.roomId, allowed: false, reason: "containment order" as string | null } : decided.get(s.roomId)!,
  );
}

/**
 * Starts a standing containment order refuses, with the order: the account is in a ring it
 * covers, or carries one of its rings' linking signals (the same keys clustering links on).
 */
async function containedStarts(pool: Pool, starts: LiveStart[], now: number): Promise<Map<string, string>> {
  const keysOf = new Map(
    starts.map((s) => [
      s.roomId,
      signalKeys(
        {
          id: s.accountId,
          handle: s.handle ?? "",
          registeredAt: new Date(s.registeredAt),
          realNameVerified: s.realNameVerified,
          deviceId: s.deviceId ?? null,
          ip: s.ip ?? null,
          phoneHash: s.phoneHash ?? null,
        },
        now,
      ),
    ]),
  );
  const res = await pool.query<{ kind: "key" | "account"; value: string; orderId: string }>(
    `WITH RECURSIVE ${orderClusters(`o."refuseGoLive"`)}
     SELECT 'key' AS kind, os.key AS value, os."orderId" FROM order_signals os
       JOIN containment_orders o ON o.id = os."orderId" AND o.status = 'ACTIVE' AND o."refuseGoLive"
       WHERE os.key = ANY($1::text[])
     UNION ALL
     SELECT 'account', m."accountId", oc.order_id FROM oc JOIN account_cluster_members m ON m."clusterId" = oc.cid
       WHERE m."accountId" = ANY($2::text[])`,
    [[...new Set([...keysOf.values()].flat())], starts.map((s) => s.accountId)],
  );
  if (res.rows.length === 0) return new Map();
  const byKey = new Map(res.rows.filter((r) => r.kind === "key").map((r) => [r.value, r.orderId]));
  const byAccount = new Map(res.rows.filter((r) => r.kind === "account").map((r) => [r.value, r.orderId]));
  const out = new Map<string, string>();
  for (const s of starts) {
    const order =
      byAccount.get(s.accountId) ??
      keysOf
        .get(s.roomId)!
        .map((k) => byKey.get(k))
        .find(Boolean);
    if (order) out.set(s.roomId, order);
  }
  return out;
}

/** The live controls' decision for starts no order refuses. */
async function decideByControls(pool: Pool, starts: LiveStart[], now: number) {
  if (starts.length === 0) return [];
  const controls = (
    await pool.query<ControlRow>(`SELECT id, "scopeKind", "scopeValue", mode, "maxStartsPerMin", "restorePercent" FROM live_controls WHERE mode <> 'OPEN'`)
  ).rows;
  const clusterControls = controls.filter((c) => c.scopeKind === "CLUSTER").map((c) => c.scopeValue);
  const members = clusterControls.length
    ? (
        await pool.query<{ accountId: string; clusterId: string }>(
          `SELECT "accountId", "clusterId" FROM account_cluster_members WHERE "clusterId" = ANY($1::text[]) AND "accountId" = ANY($2::text[])`,
          [clusterControls, starts.map((s) => s.accountId)],
        )
      ).rows
    : [];
  const inCluster = new Set(members.map((m) => `${m.accountId}|${m.clusterId}`));
  const used = new Map<string, number>();
  for (const c of controls.filter((c) => c.maxStartsPerMin)) {
    const r = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sim_platform_starts WHERE "controlId" = $1 AND allowed AND at > to_timestamp($2) - interval '60 seconds'`,
      [c.id, now / 1000],
    );
    used.set(c.id, r.rows[0].n);
  }
  const covers = (c: ControlRow, s: LiveStart) =>
    c.scopeKind === "ALL" ||
    (c.scopeKind === "ACCOUNT_AGE" && Date.parse(s.registeredAt) > now - Number(c.scopeValue) * DAY) ||
    (c.scopeKind === "UNVERIFIED" && !s.realNameVerified) ||
    (c.scopeKind === "CATEGORY" && s.category === c.scopeValue) ||
    (c.scopeKind === "CLUSTER" && inCluster.has(`${s.accountId}|${c.scopeValue}`));

  const results = starts.map((s) => {
    const applicable = controls.filter((c) => covers(c, s)).sort((a, b) => STRICTNESS[b.mode] - STRICTNESS[a.mode]);
    for (const c of applicable) {
      if (c.mode === "PAUSED") return { roomId: s.roomId, accountId: s.accountId, allowed: false, reason: "paused", controlId: c.id };
      if (c.restorePercent !== null && bucketOf(s.roomId) >= c.restorePercent)
        return { roomId: s.roomId, accountId: s.accountId, allowed: false, reason: `restoring (${c.restorePercent}%)`, controlId: c.id };
      if (c.maxStartsPerMin) {
        const n = used.get(c.id) ?? 0;
        if (n >= c.maxStartsPerMin) return { roomId: s.roomId, accountId: s.accountId, allowed: false, reason: "throttled", controlId: c.id };
        used.set(c.id, n + 1);
        return { roomId: s.roomId, accountId: s.accountId, allowed: true, reason: null, controlId: c.id };
      }
    }
    return { roomId: s.roomId, accountId: s.accountId, allowed: true, reason: null, controlId: applicable[0]?.id ?? null };
  });
  await pool.query(
    `INSERT INTO sim_platform_starts ("roomId", "accountId", allowed, reason, "controlId") SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::text[])`,
    [
      results.map((r) => r.roomId),
      results.map((r) => r.accountId),
      results.map((r) => r.allowed),
      results.map((r) => r.reason),
      results.map((r) => r.controlId),
    ],
  );
  return results.map(({ roomId, allowed, reason }) => ({ roomId, allowed, reason }));
}

/** One room as the simulated platform saw it: when it went live, was refused, or was ended (epoch ms). */
export interface SimRoomRecord {
  roomId: string;
  liveAt: number | null;
  refusedAt: number | null;
  endedAt: number | null;
}

/**
 * The simulated platform's own record, page by page in room-id order: what anyone (a
 * benchmark, an auditor) checks the outcome of a wave against, independent of the console.
 */
export async function simPlatformState(pool: Pool, after: string, limit: number): Promise<{ rooms: SimRoomRecord[]; next: string | null }> {
  const res = await pool.query<{ roomId: string; liveAt: Date | null; refusedAt: Date | null; endedAt: Date | null }>(
    `SELECT s."roomId", min(s.at) FILTER (WHERE s.allowed) AS "liveAt", min(s.at) FILTER (WHERE NOT s.allowed) AS "refusedAt", e."endedAt"
     FROM sim_platform_starts s LEFT JOIN sim_platform_ended e ON e."roomId" = s."roomId"
     WHERE s."roomId" > $1 GROUP BY s."roomId", e."endedAt" ORDER BY s."roomId" LIMIT $2`,
    [after, limit],
  );
  const rooms = res.rows.map((r) => ({
    roomId: r.roomId,
    liveAt: r.liveAt?.getTime() ?? null,
    refusedAt: r.refusedAt?.getTime() ?? null,
    endedAt: r.endedAt?.getTime() ?? null,
  }));
  return { rooms, next: rooms.length === limit ? rooms[rooms.length - 1].roomId : null };
}
