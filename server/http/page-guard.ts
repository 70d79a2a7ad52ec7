import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getRuntime } from "../app/runtime";
import { getSessionState, getSessionUser, type SessionState, type SessionUser } from "../auth/session";
import { policyOf } from "../auth/auth";
import { stepUpMethods } from "../auth/step-up";
import { can, type Capability } from "../contracts/roles";
import { currentAlert } from "../clusters/wave-detector";

/**
 * For server components: the signed-in user, or a redirect — to the sign-in page, or to /account
 * when the session may not use the console yet (no role assigned, second factor not set up).
 */
export async function requireUser(): Promise<SessionUser> {
  const state = await getSessionState(getRuntime().auth, await headers());
  if (state.status === "signed-out") redirect("/sign-in");
  if (state.status !== "active") redirect("/account");
  return state.user;
}

/** For the account page: what the session amounts to (it is the one page a restricted session may see). */
export async function currentSessionState(): Promise<SessionState> {
  return getSessionState(getRuntime().auth, await headers());
}

/** What the sign-in and account pages offer: passwords, the SSO button, whether a second factor is required. */
export function signInOptions() {
  const policy = policyOf(getRuntime().auth);
  return {
    passwords: policy.localPasswords,
    sso: policy.sso ? { id: policy.sso.id, name: policy.sso.name } : null,
    twoFactorRoles: policy.twoFactorRoles,
    stepUpMinutes: policy.stepUpMinutes,
  };
}

/** The user if they hold the capability, else null (the page shows "no access"). */
export async function userWith(capability: Capability): Promise<{ user: SessionUser; allowed: boolean }> {
  const user = await requireUser();
  return { user, allowed: can(user.role, capability) };
}

/** For pages that show themselves only when signed out (sign-in): the user, if any. */
export async function currentUser(): Promise<SessionUser | null> {
  return getSessionUser(getRuntime().auth, await headers());
}

/** What the console's frame renders with the page (so nothing appears later and shifts it). */
export async function shellData(user: SessionUser) {
  return { initialAlert: can(user.role, "alerts:read") ? await currentAlert(getRuntime().pool) : null };
}

/** Settings the browser needs and may know (thumbnail hosts the CSP allows). */
export function publicSettings() {
  return { thumbnailHosts: getRuntime().env.THUMBNAIL_HOSTS };
}

/** How the signed-in person can re-confirm who they are (the account page's password and code forms). */
export async function accountMethods(userId: string) {
  const { db, auth } = getRuntime();
  return stepUpMethods({ db, policy: policyOf(auth) }, userId);
}
