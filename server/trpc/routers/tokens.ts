import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZUuid } from "../../contracts/ids";
import { createIngestToken, listIngestTokens, revokeIngestToken } from "../../ingest/tokens";

const admin = capabilityProcedure("tokens:manage");

export const tokensRouter = router({
  list: admin.query(({ ctx }) => listIngestTokens(ctx.services.tokens.db)),
  /** The token is in this answer only; the server keeps its hash. */
  create: admin
    .input(z.object({ name: z.string().trim().min(1, "a name is required").max(80) }))
    .mutation(({ ctx, input }) => createIngestToken(ctx.services.tokens.db, ctx.actor, input.name)),
  revoke: admin
    .input(z.object({ id: ZUuid }))
    .mutation(async ({ ctx, input }) => ({ revoked: await revokeIngestToken(ctx.services.tokens.db, ctx.actor, input.id) })),
});
