import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZSelection, SelectionError } from "../../takedown/selection";
import { previewBatch } from "../../takedown/preview-batch";
import { confirmBatch, decideBatch } from "../../takedown/confirm-batch";
import { cancelBatch, restoreBatch, retryFailures } from "../../takedown/batch-ops";
import { batchProgress } from "../../takedown/batch-progress";
import { BatchError } from "../../takedown/types";
import { listBatches, batchDetail, ZBatchListFilter } from "../../takedown/batch-queries";

const ZBatchId = z.string().uuid();
const ZReason = z.string().trim().min(3, "a policy reason is required").max(500);

function asTrpc(e: unknown): never {
  if (e instanceof BatchError) throw new TRPCError({ code: e.code, message: e.message });
  if (e instanceof SelectionError) throw new TRPCError({ code: "BAD_REQUEST", message: e.message });
  throw e;
}

const act = capabilityProcedure("wall:act");
const approve = capabilityProcedure("takedown:approve");
const read = capabilityProcedure("takedown:read");

export const takedownRouter = router({
  /** Resolves a selection to a snapshot (a draft batch) with its count and a sample. */
  preview: act
    .meta({ heavy: true })
    .input(z.object({ selection: ZSelection }))
    .mutation(({ ctx, input }) =>
      previewBatch(ctx.rt.services.takedown, { ...ctx.actor, id: ctx.user.id, email: ctx.user.email, role: ctx.user.role }, input.selection).catch(asTrpc),
    ),
  confirm: act
    .input(z.object({ batchId: ZBatchId, reason: ZReason, banAccounts: z.boolean().default(false), endOtherRooms: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      confirmBatch(ctx.rt.services.takedown, { ...ctx.actor, id: ctx.user.id, email: ctx.user.email, role: ctx.user.role }, input).catch(asTrpc),
    ),
  decide: approve
    .input(z.object({ batchId: ZBatchId, approve: z.boolean(), reason: z.string().trim().min(3, "give a reason").max(500) }))
    .mutation(({ ctx, input }) =>
      decideBatch(
        ctx.rt.services.takedown,
        { ...ctx.actor, id: ctx.user.id, email: ctx.user.email, role: ctx.user.role },
        input.batchId,
        input.approve,
        input.reason,
      ).catch(asTrpc),
    ),
  cancel: approve
    .input(z.object({ batchId: ZBatchId }))
    .mutation(({ ctx, input }) => cancelBatch(ctx.rt.services.takedown, ctx.actor, input.batchId).catch(asTrpc)),
  retryFailures: approve
    .input(z.object({ batchId: ZBatchId }))
    .mutation(({ ctx, input }) => retryFailures(ctx.rt.services.takedown, ctx.actor, input.batchId).catch(asTrpc)),
  restore: approve
    .input(z.object({ batchId: ZBatchId, roomIds: z.array(z.string().min(1).max(128)).min(1).max(50_000).nullable(), reason: ZReason }))
    .mutation(({ ctx, input }) => restoreBatch(ctx.rt.services.takedown, ctx.actor, input.batchId, input.roomIds, input.reason).catch(asTrpc)),
  progress: read.input(z.object({ batchId: ZBatchId })).query(({ ctx, input }) => batchProgress(ctx.rt.pool, input.batchId)),
  list: read.input(ZBatchListFilter).query(({ ctx, input }) => listBatches(ctx.rt.db, input)),
  detail: read
    .meta({ heavy: true })
    .input(z.object({ batchId: ZBatchId }))
    .query(async ({ ctx, input }) => {
      const d = await batchDetail(ctx.rt.db, ctx.rt.pool, input.batchId);
      if (!d) throw new TRPCError({ code: "NOT_FOUND", message: "No such batch" });
      return d;
    }),
  pendingApprovals: approve.query(({ ctx }) =>
    ctx.rt.db.takedownBatch.findMany({
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
    }),
  ),
});
