import { DomainError } from "../errors";
import { recordAudit, type Actor } from "../audit/audit-log";
import { announce, enforceRooms, enqueueDelivery } from "../enforcement/enforce-rooms";
import { unbanAccounts } from "../enforcement/account-actions";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { batchProgress } from "./batch-progress";
import type { TakedownDeps } from "./types";
import { withTransaction } from "../db/transaction";

/**
 * Stops a running batch: calls not yet made to the platform are cancelled and their rooms go
 * back on the wall, so our state matches what the platform was told.
 */
export async function cancelBatch(deps: TakedownDeps, actor: Actor, batchId: string) {
  const restored = await withTransaction(deps.pool, async (client) => {
    const b = await client.query<{ status: string }>(`SELECT status FROM takedown_batches WHERE id = $1 FOR UPDATE`, [batchId]);
    if (!b.rows[0]) throw DomainError.of("NOT_FOUND", "takedown.notFound");
    if (b.rows[0].status !== "RUNNING") throw DomainError.of("CONFLICT", "takedown.notRunning");
    const cancelled = await client.query<{ roomId: string | null; accountId: string; kind: string }>(
      `UPDATE enforcement_actions SET delivery = 'CANCELLED' WHERE "batchId" = $1 AND delivery = 'PENDING' RETURNING "roomId", "accountId", kind`,
      [batchId],
    );
    const rooms = cancelled.rows.filter((r) => r.roomId).map((r) => r.roomId!);
    const res = await client.query<{ id: string }>(
      `UPDATE live_rooms SET status = 'LIVE', review = 'OPEN', version = nextval('live_rooms_version_seq'), "updatedAt" = now()
       WHERE id = ANY($1::text[]) AND status = 'TAKEN_DOWN' RETURNING id`,
      [rooms],
    );
    const back = res.rows.map((r) => r.id);
    const accounts = cancelled.rows.filter((r) => r.kind === "BAN").map((r) => r.accountId);
    if (accounts.length) await client.query(`UPDATE platform_accounts SET status = 'ACTIVE' WHERE id = ANY($1::text[])`, [accounts]);
    await client.query(`UPDATE takedown_batches SET status = 'CANCELLED', "completedAt" = now(), "cancelledByEmail" = $2 WHERE id = $1`, [
      batchId,
      actor.email,
    ]);
    await recordAudit(client, actor, {
      action: "takedown.batch.cancel",
      targetType: "takedown_batch",
      targetId: batchId,
      details: { cancelledCalls: cancelled.rows.length, roomsBackOnWall: back.length },
    });
    return back;
  });
  deps.enforce.onRoomsChanged(restored);
  const p = await batchProgress(deps.pool, batchId);
  deps.notify.progress(p);
  return p;
}

/** Sends the failed calls of a batch again. */
export async function retryFailures(deps: TakedownDeps, actor: Actor, batchId: string) {
  await withTransaction(deps.pool, async (client) => {
    const res = await client.query<{ id: string }>(
      `UPDATE enforcement_actions SET delivery = 'PENDING', attempts = 0, "lastError" = NULL WHERE "batchId" = $1 AND delivery = 'FAILED' RETURNING id`,
      [batchId],
    );
    if (res.rows.length === 0) throw DomainError.of("BAD_REQUEST", "takedown.noFailed");
    await client.query(`UPDATE takedown_batches SET status = 'RUNNING', "completedAt" = NULL WHERE id = $1 AND status = 'COMPLETED'`, [batchId]);
    await enqueueDelivery(
      deps.enforce.queue,
      client,
      res.rows.map((r) => r.id),
    );
    await recordAudit(client, actor, {
      action: "takedown.batch.retry",
      targetType: "takedown_batch",
      targetId: batchId,
      details: { calls: res.rows.length },
    });
  });
  const p = await batchProgress(deps.pool, batchId);
  deps.notify.progress(p);
  return p;
}

/**
 * Undoes a batch for false positives: the chosen rooms (or all) come back as restored, their
 * accounts are unbanned, and the platform is told — each step an action and an audit entry.
 */
export async function restoreBatch(deps: TakedownDeps, actor: Actor, batchId: string, roomIds: string[] | null, reason: string) {
  const rows = await deps.db.enforcementAction.findMany({
    where: { batchId, kind: "TAKEDOWN", ...(roomIds ? { roomId: { in: roomIds } } : {}) },
    select: { roomId: true, accountId: true },
  });
  if (rows.length === 0) throw DomainError.of("BAD_REQUEST", "takedown.notInBatch");
  const rooms = rows.map((r) => r.roomId!).filter(Boolean);
  const accounts = [...new Set(rows.map((r) => r.accountId))];
  const res = await withTransaction(deps.pool, async (client) => {
    const res = await enforceRooms(
      deps.enforce,
      actor,
      { kind: "RESTORE", roomIds: rooms, reason: `Restore of batch ${batchId}: ${reason}`, skipAudit: true },
      client,
    );
    const unbanned = await unbanAccounts(client, deps.enforce.queue, actor, accounts, reason);
    await client.query(`UPDATE takedown_batches SET "restoredCount" = "restoredCount" + $2 WHERE id = $1`, [batchId, res.applied.length]);
    await recordAudit(client, actor, {
      action: "takedown.batch.restore",
      targetType: "takedown_batch",
      targetId: batchId,
      reason,
      details: { rooms: res.applied.length, unbanned: unbanned.length, skipped: res.skipped.length },
    });
    return res;
  });
  announce(
    deps.enforce,
    "RESTORE",
    res.applied.map((a) => ({ id: a.roomId, version: a.version })),
  );
  await addToOpenIncidents(deps.pool, "restore", msg("batchRestore", { by: actor.email, rooms: res.applied.length, reason }), actor.email, {
    batchId,
    restored: res.applied.length,
  });
  return { restored: res.applied.length, skipped: res.skipped };
}
