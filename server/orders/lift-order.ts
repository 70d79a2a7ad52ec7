import type { Actor } from "../contracts/actor";
import { recordAudit } from "../audit/audit-log";
import { withTransaction } from "../db/transaction";
import { unbanAccounts } from "../enforcement/account-actions";
import { announce, enforceRooms } from "../enforcement/enforce-rooms";
import { DomainError } from "../errors";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { tellPlatformSignals } from "./apply-orders";
import type { OrderDeps } from "./types";

/**
 * Lifts an order: it stops acting and stops refusing go-lives. With `restore`, it is undone as a
 * whole: every room it ended that is still down comes back (marked restored) and every account
 * it banned is unbanned — each an action the platform is told, in one transaction.
 */
export async function liftOrder(deps: OrderDeps, actor: Actor, orderId: string, o: { restore: boolean; reason: string }) {
  const res = await withTransaction(deps.pool, async (client) => {
    const r = await client.query<{ status: string; createdByEmail: string; clusterIds: string[] }>(
      `SELECT status, "createdByEmail", "clusterIds" FROM containment_orders WHERE id = $1 FOR UPDATE`,
      [orderId],
    );
    const row = r.rows[0];
    if (!row) throw DomainError.of("NOT_FOUND", "orders.notFound");
    if (row.status !== "ACTIVE" && row.status !== "PENDING_APPROVAL")
      throw DomainError.of("CONFLICT", "orders.already", { status: row.status.toLowerCase(), state: row.status });
    await client.query(
      `UPDATE containment_orders SET status = 'LIFTED', "liftedAt" = now(), "liftedByEmail" = $2, "liftReason" = $3, "restoredOnLift" = $4 WHERE id = $1`,
      [orderId, actor.email, o.reason, o.restore],
    );
    const keys = (await client.query<{ key: string }>(`DELETE FROM order_signals WHERE "orderId" = $1 RETURNING key`, [orderId])).rows.map((k) => k.key);
    let restored: { id: string; version: number }[] = [];
    let unbanned = 0;
    if (o.restore) {
      const taken = await client.query<{ roomId: string }>(
        `SELECT DISTINCT "roomId" FROM enforcement_actions WHERE "orderId" = $1 AND kind = 'TAKEDOWN' AND "roomId" IS NOT NULL`,
        [orderId],
      );
      const back = await enforceRooms(
        deps.enforce,
        actor,
        { kind: "RESTORE", roomIds: taken.rows.map((t) => t.roomId), reason: `Order lifted: ${o.reason}`, orderId },
        client,
      );
      restored = back.applied.map((a) => ({ id: a.roomId, version: a.version }));
      const bans = await client.query<{ accountId: string }>(`SELECT DISTINCT "accountId" FROM enforcement_actions WHERE "orderId" = $1 AND kind = 'BAN'`, [
        orderId,
      ]);
      unbanned = (
        await unbanAccounts(
          client,
          deps.enforce.queue,
          actor,
          bans.rows.map((b) => b.accountId),
          `Order lifted: ${o.reason}`,
          { orderId },
        )
      ).length;
    }
    await recordAudit(client, actor, {
      action: o.restore ? "order.lift_restore" : "order.lift",
      targetType: "containment_order",
      targetId: orderId,
      reason: o.reason,
      details: { restored: restored.length, unbanned, wasStatus: row.status },
    });
    return { restored, unbanned, keys, createdByEmail: row.createdByEmail, rings: row.clusterIds.length };
  });
  announce(deps.enforce, "RESTORE", res.restored);
  if (res.keys.length) await tellPlatformSignals(deps, orderId, res.keys, "OPEN");
  await addToOpenIncidents(
    deps.pool,
    o.restore ? "restore" : "order",
    o.restore
      ? msg("orderLiftedRestored", {
          by: res.createdByEmail,
          rings: res.rings,
          liftedBy: actor.email,
          restored: res.restored.length,
          unbanned: res.unbanned,
          reason: o.reason,
        })
      : msg("orderLifted", { by: res.createdByEmail, rings: res.rings, liftedBy: actor.email, reason: o.reason }),
    actor.email,
    { orderId, restored: res.restored.length, unbanned: res.unbanned },
  );
  deps.notify.changed(orderId);
  return { restored: res.restored.length, unbanned: res.unbanned };
}
