import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZUuid } from "../../contracts/ids";
import { ZOrderInput, ZOrderScope } from "../../contracts/orders";
import { createOrder, decideOrder, previewOrder } from "../../orders/create-order";
import { liftOrder } from "../../orders/lift-order";
import { getOrder, listOrders } from "../../orders/order-queries";

const ZReason = z.string().trim().min(3, "give a reason").max(500);
const act = capabilityProcedure("wall:act");
const lead = capabilityProcedure("takedown:approve");
const read = capabilityProcedure("takedown:read");

/** Standing containment orders: contain rings now and as they grow, until a lead lifts them. */
export const ordersRouter = router({
  preview: act.input(ZOrderScope).query(({ ctx, input }) => previewOrder(ctx.services.orders, input)),
  create: act.input(ZOrderInput).mutation(({ ctx, input }) => createOrder(ctx.services.orders, ctx.actor, input)),
  decide: lead
    .input(z.object({ id: ZUuid, approve: z.boolean(), reason: ZReason }))
    .mutation(({ ctx, input }) => decideOrder(ctx.services.orders, ctx.actor, input.id, input.approve, input.reason)),
  lift: lead
    .input(z.object({ id: ZUuid, restore: z.boolean(), reason: ZReason }))
    .mutation(({ ctx, input }) => liftOrder(ctx.services.orders, ctx.actor, input.id, { restore: input.restore, reason: input.reason })),
  list: read
    .input(z.object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listOrders(ctx.services.orders.pool, input)),
  get: read.input(z.object({ id: ZUuid })).query(({ ctx, input }) => getOrder(ctx.services.orders.pool, input.id)),
});
