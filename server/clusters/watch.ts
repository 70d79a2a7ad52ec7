import type { Pool } from "../db/pool";
import type { Actor } from "../contracts/actor";
import { recordAudit } from "../audit/audit-log";
import { withTransaction } from "../db/transaction";
import { DomainError } from "../errors";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { resolveClusterId } from "./cluster-queries";
import type { ClusterDeps } from "./deps";
import { ingestEvents, type IngestOutcome } from "../ingest/ingest-flags";
import type { IngestEventInput } from "../contracts/ingest";

export const WATCH_SENDER = "cluster-watch";

/**
 * Accounts that joined a watched cluster get their live rooms flagged through the normal
 * ingest path (so they surface on the wall with the same risk, realtime and audit trail).
 */
export async function flagWatchedJoiners(pool: Pool, joined: Map<string, string[]>): Promise<IngestOutcome | null> {
  if (joined.size === 0) return null;
  const watched = await pool.query<{ id: string; top: { label: string }[] | null }>(
    `SELECT id, "topSignals" AS top FROM account_clusters WHERE watched AND id = ANY($1::text[])`,
    [[...joined.keys()]],
  );
  if (watched.rows.length === 0) return null;
  const why = new Map(watched.rows.map((w) => [w.id, w.top?.[0]?.label ?? "shared signals"]));
  const accounts = watched.rows.flatMap((w) => joined.get(w.id)!.map((a) => [a, w.id] as const));
  const clusterOf = new Map(accounts);
  const rooms = await pool.query<{
    id: string;
    title: string;
    startedAt: Date;
    viewerCount: number;
    accountId: string;
    handle: string;
    registeredAt: Date;
    realNameVerified: boolean;
  }>(
    `SELECT r.id, r.title, r."startedAt", r."viewerCount", r."accountId", a.handle, a."registeredAt", a."realNameVerified"
     FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId" WHERE r."accountId" = ANY($1::text[]) AND r.status = 'LIVE'`,
    [accounts.map((a) => a[0])],
  );
  const now = new Date().toISOString();
  const events: IngestEventInput[] = rooms.rows.map((r) => {
    const cluster = clusterOf.get(r.accountId)!;
    return {
      // One flag per room and cluster, however often the account is seen again.
      eventId: `watch:${cluster}:${r.id}`,
      occurredAt: now,
      source: "rule",
      label: "other",
      score: 0.9,
      room: { id: r.id, title: r.title, startedAt: r.startedAt.toISOString(), viewerCount: r.viewerCount },
      account: { id: r.accountId, handle: r.handle, registeredAt: r.registeredAt.toISOString(), realNameVerified: r.realNameVerified },
      evidence: { text: `Joined watched cluster ${cluster}: ${why.get(cluster)}` },
    };
  });
  if (events.length === 0) return null;
  return ingestEvents({ pool }, WATCH_SENDER, events);
}

/** Watching a cluster: accounts that join it later get their rooms flagged. Audited, on open incidents' timelines. */
export async function setClusterWatch(deps: ClusterDeps, actor: Actor, clusterId: string, watched: boolean) {
  const id = await resolveClusterId(deps.pool, clusterId);
  if (!id) throw DomainError.of("NOT_FOUND", "clusters.notFound");
  await withTransaction(deps.pool, async (client) => {
    await client.query(`UPDATE account_clusters SET watched = $2, "watchedBy" = $3 WHERE id = $1`, [id, watched, watched ? actor.email : null]);
    await recordAudit(client, actor, { action: watched ? "cluster.watch" : "cluster.unwatch", targetType: "cluster", targetId: id });
  });
  await addToOpenIncidents(deps.pool, "cluster", msg("clusterWatch", { by: actor.email, watched: watched ? "yes" : "no", cluster: id }), actor.email, {
    clusterId: id,
  });
  return { id, watched };
}
