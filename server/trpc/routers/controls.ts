import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { listControls, previewScope, rollbackRestore, setControl, startRestore } from "../../controls/controls";
import { ZMode, ZScope } from "../../contracts/controls";

const manage = capabilityProcedure("controls:manage");

export const controlsRouter = router({
  list: capabilityProcedure("controls:read").query(({ ctx }) => listControls(ctx.services.controls)),
  set: manage
    .input(
      z.object({
        scope: ZScope,
        mode: ZMode,
        maxStartsPerMin: z.number().int().min(1).max(1_000_000).nullable().default(null),
        reason: z.string().trim().min(3, "give a reason").max(500),
      }),
    )
    .mutation(({ ctx, input }) => setControl(ctx.services.controls, ctx.actor, input, { refuseSame: true })),
  /** What a control on a scope would touch right now (and, for account age, at each common age). */
  preview: manage.input(z.object({ scope: ZScope })).query(({ ctx, input }) => previewScope(ctx.services.controls, input.scope)),
  restore: manage
    .input(
      z.object({
        scope: ZScope,
        plan: z
          .array(z.number().int().min(1).max(100))
          .min(1)
          .max(6)
          .refine((p) => p.every((x, i) => i === 0 || x > p[i - 1]) && p[p.length - 1] === 100, "stages must rise and end at 100"),
        holdSec: z.number().int().min(1).max(3600),
      }),
    )
    .mutation(({ ctx, input }) => startRestore(ctx.services.controls, ctx.actor, input.scope, input.plan, input.holdSec)),
  rollback: manage.input(z.object({ scope: ZScope })).mutation(({ ctx, input }) => rollbackRestore(ctx.services.controls, ctx.actor, input.scope)),
});
