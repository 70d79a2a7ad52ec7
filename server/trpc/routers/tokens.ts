import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { createIngestToken, revokeIngestToken } from "../../ingest/tokens";

const tokenProcedure = capabilityProcedure("tokens:manage");

export const tokensRouter = router({
  list: tokenProcedure.query(({ ctx }) =>
    ctx.rt.db.ingestToken.findMany({
      orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
      select: { id: true, name: true, prefix: true, createdAt: true, revokedAt: true, lastUsedAt: true },
    }),
  ),
  /** The token is in this answer only; the server keeps its hash. */
  create: tokenProcedure
    .input(z.object({ name: z.string().trim().min(1, "a name is required").max(80) }))
    .mutation(({ ctx, input }) => createIngestToken(ctx.rt.db, ctx.actor, input.name)),
  revoke: tokenProcedure
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => ({ revoked: await revokeIngestToken(ctx.rt.db, ctx.actor, input.id) })),
});
