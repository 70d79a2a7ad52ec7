import { DomainError } from "../errors";
import type { PoolClient } from "pg";
import { recordAudit, type Actor } from "../audit/audit-log";
import { announce, enforceRooms } from "../enforcement/enforce-rooms";
import { banAccounts } from "../enforcement/account-actions";
import { batchProgress } from "./batch-progress";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import type { TakedownDeps } from "./types";
import { counted, takenDownRecently } from "../enforcement/four-eyes";
import { withTransaction } from "../db/transaction";

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
  const out = await withTransaction(deps.pool, async (client) => {
    const b = await lockBatch(client, batchId);
    if (!from.includes(b.status as "DRAFT")) return { state: "already-ran" as const };
    if (b.status === "DRAFT" && (await divertToApproval(deps, client, actor, b))) return { state: "pending-approval" as const, b };
    let roomIds = b.roomIds;
    if (b.endOtherRooms) {
      // The accounts' other live rooms go too: a bot ring restarts streams as fast as we end them.
      const others = await client.query<{ id: string }>(
        `SELECT o.id FROM live_rooms o WHERE o.status = 'LIVE' AND o."accountId" IN (SELECT "accountId" FROM live_rooms WHERE id = ANY($1::text[]))`,
        [roomIds],
      );
      roomIds = [...new Set([...roomIds, ...others.rows.map((r) => r.id)])];
    }
    const res = await enforceRooms(deps.enforce, actor, { kind: "TAKEDOWN", roomIds, reason: b.reason, batchId }, client);
    const accounts = b.banAccounts
      ? (await client.query<{ accountId: string }>(`SELECT DISTINCT "accountId" FROM live_rooms WHERE id = ANY($1::text[])`, [b.roomIds])).rows.map(
          (r) => r.accountId,
        )
      : [];
    const banned = (await banAccounts(client, deps.enforce.queue, actor, accounts, b.reason, { batchId })).length;
    await client.query(
      `UPDATE takedown_batches SET status = 'RUNNING', "committedAt" = now(), "appliedCount" = $2, "bannedCount" = $3, skipped = $4::jsonb,
              "requestedCount" = $5 WHERE id = $1`,
      [batchId, res.applied.length, banned, JSON.stringify(res.skipped), roomIds.length],
    );
    await recordAudit(client, actor, {
      action: "takedown.batch.run",
      targetType: "takedown_batch",
      targetId: batchId,
      reason: b.reason,
      details: { rooms: res.applied.length, skipped: res.skipped.length, banned, endOtherRooms: b.endOtherRooms, requestedBy: b.createdById },
    });
    return {
      state: "ran" as const,
      removed: res.applied.map((a) => ({ id: a.roomId, version: a.version })),
      banned,
      reason: b.reason,
      selectionKind: b.selectionKind,
    };
  });
  if (out.state === "already-ran") return { alreadyRan: true };
  if (out.state === "pending-approval") {
    deps.notify.approvalRequested({ id: out.b.id, requestedBy: actor.email, count: out.b.roomIds.length, reason: out.b.reason ?? "" });
    return { alreadyRan: false, pendingApproval: true };
  }
  const { removed } = out;
  const summary = { banned: out.banned, reason: out.reason, selectionKind: out.selectionKind };
  announce(deps.enforce, "TAKEDOWN", removed);
  await addToOpenIncidents(
    deps.pool,
    "takedown",
    msg("massTakedown", { by: actor.email, rooms: removed.length, banned: summary.banned ?? 0, reason: summary.reason ?? "" }),
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
  await recordAudit(client, actor, {
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
  if (!r.rows[0]) throw DomainError.of("NOT_FOUND", "takedown.notFound");
  return r.rows[0];
}
