import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ROLES } from "../../contracts/roles";
import { changeUserActive, changeUserRole, createUser, listUsers, unlockSignIn, ZCreateUser } from "../../auth/users";

const admin = capabilityProcedure("users:manage");
const ZUserId = z.string().min(1).max(64);
const ZReason = z.string().trim().max(500).optional();

export const usersRouter = router({
  list: admin.query(({ ctx }) => listUsers(ctx.services.users)),
  create: admin
    .input(ZCreateUser)
    .mutation(({ ctx, input }) => createUser(ctx.services.users.db, ctx.actor, input).then((u) => ({ id: u.id, email: u.email }))),
  setRole: admin
    .input(z.object({ userId: ZUserId, role: z.enum(ROLES), reason: ZReason }))
    .mutation(({ ctx, input }) => changeUserRole(ctx.services.users, ctx.actor, input.userId, input.role, input.reason)),
  /** Lifts the per-account sign-in lock (after too many failed passwords). */
  unlockSignIn: admin
    .input(z.object({ userId: ZUserId, reason: ZReason }))
    .mutation(({ ctx, input }) => unlockSignIn(ctx.services.users.db, ctx.actor, input.userId, input.reason)),
  setActive: admin
    .input(z.object({ userId: ZUserId, active: z.boolean(), reason: ZReason }))
    .mutation(({ ctx, input }) => changeUserActive(ctx.services.users, ctx.actor, input.userId, input.active, input.reason)),
});
