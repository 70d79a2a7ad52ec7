import { authedProcedure, router } from "../init";
import { CAPABILITIES, can, type Capability } from "../../contracts/roles";
import { reconfirm, stepUpMethods, ZReconfirm } from "../../auth/step-up";
import { policyOf } from "../../auth/auth";
import { prefsCookies, savePrefs, ZPrefs } from "../../auth/prefs";

export const meRouter = router({
  /** The signed-in user and what they may do (drives the navigation). */
  get: authedProcedure.query(({ ctx }) => {
    const capabilities = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => can(ctx.user.role, c));
    const policy = policyOf(ctx.services.users.auth);
    return {
      id: ctx.user.id,
      email: ctx.user.email,
      name: ctx.user.name,
      role: ctx.user.role,
      capabilities,
      twoFactor: { enabled: ctx.user.twoFactorEnabled, required: policy.twoFactorRoles.includes(ctx.user.role) },
      /** Until when the session may take the actions that need a recent sign-in without re-confirming. */
      freshUntil: ctx.user.freshUntil,
    };
  }),
  /** How this person can re-confirm (the step-up dialog): password, authenticator code, or the identity provider. */
  stepUpMethods: authedProcedure.query(({ ctx }) => {
    const { db, auth } = ctx.services.users;
    return stepUpMethods({ db, policy: policyOf(auth) }, ctx.user.id);
  }),
  /** Re-confirms with a password or a TOTP code; the session counts as recently authenticated again. */
  reconfirm: authedProcedure.input(ZReconfirm).mutation(({ ctx, input }) => {
    const { db, auth, sessions } = ctx.services.users;
    return reconfirm({ db, auth, policy: policyOf(auth), sessions }, ctx.user, ctx.actor, input);
  }),
  /** Saves the person's language and time zone on their account and in this browser's cookies. */
  setPrefs: authedProcedure.input(ZPrefs).mutation(async ({ ctx, input }) => {
    const saved = await savePrefs(ctx.services.users.db, ctx.user.id, input);
    for (const c of prefsCookies(saved, ctx.request.secure)) ctx.resHeaders?.append("set-cookie", c);
    return saved;
  }),
});
