import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZUuid } from "../../contracts/ids";
import { ZPlaybookInput, ZReason } from "../../contracts/rules";
import { createPlaybook, decideArm, disarmPlaybook, listPlaybooks, listRuns, requestArm, updatePlaybook } from "../../playbooks/manage";
import { cancelRun } from "../../playbooks/runs";
import { requireRecentAuth } from "../../auth/step-up";

const read = capabilityProcedure("playbooks:read");
const manage = capabilityProcedure("playbooks:manage");
const ById = z.object({ id: ZUuid });

/** Playbooks: armed by two leads in advance, run on the attack-wave alert after a veto window. */
export const playbooksRouter = router({
  list: read.query(({ ctx }) => listPlaybooks(ctx.services.playbooks)),
  runs: read.input(z.object({ pendingOnly: z.boolean().default(false) })).query(({ ctx, input }) => listRuns(ctx.services.playbooks, input)),
  create: manage.input(ZPlaybookInput).mutation(({ ctx, input }) => createPlaybook(ctx.services.playbooks, ctx.actor, input)),
  update: manage.input(ZPlaybookInput.extend({ id: ZUuid })).mutation(({ ctx, input }) => {
    const { id, ...rest } = input;
    return updatePlaybook(ctx.services.playbooks, ctx.actor, id, rest);
  }),
  requestArm: manage.input(ById.extend({ reason: ZReason })).mutation(({ ctx, input }) => {
    requireRecentAuth(ctx.user);
    return requestArm(ctx.services.playbooks, ctx.actor, input.id, input.reason);
  }),
  decideArm: capabilityProcedure("rules:approve")
    .input(ById.extend({ approve: z.boolean(), reason: ZReason }))
    .mutation(({ ctx, input }) => {
      if (input.approve) requireRecentAuth(ctx.user);
      return decideArm(ctx.services.playbooks, ctx.actor, input.id, input.approve, input.reason);
    }),
  disarm: manage
    .input(ById.extend({ reason: ZReason }))
    .mutation(({ ctx, input }) => disarmPlaybook(ctx.services.playbooks, ctx.actor, input.id, input.reason)),
  /** Veto a pending run, or stop (and undo) one that ran. */
  cancelRun: manage.input(ById.extend({ reason: ZReason })).mutation(({ ctx, input }) => cancelRun(ctx.services.playbooks, ctx.actor, input.id, input.reason)),
});
