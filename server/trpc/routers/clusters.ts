import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZClusterId, ZUuid } from "../../contracts/ids";
import { getClusterDetail, listClusters, ZClusterSort } from "../../clusters/cluster-queries";
import { setClusterWatch } from "../../clusters/watch";
import { acknowledgeAlert, currentAlert } from "../../clusters/wave-detector";

const read = capabilityProcedure("clusters:read");

export const clustersRouter = router({
  list: read

    .input(z.object({ sort: ZClusterSort.default("size"), limit: z.number().int().min(1).max(1000).default(200) }))
    .query(({ ctx, input }) => listClusters(ctx.services.clusters.pool, input.sort, input.limit)),

  detail: read.input(z.object({ id: ZClusterId })).query(({ ctx, input }) => getClusterDetail(ctx.services.clusters.pool, input.id)),

  /** Accounts that join a watched cluster later are flagged automatically. */
  setWatch: capabilityProcedure("clusters:act")
    .input(z.object({ id: ZClusterId, watched: z.boolean() }))
    .mutation(({ ctx, input }) => setClusterWatch(ctx.services.clusters, ctx.actor, input.id, input.watched)),

  /** The open attack-wave alert, if any. */
  currentAlert: capabilityProcedure("alerts:read").query(({ ctx }) => currentAlert(ctx.services.clusters.pool)),

  acknowledgeAlert: capabilityProcedure("alerts:read")
    .input(z.object({ id: ZUuid }))
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx.services.clusters.pool, ctx.actor, input.id)),
});
