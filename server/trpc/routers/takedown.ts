import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZSelection } from "../../contracts/takedown";
import { ZRoomId, ZUuid } from "../../contracts/ids";
import { previewBatch } from "../../takedown/preview-batch";
import { batchSize, confirmBatch, decideBatch } from "../../takedown/confirm-batch";
import { requireRecentAuth } from "../../auth/step-up";
import { cancelBatch, restoreBatch, retryFailures } from "../../takedown/batch-ops";
import { batchProgress } from "../../takedown/batch-progress";
import { listBatches, batchDetail, listDecisions, listPendingApprovals, ZBatchListFilter, ZDecisionListFilter } from "../../takedown/batch-queries";

const ZReason = z.string().trim().min(3, "a policy reason is required").max(500);

const act = capabilityProcedure("wall:act");
const approve = capabilityProcedure("takedown:approve");
const read = capabilityProcedure("takedown:read");

export const takedownRouter = router({
  /** People's single decisions from the wall, and their undos. */
  decisions: read.input(ZDecisionListFilter).query(({ ctx, input }) => listDecisions(ctx.services.takedown.db, input)),
  /** Resolves a selection to a snapshot (a draft batch) with its count and a sample. */
  preview: act.input(z.object({ selection: ZSelection })).mutation(({ ctx, input }) => previewBatch(ctx.services.takedown, ctx.actor, input.selection)),
  confirm: act
    .input(z.object({ batchId: ZUuid, reason: ZReason, banAccounts: z.boolean().default(false), endOtherRooms: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      // A mass takedown over the four-eyes threshold needs a recently authenticated session.
      const threshold = ctx.services.takedown.enforce.fourEyes?.threshold;
      if (threshold !== undefined && (await batchSize(ctx.services.takedown, input.batchId)) > threshold) requireRecentAuth(ctx.user);
      return confirmBatch(ctx.services.takedown, ctx.actor, input);
    }),
  decide: approve
    .input(z.object({ batchId: ZUuid, approve: z.boolean(), reason: z.string().trim().min(3, "give a reason").max(500) }))
    .mutation(({ ctx, input }) => {
      if (input.approve) requireRecentAuth(ctx.user);
      return decideBatch(ctx.services.takedown, ctx.actor, input.batchId, input.approve, input.reason);
    }),
  cancel: approve.input(z.object({ batchId: ZUuid })).mutation(({ ctx, input }) => cancelBatch(ctx.services.takedown, ctx.actor, input.batchId)),
  retryFailures: approve.input(z.object({ batchId: ZUuid })).mutation(({ ctx, input }) => retryFailures(ctx.services.takedown, ctx.actor, input.batchId)),
  restore: approve
    .input(z.object({ batchId: ZUuid, roomIds: z.array(ZRoomId).min(1).max(50_000).nullable(), reason: ZReason }))
    .mutation(({ ctx, input }) => restoreBatch(ctx.services.takedown, ctx.actor, input.batchId, input.roomIds, input.reason)),
  progress: read.input(z.object({ batchId: ZUuid })).query(({ ctx, input }) => batchProgress(ctx.services.takedown.pool, input.batchId)),
  list: read.input(ZBatchListFilter).query(({ ctx, input }) => listBatches(ctx.services.takedown.db, input)),
  detail: read.input(z.object({ batchId: ZUuid })).query(({ ctx, input }) => batchDetail(ctx.services.takedown.db, ctx.services.takedown.pool, input.batchId)),
  pendingApprovals: approve.query(({ ctx }) => listPendingApprovals(ctx.services.takedown.db)),
});
