import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ROLES } from "../../contracts/roles";
import { changeUserActive, changeUserRole, createUser, listUsers, resetTwoFactor, unlockSignIn, ZCreateUser } from "../../auth/users";
import { requireRecentAuth } from "../../auth/step-up";
import { policyOf } from "../../auth/auth";
import { accessReview } from "../../auth/access-review";

const admin = capabilityProcedure("users:manage");
const ZUserId = z.string().min(1).max(64);
const ZReason = z.string().trim().max(500).optional();

export const usersRouter = router({
  list: admin.query(({ ctx }) => listUsers(ctx.services.users)),
  // Changing who may do what needs a recently authenticated session (step-up).
  create: admin.input(ZCreateUser).mutation(({ ctx, input }) => {
    requireRecentAuth(ctx.user);
    const { localPasswords } = policyOf(ctx.services.users.auth);
    return createUser(ctx.services.users.db, ctx.actor, input, { localPasswords }).then((u) => ({ id: u.id, email: u.email }));
  }),
  setRole: admin.input(z.object({ userId: ZUserId, role: z.enum(ROLES), reason: ZReason })).mutation(({ ctx, input }) => {
    requireRecentAuth(ctx.user);
    return changeUserRole(ctx.services.users, ctx.actor, input.userId, input.role, input.reason);
  }),
  /** Lifts the per-account sign-in lock (after too many failed passwords). */
  unlockSignIn: admin
    .input(z.object({ userId: ZUserId, reason: ZReason }))
    .mutation(({ ctx, input }) => unlockSignIn(ctx.services.users.db, ctx.actor, input.userId, input.reason)),
  setActive: admin.input(z.object({ userId: ZUserId, active: z.boolean(), reason: ZReason })).mutation(({ ctx, input }) => {
    // Deactivating is the fast, protective move during an incident; giving access back is not.
    if (input.active) requireRecentAuth(ctx.user);
    return changeUserActive(ctx.services.users, ctx.actor, input.userId, input.active, input.reason);
  }),
  /** Removes someone's second factor (a lost phone); they set up a new one at their next sign-in. */
  resetTwoFactor: admin
    .input(z.object({ userId: ZUserId, reason: z.string().trim().min(3, "say why (e.g. lost phone, checked by call)").max(500) }))
    .mutation(({ ctx, input }) => {
      requireRecentAuth(ctx.user);
      return resetTwoFactor(ctx.services.users, ctx.actor, input.userId, input.reason);
    }),
  /** Who holds which role, how they sign in, their second factor and their privileged actions in the last 30 days. */
  accessReview: admin.query(({ ctx }) => accessReview(ctx.services.users)),
});
