import { z } from "zod";
import type { Db } from "../db/prisma";
import { DomainError } from "../errors";
import type { Pool } from "../db/pool";
import { batchProgress } from "./batch-progress";
import { csvCell } from "../lib/csv";

export const ZBatchListFilter = z.object({
  status: z.enum(["PENDING_APPROVAL", "REJECTED", "RUNNING", "COMPLETED", "CANCELLED"]).nullable().default(null),
  actor: z.string().trim().max(254).default(""),
  withFailures: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});
export type BatchListFilter = z.infer<typeof ZBatchListFilter>;

export async function listBatches(db: Db, f: BatchListFilter) {
  const rows = await db.takedownBatch.findMany({
    where: {
      status: f.status ?? { not: "DRAFT" },
      ...(f.actor ? { createdByEmail: { contains: f.actor.toLowerCase() } } : {}),
      ...(f.withFailures ? { actions: { some: { delivery: "FAILED" } } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: f.limit,
    select: {
      id: true,
      status: true,
      createdByEmail: true,
      createdByRole: true,
      reason: true,
      selectionKind: true,
      requestedCount: true,
      appliedCount: true,
      bannedCount: true,
      restoredCount: true,
      approverEmail: true,
      createdAt: true,
      committedAt: true,
      completedAt: true,
      _count: { select: { actions: { where: { delivery: "FAILED" } } } },
    },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, failed: _count.actions }));
}

/** Skipped rooms listed on a batch's page. */
export const SKIPPED_SHOWN = 500;

/** Moderators' batches waiting for a shift lead, oldest first. */
export function listPendingApprovals(db: Db) {
  return db.takedownBatch.findMany({
    where: { status: "PENDING_APPROVAL" },
    orderBy: { confirmedAt: "asc" },
    select: {
      id: true,
      createdByEmail: true,
      requestedCount: true,
      reason: true,
      confirmedAt: true,
      banAccounts: true,
      endOtherRooms: true,
      selectionKind: true,
    },
  });
}

export async function batchDetail(db: Db, pool: Pool, batchId: string) {
  const b = await db.takedownBatch.findUnique({ where: { id: batchId }, omit: { roomIds: true } });
  if (!b) throw DomainError.of("NOT_FOUND", "takedown.notFound");
  const [progress, failures] = await Promise.all([
    batchProgress(pool, batchId),
    db.enforcementAction.findMany({
      where: { batchId, delivery: "FAILED" },
      select: { id: true, kind: true, roomId: true, accountId: true, attempts: true, lastError: true },
      take: 200,
    }),
  ]);
  // A batch can skip tens of thousands of rooms; the page lists the first few hundred.
  const skipped = (b.skipped as { roomId: string; why: string }[] | null) ?? [];
  return { ...b, skipped: skipped.slice(0, SKIPPED_SHOWN), skippedCount: skipped.length, progress, failures };
}

/** Every action of a batch as CSV rows (room, account, delivery, error...), streamed in pages. */
export async function* batchCsv(pool: Pool, batchId: string): AsyncGenerator<string> {
  yield `${[
    "action_id",
    "kind",
    "room_id",
    "room_title",
    "account_id",
    "handle",
    "delivery",
    "attempts",
    "last_error",
    "viewers_at_end",
    "decided_at",
    "delivered_at",
  ].join(",")}\n`;
  let after = "";
  for (;;) {
    const res = await pool.query(
      `SELECT a.id, a.kind, a."roomId", r.title, a."accountId", p.handle, a.delivery, a.attempts, a."lastError", a."viewersAtEnd", a."createdAt", a."deliveredAt"
       FROM enforcement_actions a LEFT JOIN live_rooms r ON r.id = a."roomId" LEFT JOIN platform_accounts p ON p.id = a."accountId"
       WHERE a."batchId" = $1 AND a.id > $2 ORDER BY a.id LIMIT 2000`,
      [batchId, after],
    );
    if (res.rows.length === 0) return;
    yield `${res.rows.map((r) => Object.values(r).map(csvCell).join(",")).join("\n")}\n`;
    after = res.rows[res.rows.length - 1].id;
  }
}

export async function batchExists(pool: Pool, batchId: string): Promise<boolean> {
  return (await pool.query(`SELECT 1 FROM takedown_batches WHERE id = $1`, [batchId])).rowCount === 1;
}

export const ZDecisionListFilter = z.object({
  actor: z.string().trim().max(200).default(""),
  limit: z.number().int().min(1).max(500).default(100),
});
export type DecisionListFilter = z.infer<typeof ZDecisionListFilter>;

/**
 * Single decisions people took from the wall (takedowns, dismissals, escalations, and the
 * restores and reopenings that undo them), newest first: everything not part of a batch, a
 * standing order or a response rule, which have pages of their own.
 */
export async function listDecisions(db: Db, f: DecisionListFilter) {
  const rows = await db.enforcementAction.findMany({
    where: {
      batchId: null,
      orderId: null,
      ruleId: null,
      roomId: { not: null },
      kind: { in: ["TAKEDOWN", "DISMISS", "ESCALATE", "RESTORE", "REOPEN"] },
      ...(f.actor ? { actorEmail: { contains: f.actor.toLowerCase() } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: f.limit,
    select: {
      id: true,
      kind: true,
      roomId: true,
      accountId: true,
      actorEmail: true,
      reason: true,
      delivery: true,
      createdAt: true,
      room: { select: { title: true } },
    },
  });
  const handles = new Map(
    (await db.platformAccount.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.accountId))] } }, select: { id: true, handle: true } })).map((a) => [
      a.id,
      a.handle,
    ]),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    roomId: r.roomId,
    title: r.room?.title ?? null,
    handle: handles.get(r.accountId) ?? null,
    actorEmail: r.actorEmail,
    reason: r.reason,
    delivery: r.delivery,
    at: r.createdAt,
  }));
}
