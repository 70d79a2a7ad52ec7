import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { rollbackRestore, setControl, startRestore, ZMode, ZScope } from "../../controls/controls";

const asTrpc = (e: unknown): never => {
  throw new TRPCError({ code: "BAD_REQUEST", message: e instanceof Error ? e.message : "Control failed" });
};

export const controlsRouter = router({
  list: capabilityProcedure("controls:read").query(({ ctx }) => ctx.rt.db.liveControl.findMany({ orderBy: { updatedAt: "desc" } })),
  set: capabilityProcedure("controls:manage")
    .input(
      z.object({
        scope: ZScope,
        mode: ZMode,
        maxStartsPerMin: z.number().int().min(1).max(1_000_000).nullable().default(null),
        reason: z.string().trim().min(3, "give a reason").max(500),
      }),
    )
    .mutation(({ ctx, input }) => setControl(ctx.rt.services.controls, { ...ctx.actor, email: ctx.user.email }, input).catch(asTrpc)),
  restore: capabilityProcedure("controls:manage")
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
    .mutation(({ ctx, input }) =>
      startRestore(ctx.rt.services.controls, { ...ctx.actor, email: ctx.user.email }, input.scope, input.plan, input.holdSec).catch(asTrpc),
    ),
  rollback: capabilityProcedure("controls:manage")
    .input(z.object({ scope: ZScope }))
    .mutation(({ ctx, input }) => rollbackRestore(ctx.rt.services.controls, { ...ctx.actor, email: ctx.user.email }, input.scope).catch(asTrpc)),
});
