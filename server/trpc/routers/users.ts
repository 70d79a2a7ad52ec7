import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ROLES } from "../../contracts/roles";
import { createUser, setUserActive, setUserRole, signInLocks, unlockSignIn, UserError, ZCreateUser } from "../../auth/users";
import { endUserSockets } from "../../realtime/socket-server";

const adminProcedure = capabilityProcedure("users:manage");
const ZUserId = z.string().min(1).max(64);
const ZReason = z.string().trim().max(500).optional();

function asTrpc(e: unknown): never {
  if (e instanceof UserError) throw new TRPCError({ code: e.code, message: e.message });
  throw e;
}

export const usersRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const users = await ctx.rt.db.user.findMany({
      orderBy: [{ deactivatedAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
      select: { id: true, email: true, name: true, role: true, deactivatedAt: true, createdAt: true },
    });
    const sessions = await ctx.rt.db.session.groupBy({
      by: ["userId"],
      where: { expiresAt: { gt: new Date() } },
      _count: { _all: true },
    });
    const active = new Map(sessions.map((s) => [s.userId, s._count._all]));
    const locks = await signInLocks(
      ctx.rt.db,
      users.map((u) => u.email),
    );
    return users.map((u) => ({ ...u, activeSessions: active.get(u.id) ?? 0, signInLockedUntil: locks.get(u.email) ?? null }));
  }),

  create: adminProcedure.input(ZCreateUser).mutation(async ({ ctx, input }) => {
    const user = await createUser(ctx.rt.db, ctx.actor, input).catch(asTrpc);
    return { id: user.id, email: user.email };
  }),

  setRole: adminProcedure.input(z.object({ userId: ZUserId, role: z.enum(ROLES), reason: ZReason })).mutation(async ({ ctx, input }) => {
    await setUserRole(ctx.rt.db, ctx.actor, input.userId, input.role, input.reason).catch(asTrpc);
    endUserSockets(ctx.rt.io, input.userId, "Your role changed. Please sign in again.");
    return { ok: true };
  }),

  /** Lifts the per-account sign-in lock (after too many failed passwords). */
  unlockSignIn: adminProcedure.input(z.object({ userId: ZUserId, reason: ZReason })).mutation(async ({ ctx, input }) => {
    return unlockSignIn(ctx.rt.db, ctx.actor, input.userId, input.reason).catch(asTrpc);
  }),

  setActive: adminProcedure.input(z.object({ userId: ZUserId, active: z.boolean(), reason: ZReason })).mutation(async ({ ctx, input }) => {
    await setUserActive(ctx.rt.db, ctx.actor, input.userId, input.active, input.reason).catch(asTrpc);
    if (!input.active) endUserSockets(ctx.rt.io, input.userId, "Your account was deactivated.");
    return { ok: true };
  }),
});
