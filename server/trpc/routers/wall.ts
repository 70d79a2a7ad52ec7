import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { plainJson } from "../transformer";
import { wallSnapshot } from "../../wall/load-rooms";
import { computeWallStats } from "../../wall/stats";
import { undoDecisions } from "../../wall/undo-decisions";
import { WALL_LIMIT, ZWallFilter } from "../../contracts/wall";
import { ZRoomId, ZUuid } from "../../contracts/ids";
import { actFromWall, claimNext, claimRooms, MAX_CLAIMS, releaseClaims } from "../../wall/claims";
import { can } from "../../contracts/roles";

/** The quick path from the wall: up to this many rooms per decision. Larger selections go through a batch. */
export const QUICK_ACTION_MAX = 200;

const read = capabilityProcedure("wall:read");
const act = capabilityProcedure("wall:act");

export const wallRouter = router({
  snapshot: read

    .input(z.object({ filter: ZWallFilter, limit: z.number().int().min(1).max(WALL_LIMIT).default(WALL_LIMIT) }))
    // Up to 5,000 rooms of plain JSON (times as epoch ms): sent without superjson's walk.
    .query(async ({ ctx, input }) => plainJson(await wallSnapshot(ctx.services.wall.pool, input.filter, input.limit))),

  stats: read.query(({ ctx }) => computeWallStats(ctx.services.wall.pool)),

  act: act
    .input(
      z
        .object({
          kind: z.enum(["TAKEDOWN", "DISMISS", "ESCALATE"]),
          roomIds: z.array(ZRoomId).min(1, "select at least one room").max(QUICK_ACTION_MAX, `at most ${QUICK_ACTION_MAX} rooms; use a mass takedown for more`),
          reason: z.string().trim().max(500).optional(),
        })
        .refine((v) => v.kind !== "TAKEDOWN" || (v.reason?.length ?? 0) >= 3, { message: "a takedown needs a policy reason", path: ["reason"] }),
    )
    .mutation(({ ctx, input }) => actFromWall(ctx.services.wall, ctx.actor, input)),

  /** Claim rooms: others see who is handling them and cannot act on them from the wall. */
  claim: act
    .input(z.object({ roomIds: z.array(ZRoomId).min(1).max(MAX_CLAIMS) }))
    .mutation(({ ctx, input }) => claimRooms(ctx.services.wall, { ...ctx.actor, name: ctx.user.name }, input.roomIds)),
  /** "My queue": claim the next highest-risk unclaimed rooms matching a filter. */
  claimNext: act
    .input(z.object({ filter: ZWallFilter, n: z.number().int().min(1).max(MAX_CLAIMS).default(10) }))
    .mutation(({ ctx, input }) => claimNext(ctx.services.wall, { ...ctx.actor, name: ctx.user.name }, input.filter, input.n)),
  /** Release one's own claims (all, or these rooms); a shift lead may release anyone's. */
  release: act
    .input(z.object({ roomIds: z.array(ZRoomId).min(1).max(WALL_LIMIT).nullable().default(null), anyone: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => releaseClaims(ctx.services.wall, ctx.actor, input.roomIds, input.anyone && can(ctx.user.role, "wall:override"))),

  /** Reverses the caller's own recent decisions (shift leads may reverse anyone's). */
  undo: act
    .input(z.object({ actionIds: z.array(ZUuid).min(1).max(QUICK_ACTION_MAX) }))
    .mutation(({ ctx, input }) => undoDecisions(ctx.services.wall, ctx.actor, input.actionIds)),
});
