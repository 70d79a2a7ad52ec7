import type { Pool } from "../db/pool";
import type { OrderSummary } from "../contracts/orders";
import { DomainError } from "../errors";

interface Row {
  id: string;
  status: OrderSummary["status"];
  clusterIds: string[];
  followAlertId: string | null;
  banAccounts: boolean;
  refuseGoLive: boolean;
  reason: string;
  createdByEmail: string;
  approverEmail: string | null;
  createdAt: Date;
  activatedAt: Date | null;
  liftedAt: Date | null;
  liftedByEmail: string | null;
  restoredOnLift: boolean;
  ended: number;
  pending: number;
  failed: number;
  banned: number;
  restored: number;
  refused: number;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Orders with their running counts (from their actions, and the go-lives refused under them). */
export async function listOrders(pool: Pool, o: { open?: boolean; ids?: string[]; limit?: number } = {}): Promise<OrderSummary[]> {
  const res = await pool.query<Row>(
    `SELECT o.id, o.status, o."clusterIds", o."followAlertId", o."banAccounts", o."refuseGoLive", o.reason, o."createdByEmail", o."approverEmail",
            o."createdAt", o."activatedAt", o."liftedAt", o."liftedByEmail", o."restoredOnLift",
            COALESCE(a.ended, 0) AS ended, COALESCE(a.pending, 0) AS pending, COALESCE(a.failed, 0) AS failed,
            COALESCE(a.banned, 0) AS banned, COALESCE(a.restored, 0) AS restored,
            (SELECT count(*)::int FROM sim_platform_starts s WHERE s."controlId" = o.id AND NOT s.allowed) AS refused
     FROM containment_orders o
     LEFT JOIN LATERAL (
       SELECT count(*) FILTER (WHERE kind = 'TAKEDOWN')::int AS ended,
              count(*) FILTER (WHERE delivery = 'PENDING')::int AS pending,
              count(*) FILTER (WHERE delivery = 'FAILED')::int AS failed,
              count(*) FILTER (WHERE kind = 'BAN')::int AS banned,
              count(*) FILTER (WHERE kind = 'RESTORE')::int AS restored
       FROM enforcement_actions e WHERE e."orderId" = o.id) a ON true
     WHERE ($1::bool IS NOT TRUE OR o.status IN ('ACTIVE', 'PENDING_APPROVAL')) AND ($2::text[] IS NULL OR o.id = ANY($2::text[]))
     ORDER BY o."createdAt" DESC LIMIT $3`,
    [o.open ?? null, o.ids ?? null, o.limit ?? 50],
  );
  return res.rows.map((r) => ({
    id: r.id,
    status: r.status,
    rings: r.clusterIds.length,
    clusterIds: r.clusterIds,
    followsAlert: r.followAlertId !== null,
    followAlertId: r.followAlertId,
    banAccounts: r.banAccounts,
    refuseGoLive: r.refuseGoLive,
    reason: r.reason,
    createdByEmail: r.createdByEmail,
    approverEmail: r.approverEmail,
    createdAt: r.createdAt.getTime(),
    activatedAt: ms(r.activatedAt),
    liftedAt: ms(r.liftedAt),
    liftedByEmail: r.liftedByEmail,
    restoredOnLift: r.restoredOnLift,
    counts: {
      roomsEnded: r.ended,
      pendingAtPlatform: r.pending,
      failedAtPlatform: r.failed,
      accountsBanned: r.banned,
      refusedGoLive: r.refused,
      roomsRestored: r.restored,
    },
  }));
}

export async function getOrder(pool: Pool, id: string): Promise<OrderSummary> {
  const [o] = await listOrders(pool, { ids: [id], limit: 1 });
  if (!o) throw DomainError.of("NOT_FOUND", "orders.notFound");
  return o;
}
