import { recordAudit, type Actor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { commitBatch } from "./commit-batch";
import { resolveSelection, type Selection } from "./selection";
import type { TakedownDeps } from "./types";
import { driftNoteText } from "../contracts/takedown";

export interface ConfirmInput {
  batchId: string;
  reason: string;
  banAccounts: boolean;
  endOtherRooms: boolean;
}

/**
 * Confirms a previewed draft. Idempotent: a second confirm (double click, retried request)
 * returns the batch as it is. A moderator's batch above the four-eyes threshold waits for a
 * shift lead; otherwise it runs at once.
 */
export async function confirmBatch(deps: TakedownDeps, actor: Actor, input: ConfirmInput) {
  const b = await deps.db.takedownBatch.findUnique({ where: { id: input.batchId } });
  if (!b) throw DomainError.of("NOT_FOUND", "takedown.previewAgain");
  if (b.createdById !== actor.id) throw DomainError.of("FORBIDDEN", "takedown.onlyPreviewer");
  if (b.status !== "DRAFT") return { batchId: b.id, status: b.status, driftNote: b.driftNote, repeated: true };

  // The snapshot is what was shown; say so if the selection has moved on since.
  let driftNote: string | null = null;
  if (b.selectionKind !== "manual") {
    const now = await resolveSelection(deps.pool, b.selection as Selection);
    const snap = new Set(b.roomIds);
    const added = now.filter((id) => !snap.has(id)).length;
    const gone = b.roomIds.length - now.filter((id) => snap.has(id)).length;
    if (added || gone) driftNote = driftNoteText({ added, gone, used: b.roomIds.length });
  }
  await deps.db.takedownBatch.updateMany({
    where: { id: b.id, status: "DRAFT" },
    data: { reason: input.reason, banAccounts: input.banAccounts, endOtherRooms: input.endOtherRooms, confirmedAt: new Date(), driftNote },
  });
  // Runs it, or — when a moderator's takedowns within the four-eyes window would pass the
  // threshold — turns it into a request for a shift lead (decided under a per-person lock).
  const run = await commitBatch(deps, actor, b.id, ["DRAFT"]);
  const after = await deps.db.takedownBatch.findUniqueOrThrow({ where: { id: b.id }, select: { status: true } });
  return { batchId: b.id, status: after.status, driftNote, repeated: run.alreadyRan };
}

/** How many rooms a batch holds (0 when there is no such batch): what a confirmation would act on. */
export async function batchSize(deps: Pick<TakedownDeps, "pool">, batchId: string): Promise<number> {
  const r = await deps.pool.query<{ n: number }>(`SELECT cardinality("roomIds") AS n FROM takedown_batches WHERE id = $1`, [batchId]);
  return r.rows[0]?.n ?? 0;
}

/** A shift lead approves (runs) or rejects a moderator's batch. */
export async function decideBatch(deps: TakedownDeps, actor: Actor, batchId: string, approve: boolean, reason: string) {
  const b = await deps.db.takedownBatch.findUnique({ where: { id: batchId } });
  if (!b) throw DomainError.of("NOT_FOUND", "takedown.notFound");
  if (b.status !== "PENDING_APPROVAL")
    throw DomainError.of("CONFLICT", "takedown.notPending", { status: b.status.toLowerCase().replace("_", " "), state: b.status });
  if (b.createdById === actor.id) throw DomainError.of("FORBIDDEN", "takedown.fourEyes");
  await deps.db.takedownBatch.update({
    where: { id: batchId },
    data: { approverId: actor.id, approverEmail: actor.email, decidedAt: new Date(), decisionReason: reason, ...(approve ? {} : { status: "REJECTED" }) },
  });
  await recordAudit(deps.db, actor, {
    action: approve ? "takedown.batch.approve" : "takedown.batch.reject",
    targetType: "takedown_batch",
    targetId: batchId,
    reason,
    details: { rooms: b.roomIds.length, requestedBy: b.createdByEmail },
  });
  if (approve) await commitBatch(deps, actor, batchId, ["PENDING_APPROVAL"]);
  deps.notify.decided({ id: batchId, createdById: b.createdById, status: approve ? "RUNNING" : "REJECTED", by: actor.email, reason });
  return { status: approve ? "RUNNING" : "REJECTED" };
}
