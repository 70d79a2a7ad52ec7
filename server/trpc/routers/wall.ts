import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { loadWall } from "../../wall/load-rooms";
import { computeWallStats } from "../../wall/stats";
import { WALL_LIMIT, ZWallFilter } from "../../contracts/wall";
import { enforceRooms, type ActKind } from "../../enforcement/enforce-rooms";
import { can } from "../../contracts/roles";

const ZRoomId = z.string().min(1).max(128);
/** The quick path from the wall: up to this many rooms per decision. Larger selections go through a batch. */
export const QUICK_ACTION_MAX = 200;

const INVERSE: Partial<Record<ActKind, ActKind>> = { TAKEDOWN: "RESTORE", DISMISS: "REOPEN", ESCALATE: "REOPEN" };
const UNDO_WINDOW_MS = 15 * 60 * 1000;

export const wallRouter = router({
  snapshot: capabilityProcedure("wall:read")
    .meta({ heavy: true })
    .input(z.object({ filter: ZWallFilter, limit: z.number().int().min(1).max(WALL_LIMIT).default(WALL_LIMIT) }))
    .query(async ({ ctx, input }) => {
      const at = Date.now();
      const { rooms, total } = await loadWall(ctx.rt.pool, input.filter, input.limit, at);
      return { rooms, total, at };
    }),

  stats: capabilityProcedure("wall:read").query(({ ctx }) => computeWallStats(ctx.rt.pool)),

  act: capabilityProcedure("wall:act")
    .input(
      z
        .object({
          kind: z.enum(["TAKEDOWN", "DISMISS", "ESCALATE"]),
          roomIds: z.array(ZRoomId).min(1, "select at least one room").max(QUICK_ACTION_MAX, `at most ${QUICK_ACTION_MAX} rooms; use a mass takedown for more`),
          reason: z.string().trim().max(500).optional(),
        })
        .refine((v) => v.kind !== "TAKEDOWN" || (v.reason?.length ?? 0) >= 3, { message: "a takedown needs a policy reason", path: ["reason"] }),
    )
    .mutation(({ ctx, input }) => enforceRooms(ctx.rt.services.enforce, ctx.actor, input)),

  /** Reverses the caller's own recent decisions (shift leads may reverse anyone's). */
  undo: capabilityProcedure("wall:act")
    .input(z.object({ actionIds: z.array(z.string().uuid()).min(1).max(QUICK_ACTION_MAX) }))
    .mutation(async ({ ctx, input }) => {
      const actions = (await ctx.rt.db.enforcementAction.findMany({ where: { id: { in: input.actionIds } } })).filter(
        (a): a is typeof a & { roomId: string; kind: ActKind } => a.roomId !== null && a.kind !== "BAN" && a.kind !== "UNBAN",
      );
      if (actions.length !== input.actionIds.length) throw new TRPCError({ code: "NOT_FOUND", message: "Unknown action" });
      const override = can(ctx.user.role, "wall:override");
      for (const a of actions) {
        if (a.actorId !== ctx.user.id && !override) throw new TRPCError({ code: "FORBIDDEN", message: "You can only undo your own decisions" });
        if (Date.now() - a.createdAt.getTime() > UNDO_WINDOW_MS && !override)
          throw new TRPCError({ code: "BAD_REQUEST", message: "Too late to undo; ask a shift lead" });
        if (!INVERSE[a.kind]) throw new TRPCError({ code: "BAD_REQUEST", message: `A ${a.kind.toLowerCase()} cannot be undone` });
      }
      const results = [];
      for (const kind of new Set(actions.map((a) => INVERSE[a.kind]!))) {
        const roomIds = actions.filter((a) => INVERSE[a.kind] === kind).map((a) => a.roomId);
        results.push(await enforceRooms(ctx.rt.services.enforce, ctx.actor, { kind, roomIds, reason: "undo" }));
      }
      return { applied: results.flatMap((r) => r.applied), skipped: results.flatMap((r) => r.skipped) };
    }),
});
