import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { recordAuditPg, type Actor } from "../audit/audit-log";
import { announce, enforceRooms, enqueueDelivery } from "../enforcement/enforce-rooms";
import { batchProgress } from "./batch-progress";
import { addToOpenIncidents } from "../incidents/timeline";
import { BatchError, type TakedownDeps } from "./types";
import { counted, takenDownRecently } from "../enforcement/four-eyes";

interface BatchRow {
  id: string;
  status: string;
  roomIds: string[];
  reason: string | null;
  banAccounts: boolean;
  endOtherRooms: boolean;
  createdById: string;
  selectionKind: string;
}

/**
 * Runs a confirmed (or approved) batch: in one transaction every room is taken down
 * set-based, accounts banned if asked, one action per room and account recorded, delivery jobs
 * enqueued and the batch marked RUNNING. After commit all rooms leave every wall in one update.
 */
export async function commitBatch(deps: TakedownDeps, actor: Actor, batchId: string, from: ("DRAFT" | "PENDING_APPROVAL")[]) {
  const client = await deps.pool.connect();
  let removed: { id: string; version: number }[] = [];
  const summary = { banned: 0, reason: null as string | null, selectionKind: "" };
  try {
    await client.query("BEGIN");
    const b = await lockBatch(client, batchId);
    if (!from.includes(b.status as "DRAFT")) {
      await client.query("ROLLBACK");
      return { alreadyRan: true };
    }
    let roomIds = b.roomIds;
    if (b.status === "DRAFT") {
      const waits = await divertToApproval(deps, client, actor, b);
      if (waits) {
        await client.query("COMMIT");
        deps.notify.approvalRequested({ id: b.id, requestedBy: actor.email ?? "", count: b.roomIds.length, reason: b.reason ?? "" });
        return { alreadyRan: false, pendingApproval: true };
      }
    }
    if (b.endOtherRooms) {
      // The accounts' other live rooms go too: a bot ring restarts streams as fast as we end them.
      const others = await client.query<{ id: string }>(
        `SELECT o.id FROM live_rooms o WHERE o.status = 'LIVE' AND o."accountId" IN (SELECT "accountId" FROM live_rooms WHERE id = ANY($1::text[]))`,
        [roomIds],
      );
      roomIds = [...new Set([...roomIds, ...others.rows.map((r) => r.id)])];
    }
    const res = await enforceRooms(deps.enforce, actor, { kind: "TAKEDOWN", roomIds, reason: b.reason, batchId }, client);
    removed = res.applied.map((a) => ({ id: a.roomId, version: a.version }));
    let banned = 0;
    if (b.banAccounts) banned = await banAccounts(deps, client, actor, batchId, b.roomIds, b.reason);
    Object.assign(summary, { banned, reason: b.reason, selectionKind: b.selectionKind });
    await client.query(
      `UPDATE takedown_batches SET status = 'RUNNING', "committedAt" = now(), "appliedCount" = $2, "bannedCount" = $3, skipped = $4::jsonb,
              "requestedCount" = $5 WHERE id = $1`,
      [batchId, res.applied.length, banned, JSON.stringify(res.skipped), roomIds.length],
    );
    await recordAuditPg(client, actor, {
      action: "takedown.batch.run",
      targetType: "takedown_batch",
      targetId: batchId,
      reason: b.reason,
      details: { rooms: res.applied.length, skipped: res.skipped.length, banned, endOtherRooms: b.endOtherRooms, requestedBy: b.createdById },
    });
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  announce(deps.enforce, "TAKEDOWN", removed);
  await addToOpenIncidents(
    deps.pool,
    "takedown",
    `Mass takedown by ${actor.email}: ${removed.length.toLocaleString("en-US")} rooms taken down${summary.banned ? `, ${summary.banned.toLocaleString("en-US")} accounts banned` : ""} — ${summary.reason ?? ""}`,
    actor.email,
    { batchId, rooms: removed.length, banned: summary.banned, selection: summary.selectionKind },
  ).catch(() => {});
  const progress = await batchProgress(deps.pool, batchId);
  deps.notify.progress(progress);
  return { alreadyRan: false, progress };
}

/**
 * Four eyes for a moderator's batch: their takedowns within the window plus this batch over the
 * threshold make it a request for a shift lead. Returns true when it now waits for approval.
 */
async function divertToApproval(deps: TakedownDeps, client: PoolClient, actor: Actor, b: BatchRow): Promise<boolean> {
  const policy = deps.enforce.fourEyes;
  if (!policy || !counted(actor) || !actor.id) return false;
  const recent = await takenDownRecently(client, actor.id, policy.windowMs);
  if (recent + b.roomIds.length <= policy.threshold) return false;
  await client.query(`UPDATE takedown_batches SET status = 'PENDING_APPROVAL' WHERE id = $1`, [b.id]);
  await recordAuditPg(client, actor, {
    action: "takedown.batch.request_approval",
    targetType: "takedown_batch",
    targetId: b.id,
    reason: b.reason,
    details: { rooms: b.roomIds.length, threshold: policy.threshold, takenDownInWindow: recent, windowMinutes: Math.round(policy.windowMs / 60_000) },
  });
  return true;
}

async function lockBatch(client: PoolClient, batchId: string): Promise<BatchRow> {
  const r = await client.query<BatchRow>(
    `SELECT id, status, "roomIds", reason, "banAccounts", "endOtherRooms", "createdById", "selectionKind" FROM takedown_batches WHERE id = $1 FOR UPDATE`,
    [batchId],
  );
  if (!r.rows[0]) throw new BatchError("No such batch", "NOT_FOUND");
  return r.rows[0];
}

/** Bans the accounts behind the rooms (once each) and records a BAN action per account. */
async function banAccounts(deps: TakedownDeps, client: PoolClient, actor: Actor, batchId: string, roomIds: string[], reason: string | null) {
  const res = await client.query<{ id: string }>(
    `UPDATE platform_accounts SET status = 'BANNED', "updatedAt" = now()
     WHERE status = 'ACTIVE' AND id IN (SELECT "accountId" FROM live_rooms WHERE id = ANY($1::text[])) RETURNING id`,
    [roomIds],
  );
  if (res.rows.length === 0) return 0;
  const ids = res.rows.map(() => randomUUID());
  await client.query(
    `INSERT INTO enforcement_actions (id, kind, "roomId", "accountId", "actorId", "actorEmail", reason, "batchId", "idempotencyKey", delivery)
     SELECT id, 'BAN', NULL, acc, $1, $2, $3, $4, id, 'PENDING' FROM unnest($5::text[], $6::text[]) AS u(id, acc)`,
    [actor.id, actor.email, reason, batchId, ids, res.rows.map((r) => r.id)],
  );
  await enqueueDelivery(deps.enforce.queue, client, ids);
  return res.rows.length;
}
