import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZClusterId } from "../../contracts/ids";
import { capabilityProcedure, router } from "../init";
import { clusterDetail, listClusters, resolveClusterId, ZClusterSort } from "../../clusters/cluster-queries";
import { currentAlert } from "../../clusters/wave-detector";
import { recordAudit } from "../../audit/audit-log";
import { addToOpenIncidents } from "../../incidents/timeline";


export const clustersRouter = router({
  list: capabilityProcedure("clusters:read")
    .meta({ heavy: true })
    .input(z.object({ sort: ZClusterSort.default("size"), limit: z.number().int().min(1).max(1000).default(200) }))
    .query(({ ctx, input }) => listClusters(ctx.rt.pool, input.sort, input.limit)),

  detail: capabilityProcedure("clusters:read")
    .meta({ heavy: true })
    .input(z.object({ id: ZClusterId }))
    .query(async ({ ctx, input }) => {
      const id = await resolveClusterId(ctx.rt.pool, input.id);
      const d = id ? await clusterDetail(ctx.rt.pool, id) : null;
      if (!d) throw new TRPCError({ code: "NOT_FOUND", message: "No such cluster" });
      return { ...d, mergedFrom: id !== input.id ? input.id : null };
    }),

  /** Accounts that join a watched cluster later are flagged automatically. */
  setWatch: capabilityProcedure("clusters:act")
    .input(z.object({ id: ZClusterId, watched: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const id = await resolveClusterId(ctx.rt.pool, input.id);
      if (!id) throw new TRPCError({ code: "NOT_FOUND", message: "No such cluster" });
      await ctx.rt.db.accountCluster.update({ where: { id }, data: { watched: input.watched, watchedBy: input.watched ? ctx.user.email : null } });
      await recordAudit(ctx.rt.db, ctx.actor, { action: input.watched ? "cluster.watch" : "cluster.unwatch", targetType: "cluster", targetId: id });
      await addToOpenIncidents(
        ctx.rt.pool,
        "cluster",
        `${ctx.user.email} ${input.watched ? "is watching" : "stopped watching"} cluster ${id}`,
        ctx.user.email,
        { clusterId: id },
      );
      return { id, watched: input.watched };
    }),

  /** The open attack-wave alert, if any. */
  currentAlert: capabilityProcedure("alerts:read").query(({ ctx }) => currentAlert(ctx.rt.pool)),

  acknowledgeAlert: capabilityProcedure("alerts:read")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.rt.db.attackAlert.update({ where: { id: input.id }, data: { acknowledgedBy: ctx.user.email } });
      await recordAudit(ctx.rt.db, ctx.actor, { action: "alert.acknowledge", targetType: "attack_alert", targetId: input.id });
      return { ok: true };
    }),
});
