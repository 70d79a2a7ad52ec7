import { z } from "zod";
import type { Pool } from "../db/pool";
import { bucketOf } from "./controls";
import { ZExternalId, ZIsoTime } from "../contracts/values";

export const ZLiveStart = z.object({
  roomId: ZExternalId,
  accountId: ZExternalId,
  registeredAt: ZIsoTime,
  realNameVerified: z.boolean(),
  category: z.string().max(100).optional(),
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
  const controls = (
    await pool.query<ControlRow>(`SELECT id, "scopeKind", "scopeValue", mode, "maxStartsPerMin", "restorePercent" FROM live_controls WHERE mode <> 'OPEN'`)
  ).rows;
  if (controls.length === 0) return starts.map((s) => ({ roomId: s.roomId, allowed: true as boolean, reason: null as string | null }));
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
